import type { ExpectedRevision, Position } from './event-store.port.js';

/** Every failure of the port is one of these; `code` is stable and machine-readable. */
export abstract class EventStoreError extends Error {
  abstract readonly code: string;
  override readonly name = this.constructor.name;
}

export type ActualRevision = number | 'no_stream';

export class WrongExpectedRevisionError extends EventStoreError {
  readonly code = 'wrong-expected-revision';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: ActualRevision,
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
  }
}

export class StreamNotFoundError extends EventStoreError {
  readonly code = 'stream-not-found';
  constructor(readonly streamId: string) {
    super(`stream ${streamId} not found`);
  }
}

export class InvalidStreamIdError extends EventStoreError {
  readonly code = 'invalid-stream-id';
  constructor(
    readonly streamId: unknown,
    readonly reason: string,
  ) {
    super(`invalid stream id ${JSON.stringify(streamId) ?? String(streamId)}: ${reason}`);
  }
}

export class InvalidExpectedRevisionError extends EventStoreError {
  readonly code = 'invalid-expected-revision';
  constructor(readonly value: unknown) {
    super(`expected revision must be a non-negative integer, "no_stream" or "any"; got ${JSON.stringify(value) ?? String(value)}`);
  }
}

/** The event itself is malformed: no events, bad type, data or metadata that is not JSON, a bad id. */
export class InvalidEventError extends EventStoreError {
  readonly code = 'invalid-event';
  constructor(
    readonly index: number,
    readonly reason: string,
  ) {
    super(`event #${index}: ${reason}`);
  }
}

export class EventTooLargeError extends EventStoreError {
  readonly code = 'event-too-large';
  constructor(
    readonly index: number,
    readonly size: number,
    readonly limit: number,
  ) {
    super(`event #${index} is ${size} bytes; the limit is ${limit}`);
  }
}

export class DuplicateEventIdError extends EventStoreError {
  readonly code = 'duplicate-event-id';
  constructor(readonly eventId: string) {
    super(`an event with id ${eventId} is already stored`);
  }
}

export class EventStoreClosedError extends EventStoreError {
  readonly code = 'event-store-closed';
  constructor() {
    super('the event store is closed or shutting down');
  }
}

export class EventStoreUnavailableError extends EventStoreError {
  readonly code = 'event-store-unavailable';
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`the event store is unavailable: ${reason}`, options);
  }
}

/** A stored record that cannot be decoded: the storage itself was damaged. */
export class CorruptEventError extends EventStoreError {
  readonly code = 'corrupt-event';
  constructor(
    readonly streamId: string,
    readonly revision: number,
    readonly position: Position,
    reason: string,
  ) {
    super(`stored event ${streamId}@${revision} (position ${position}) cannot be read: ${reason}`);
  }
}

export class InvalidReadOptionsError extends EventStoreError {
  readonly code = 'invalid-read-options';
  constructor(reason: string) {
    super(`invalid read options: ${reason}`);
  }
}

/**
 * A read from a position that is no event's: EventStoreDB positions are byte offsets in its
 * log, and a read can only start where a record starts. Client input (HTTP 400), or a caller
 * that computed a position instead of taking one from an event (page with `afterPosition`).
 */
export class InvalidPositionError extends EventStoreError {
  readonly code = 'invalid-position';
  constructor(readonly position: Position) {
    super(`position ${position} is not the position of an event in the log; use a position taken from an event (or 0)`);
  }
}

/** An append whose events together exceed what EventStoreDB takes in one append (its MaxAppendSize). */
export class AppendTooLargeError extends EventTooLargeError {
  constructor(size: number, limit: number) {
    super(-1, size, limit);
    this.message = `the events of this append are ${size} bytes together; the event store takes at most ${limit} bytes per append`;
  }
}

/** The event store refused the service's user: the operator's to mend (users, ACLs), not worth retrying. */
export class EventStoreAccessDeniedError extends EventStoreError {
  readonly code = 'event-store-access-denied';
  constructor(reason: string) {
    super(`the event store refused access: ${reason}`);
  }
}
