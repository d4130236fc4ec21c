import {
  AccessDeniedError,
  BACKWARDS,
  END,
  FORWARDS,
  MaxAppendSizeExceededError,
  NO_STREAM,
  START as ESDB_START,
  StreamNotFoundError as EsdbStreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type EventStoreDBClient,
  type AllStreamSubscription,
  type EventData,
  type Position as EsdbPosition,
  type ReadPosition,
  type RecordedEvent,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { systemClock, type Clock } from '../../shared/clock.js';
import type { JsonObject } from '../../shared/json.js';
import { DEFAULT_MAX_EVENT_BYTES, assertExpectedRevision, assertStreamId, prepareEvents, type PreparedEvent } from '../append-input.js';
import {
  CorruptEventError,
  DuplicateEventIdError,
  EventStoreClosedError,
  EventStoreError,
  AppendTooLargeError,
  EventStoreAccessDeniedError,
  EventStoreUnavailableError,
  InvalidPositionError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
  type ActualRevision,
} from '../event-store.errors.js';
import { START, type AppendOptions, type AppendResult, type EventMetadata, type EventStore, type EventSubscription, type ExpectedRevision, type NewEvent, type Position, type ReadAllOptions, type ReadStreamOptions, type StoredEvent, type SubscribeOptions } from '../event-store.port.js';
import { GENESIS_HASH, seal } from '../hash-chain.js';
import { checkReadAllOptions, checkReadStreamOptions, checkSubscribeOptions, inCategories } from '../read-options.js';
import { connectEventStore, type EventStoreCredentials } from './connection-string.js';

/*
 * POSITIONS — the port's `Position` is EventStoreDB's COMMIT position.
 *
 * An EventStoreDB position is a pair {commit, prepare} of transaction-log byte offsets.
 * Every append made through gRPC is an implicit transaction: each event is one prepare
 * record flagged "committed", written contiguously by the single log writer. When such
 * an event is read from $all (or, since server 22.6, from a stream: KurrentDB PR #3459),
 * the server reports commit = prepare = that record's own log position (the two differ
 * only for explicit transactions, a legacy TCP-only feature that gRPC cannot produce:
 * KurrentDB issue #3989). So for every event in the log, the commit position is unique,
 * and $all order — ordered by (commit, prepare) — is ordered by commit alone: the events
 * of one multi-event append get distinct, increasing commit positions. The prepare
 * position is NOT used, because the *append result*'s position is {commit: log position
 * of the LAST event, prepare: transaction position = that of the FIRST event}: only its
 * commit part names an event. The AppendResult's events take their positions from the
 * server (read back after the write), so they agree with readAll and subscribeToAll.
 *
 * The reverse mapping sends p to {commit: p, prepare: p}. The server can only start a read
 * where a record starts; elsewhere it answers "invalid position" (and logs a warning with a
 * stack trace). So reads start only at positions taken from records: `fromPosition` must be
 * an event's (or START), `afterPosition` is read from and then dropped, and a position that
 * is no record's is refused with InvalidPositionError (HTTP 400), never searched for.
 * Backwards reads never start at a caller's position: the server reads backwards
 * exclusively from a record boundary, so they read the event at p forwards first (which
 * checks p) and go backwards from it.
 *
 * LEADER — a cluster's followers may lag. Every read and append here asks for the leader
 * (`requiresLeader`): a stream head read from a stale follower would make an append fail
 * with a wrong expected revision, and the read-back after a successful append could miss
 * the events just written and report the store unavailable after a write that succeeded.
 * A follower answers NotLeader, and the client reconnects to the leader it names.
 * Subscriptions may be served by any node: they deliver in order, whoever serves them.
 *
 * DUPLICATE EVENT IDS — EventStoreDB does not keep event ids unique across streams (it
 * only makes a retry with the same ids and expected revision idempotent). The port
 * refuses an id that is already stored anywhere, so each id is reserved first in a stream
 * of its own, `event-id/<uuid>` (a name the port's stream ids cannot take: no "/"),
 * holding one `$EventIdReserved` event: a `$` type, so excludeSystemEvents and this
 * adapter's own filter keep reservations out of readAll, headPosition and subscriptions.
 * A reservation left by an append that failed afterwards is taken over once the event it
 * names is found not stored. A retried append whose events were already stored is thus
 * refused with DuplicateEventIdError, exactly as the SQLite adapter does.
 * Two limits of this, accepted: (1) the reservation streams stay, one small stream per event
 * (they are what keeps an id from ever being stored twice; giving them a $maxAge would let
 * a scavenge forget ids); (2) a takeover cannot tell an append still in flight elsewhere
 * from one that failed: if two processes append the same event id at the same moment, the
 * second may take the reservation over while the first's append is on its way; the stream's
 * expected revision still lets only one of them write that revision, and the id check on
 * read-back catches the rest. Both are described in src/event-store/README.md.
 */

/** What the adapter uses of the client: the real one, or a stand-in in unit tests. */
export type EventStoreDbClientLike = Pick<EventStoreDBClient, 'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'>;

export interface EventStoreDbEventStoreOptions {
  /** e.g. `esdb://node1:2113,node2:2113,node3:2113?tls=true&tlsCAFile=/certs/ca/ca.crt`. */
  readonly connectionString: string;
  /** The service user to sign in as; the password from a secret file (EVENTSTORE_PASSWORD_FILE). */
  readonly credentials?: EventStoreCredentials;
  /** A client to use instead of connecting (tests). */
  readonly client?: EventStoreDbClientLike;
  readonly clock?: Clock;
  readonly maxEventBytes?: number;
  /**
   * The server's MaxAppendSize (KurrentDB default 1 MiB): the data, metadata and twice the
   * type's length of all events of one append together. Larger appends are refused here,
   * before anything (a reservation) is written.
   */
  readonly maxAppendBytes?: number;
  /** The first wait before a dropped subscription is made again; doubled on each failure in a row. */
  readonly resubscribeDelayMs?: number;
  /** The longest wait between two attempts to resubscribe. */
  readonly resubscribeMaxDelayMs?: number;
  /** Where dropped subscriptions are reported. */
  readonly log?: EventStoreDbLog;
}

export interface EventStoreDbLog {
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

const RESERVATION_STREAM_PREFIX = 'event-id/';
const RESERVATION_EVENT_TYPE = '$EventIdReserved';
/** Attempts of an `any` append that keeps losing a race with another process. */
const ANY_APPEND_ATTEMPTS = 8;
const RAW_PAGE = 512;
/** What a server older than 22.6 puts where a stream read's position should be. */
const NO_POSITION = 18446744073709551615n;
/** KurrentDB's default MaxAppendSize. */
export const DEFAULT_MAX_APPEND_BYTES = 1024 * 1024;
const LEADER = { requiresLeader: true } as const;
const SILENT: EventStoreDbLog = { warn: () => undefined, error: () => undefined };

interface StoredMetadata extends EventMetadata {
  readonly schemaVersion: number;
}

interface Head {
  readonly revision: number;
  readonly hash: string;
}

interface RawEvent {
  readonly position: Position;
  readonly event: RecordedEvent;
}

export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDbClientLike;
  private readonly clock: Clock;
  private readonly maxEventBytes: number;
  private readonly maxAppendBytes: number;
  private readonly resubscribeDelayMs: number;
  private readonly resubscribeMaxDelayMs: number;
  private readonly log: EventStoreDbLog;
  private readonly streamLocks = new Map<string, Promise<unknown>>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly subscriptions = new Set<EventSubscription>();
  private state: 'open' | 'closing' | 'closed' = 'open';

  constructor(options: EventStoreDbEventStoreOptions) {
    this.client = options.client ?? connectEventStore(options.connectionString, options.credentials);
    this.clock = options.clock ?? systemClock;
    this.maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
    this.maxAppendBytes = options.maxAppendBytes ?? DEFAULT_MAX_APPEND_BYTES;
    this.resubscribeDelayMs = options.resubscribeDelayMs ?? 1000;
    this.resubscribeMaxDelayMs = Math.max(this.resubscribeDelayMs, options.resubscribeMaxDelayMs ?? 30_000);
    this.log = options.log ?? SILENT;
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (this.state !== 'open') throw new EventStoreClosedError();
    assertStreamId(streamId);
    const expectedRevision: unknown = (options as Partial<AppendOptions> | undefined)?.expectedRevision;
    assertExpectedRevision(expectedRevision);
    const prepared = prepareEvents(events, this.maxEventBytes);
    const recordedAt = this.clock.now().toISOString();
    const task = this.serialised(streamId, () => this.write(streamId, expectedRevision, prepared, recordedAt));
    this.inFlight.add(task);
    const forget = () => this.inFlight.delete(task);
    task.then(forget, forget);
    return task;
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<readonly StoredEvent[]> {
    this.assertOpen();
    assertStreamId(streamId);
    const { direction, fromRevision, maxCount } = checkReadStreamOptions(options);
    const read = await this.readStreamRaw(streamId, {
      direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
      fromRevision: fromRevision === undefined ? (direction === 'forwards' ? ESDB_START : END) : BigInt(fromRevision),
      maxCount,
    });
    if (read === undefined) throw new StreamNotFoundError(streamId);
    return read.map((resolved) => toStoredEvent(resolved.event, streamPosition(resolved)));
  }

  async readAll(options?: ReadAllOptions): Promise<readonly StoredEvent[]> {
    this.assertOpen();
    const { direction, fromPosition, afterPosition, maxCount, categories } = checkReadAllOptions(options);
    // The client's readAll takes no server-side filter: the categories are picked from the pages read.
    const wanted = (event: RecordedEvent) => isOurs(event) && inCategories(event.streamId, categories);
    const raw =
      direction === 'forwards'
        ? await this.ourEventsForwards(afterPosition !== undefined ? { after: afterPosition } : { from: fromPosition ?? START }, maxCount, wanted)
        : await this.ourEventsBackwards(fromPosition, maxCount, wanted);
    return raw.map(({ event, position }) => toStoredEvent(event, position));
  }

  subscribeToAll(options: SubscribeOptions = {}): EventSubscription {
    this.assertOpen();
    const { afterPosition, categories } = checkSubscribeOptions(options);
    const subscription = this.liveSubscription(afterPosition, categories);
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<Position> {
    this.assertOpen();
    const [last] = await this.ourEventsBackwards(undefined, 1);
    return last?.position ?? START;
  }

  async close(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'closing';
    await Promise.allSettled([...this.inFlight]);
    this.state = 'closed';
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.client.dispose();
  }

  // ---------------------------------------------------------------- appending

  /** Appends to one stream from this process go one at a time: no self-inflicted races. */
  private serialised<R>(streamId: string, run: () => Promise<R>): Promise<R> {
    const previous = this.streamLocks.get(streamId) ?? Promise.resolve();
    const next = previous.then(run, run);
    const tail = next.then(
      () => undefined,
      () => undefined,
    );
    this.streamLocks.set(streamId, tail);
    void tail.then(() => {
      if (this.streamLocks.get(streamId) === tail) this.streamLocks.delete(streamId);
    });
    return next;
  }

  private async write(streamId: string, expected: ExpectedRevision, events: readonly PreparedEvent[], recordedAt: string): Promise<AppendResult> {
    for (let attempt = 1; ; attempt += 1) {
      const head = await this.readHead(streamId);
      const actual: ActualRevision = head ? head.revision : 'no_stream';
      if (!revisionMatches(expected, actual)) throw new WrongExpectedRevisionError(streamId, expected, actual);
      const first = head ? head.revision + 1 : 0;
      let prevHash = head?.hash ?? GENESIS_HASH;
      const sealed = events.map((event, index) => {
        const envelope = seal({ ...event, streamId, revision: first + index, metadata: { ...event.metadata, recordedAt, prevHash } });
        prevHash = envelope.metadata.hash;
        return envelope;
      });
      const data = sealed.map(toEventData);
      const size = data.reduce((sum, event) => sum + sizeOnDisk(event), 0);
      if (size > this.maxAppendBytes) throw new AppendTooLargeError(size, this.maxAppendBytes);
      await this.reserveEventIds(streamId, sealed);
      try {
        await this.client.appendToStream(streamId, data, { ...LEADER, expectedRevision: head ? BigInt(head.revision) : NO_STREAM });
      } catch (error) {
        if (error instanceof WrongExpectedVersionError) {
          // Another process appended between our read and our write.
          if (expected === 'any' && attempt < ANY_APPEND_ATTEMPTS) {
            await sleep(5 * attempt);
            continue;
          }
          const current = error.actualVersion;
          throw new WrongExpectedRevisionError(streamId, expected, typeof current === 'bigint' ? Number(current) : 'no_stream');
        }
        // The server's limit is set lower than this service was told (EVENTSTORE_MAX_APPEND_BYTES).
        if (error instanceof MaxAppendSizeExceededError) throw new AppendTooLargeError(size, error.maxAppendSize);
        throw unavailable(error);
      }
      // Positions are the server's: read the events back so they agree with readAll.
      const written = await this.readStreamRaw(streamId, { direction: FORWARDS, fromRevision: BigInt(first), maxCount: sealed.length });
      const stored = (written ?? []).map((resolved) => toStoredEvent(resolved.event, streamPosition(resolved)));
      if (stored.length !== sealed.length || stored.some((event, index) => event.eventId !== sealed[index]!.eventId)) {
        throw new EventStoreUnavailableError(`stream ${streamId}: the events just written could not be read back`);
      }
      const last = stored[stored.length - 1] as StoredEvent;
      return { streamId, nextExpectedRevision: last.revision, position: last.position, events: stored };
    }
  }

  private async readHead(streamId: string): Promise<Head | undefined> {
    const [last] = (await this.readStreamRaw(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })) ?? [];
    if (last === undefined) return undefined;
    const stored = toStoredEvent(last.event, streamPosition(last));
    return { revision: stored.revision, hash: stored.metadata.hash };
  }

  /** Refuses the append, writing nothing to its stream, when one of its ids is already stored. */
  private async reserveEventIds(streamId: string, events: readonly Omit<StoredEvent, 'position'>[]): Promise<void> {
    const outcomes = await Promise.allSettled(events.map((event) => this.reserve(event.eventId, streamId, event.revision)));
    const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private async reserve(eventId: string, streamId: string, revision: number): Promise<void> {
    const reservationStream = `${RESERVATION_STREAM_PREFIX}${eventId}`;
    const reservation = (): EventData => ({
      id: randomUUID(),
      contentType: 'application/json',
      type: RESERVATION_EVENT_TYPE,
      data: { eventId, streamId, revision },
      metadata: undefined,
    });
    try {
      await this.client.appendToStream(reservationStream, reservation(), { ...LEADER, expectedRevision: NO_STREAM });
      return;
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw unavailable(error);
    }
    // Reserved before: by an append that stored the event, or by one that failed after reserving.
    const [previous] = (await this.readStreamRaw(reservationStream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })) ?? [];
    const claim = previous?.event?.data as { streamId?: unknown; revision?: unknown } | undefined;
    if (previous?.event === undefined || typeof claim?.streamId !== 'string' || typeof claim.revision !== 'number') {
      throw new DuplicateEventIdError(eventId);
    }
    const [candidate] =
      (await this.readStreamRaw(claim.streamId, { direction: FORWARDS, fromRevision: BigInt(claim.revision), maxCount: 1 })) ?? [];
    if (candidate?.event?.id.toLowerCase() === eventId) throw new DuplicateEventIdError(eventId);
    try {
      await this.client.appendToStream(reservationStream, reservation(), { ...LEADER, expectedRevision: previous.event.revision });
    } catch (error) {
      // Someone else took it over at the same moment: let them have it.
      if (error instanceof WrongExpectedVersionError) throw new DuplicateEventIdError(eventId);
      throw unavailable(error);
    }
  }

  // ---------------------------------------------------------------- reading

  /** All of a read, or undefined when the stream does not exist. */
  private async readStreamRaw(
    streamId: string,
    options: { direction: typeof FORWARDS | typeof BACKWARDS; fromRevision: bigint | typeof ESDB_START | typeof END; maxCount: number },
  ): Promise<ResolvedEvent[] | undefined> {
    const events: ResolvedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, { ...options, ...LEADER, resolveLinkTos: false })) events.push(resolved);
    } catch (error) {
      if (error instanceof EsdbStreamNotFoundError) return undefined;
      throw unavailable(error);
    }
    return events;
  }

  private async readAllRaw(from: ReadPosition, direction: typeof FORWARDS | typeof BACKWARDS, maxCount: number): Promise<RawEvent[]> {
    const events: RawEvent[] = [];
    try {
      for await (const resolved of this.client.readAll({ fromPosition: from, direction, maxCount, ...LEADER, resolveLinkTos: false })) {
        const raw = toRaw(resolved);
        if (raw) events.push(raw);
      }
    } catch (error) {
      if (isInvalidPosition(error) && typeof from === 'object') throw new InvalidPositionError(from.commit);
      throw unavailable(error);
    }
    return events;
  }

  /** Up to `maxCount` records (ours or not) from `start` (where a record starts), or after it. */
  private async rawForwards(start: { from: Position } | { after: Position }, maxCount: number): Promise<RawEvent[]> {
    const at = 'from' in start ? start.from : start.after;
    if (at === START) return this.readAllRaw(ESDB_START, FORWARDS, maxCount);
    if ('from' in start) return this.readAllRaw(esdbPosition(at), FORWARDS, maxCount);
    // Reading from a record includes it: read one more and drop it.
    return (await this.readAllRaw(esdbPosition(at), FORWARDS, maxCount + 1)).filter((raw) => raw.position > at).slice(0, maxCount);
  }

  private async ourEventsForwards(start: { from: Position } | { after: Position }, maxCount: number, wanted: (event: RecordedEvent) => boolean = isOurs): Promise<RawEvent[]> {
    const ours: RawEvent[] = [];
    let page = await this.rawForwards(start, RAW_PAGE);
    for (;;) {
      for (const raw of page) {
        if (wanted(raw.event)) ours.push(raw);
        if (ours.length === maxCount) return ours;
      }
      if (page.length < RAW_PAGE) return ours;
      page = await this.rawForwards({ after: page.at(-1)!.position }, RAW_PAGE);
      if (page.length === 0) return ours;
    }
  }

  private async ourEventsBackwards(from: Position | undefined, maxCount: number, wanted: (event: RecordedEvent) => boolean = isOurs): Promise<RawEvent[]> {
    const ours: RawEvent[] = [];
    let bound: Position | undefined; // exclusive upper bound, a record boundary (undefined: the end)
    let cursor: ReadPosition = END;
    if (from === START) return ours; // nothing lies at or before the start
    if (from !== undefined) {
      const [atOrAfter] = await this.rawForwards({ from }, 1);
      if (atOrAfter !== undefined) {
        bound = atOrAfter.position;
        cursor = esdbPosition(bound);
        if (atOrAfter.position === from && wanted(atOrAfter.event)) ours.push(atOrAfter);
        if (ours.length === maxCount) return ours;
      }
    }
    for (;;) {
      const page = await this.readAllRaw(cursor, BACKWARDS, RAW_PAGE);
      // Backwards reads from a position exclude it; should a server include it, drop it.
      const fresh = bound === undefined ? page : page.filter((e) => e.position < bound!);
      for (const raw of fresh) {
        if (wanted(raw.event)) ours.push(raw);
        if (ours.length === maxCount) return ours;
      }
      if (page.length < RAW_PAGE || fresh.length === 0) return ours;
      bound = fresh.at(-1)!.position;
      cursor = esdbPosition(bound);
    }
  }

  // ---------------------------------------------------------------- subscribing

  /**
   * Catch-up then live through the server's own subscription, filtered server-side with
   * excludeSystemEvents. When it drops (connection lost, leader change: NotLeader or
   * Unavailable), it is made again from the last position delivered, after a wait that
   * starts at `resubscribeDelayMs` and doubles with each failure in a row (up to
   * `resubscribeMaxDelayMs`), each drop logged; positions at or before the last one are
   * dropped, so nothing is delivered twice. A refusal that no retry mends (access denied,
   * a position that is no record's) ends the subscription with an error instead: the
   * projection it feeds fails visibly rather than resubscribing in silence forever.
   */
  private liveSubscription(afterPosition: Position, categories: readonly string[] | undefined): EventSubscription {
    let closed = false;
    let current: AllStreamSubscription | undefined;
    let cancelDelay: AbortController | undefined;
    const onClose = () => this.subscriptions.delete(subscription);
    const client = this.client;
    const log = this.log;
    const firstDelayMs = this.resubscribeDelayMs;
    const maxDelayMs = this.resubscribeMaxDelayMs;
    const storeOpen = () => this.state !== 'closed';

    async function* events(): AsyncGenerator<StoredEvent> {
      let after = afterPosition;
      let failures = 0;
      try {
        while (!closed && storeOpen()) {
          const source: AllStreamSubscription = client.subscribeToAll({
            fromPosition: after === START ? ESDB_START : esdbPosition(after),
            // With categories, the server sends only their streams (a stream-name filter); system
            // events are then dropped here (isOurs), as one filter cannot name both.
            filter: categories ? streamNameFilter({ regex: categoryRegex(categories) }) : excludeSystemEvents(),
            resolveLinkTos: false,
          });
          current = source;
          try {
            for await (const resolved of source) {
              if (closed) return;
              const raw = toRaw(resolved);
              if (raw === undefined || raw.position <= after) continue;
              failures = 0; // it delivers again
              if (!isOurs(raw.event) || !inCategories(raw.event.streamId, categories)) continue;
              const event = toStoredEvent(raw.event, raw.position);
              yield event;
              after = event.position;
              if (closed) return;
            }
          } catch (error) {
            if (closed || !storeOpen()) return;
            if (error instanceof EventStoreError) throw error;
            const permanent = permanentRefusal(error, after);
            if (permanent) {
              log.error({ after: after.toString(), error: (error as Error).message }, `subscription to $all refused: ${permanent.message}`);
              throw permanent;
            }
            failures += 1;
          } finally {
            current = undefined;
            await source.unsubscribe().catch(() => undefined);
          }
          if (closed) return;
          // The server ended the subscription without an error, or it dropped: make it again.
          const delayMs = Math.min(maxDelayMs, firstDelayMs * 2 ** Math.max(0, failures - 1));
          if (failures > 0) log.warn({ after: after.toString(), failures, retryInMs: delayMs }, `subscription to $all dropped; resubscribing in ${delayMs} ms`);
          cancelDelay = new AbortController();
          await sleep(delayMs, undefined, { signal: cancelDelay.signal }).catch(() => undefined);
          cancelDelay = undefined;
        }
      } finally {
        closed = true;
        onClose();
      }
    }

    const iterator = events();
    const subscription: EventSubscription = {
      [Symbol.asyncIterator]: () => iterator,
      async close() {
        if (closed) return;
        closed = true;
        cancelDelay?.abort();
        await current?.unsubscribe().catch(() => undefined);
        onClose();
      },
    };
    return subscription;
  }

  private assertOpen(): void {
    if (this.state === 'closed') throw new EventStoreClosedError();
  }
}

function revisionMatches(expected: ExpectedRevision, actual: ActualRevision): boolean {
  if (expected === 'any') return true;
  return expected === actual;
}

function esdbPosition(position: Position): EsdbPosition {
  return { commit: position, prepare: position };
}

/** Stream names of the categories (`breach` and `breach-…`) as a server-side filter's regex. */
export function categoryRegex(categories: readonly string[]): string {
  return `^(?:${categories.map((category) => category.replace(/[.]/g, '\\.')).join('|')})(?:-|$)`;
}

function isOurs(event: RecordedEvent): boolean {
  return !event.streamId.startsWith('$') && !event.type.startsWith('$') && !event.streamId.startsWith(RESERVATION_STREAM_PREFIX);
}

function toRaw(resolved: AllStreamResolvedEvent): RawEvent | undefined {
  const { event } = resolved;
  if (event === undefined) return undefined;
  return { event, position: event.position.commit };
}

/** A stream read's event position; servers before 22.6 leave it empty (0 or 2^64 - 1). */
function streamPosition(resolved: ResolvedEvent): Position | undefined {
  const position = resolved.event?.position?.commit;
  return position === undefined || position === 0n || position === NO_POSITION ? undefined : position;
}

function toEventData(event: Omit<StoredEvent, 'position'>): EventData {
  const metadata: StoredMetadata = { ...event.metadata, schemaVersion: event.schemaVersion };
  return {
    id: event.eventId,
    contentType: 'application/json',
    type: event.type,
    data: event.data,
    metadata: metadata as unknown as JsonObject,
  };
}

/** Decodes a stored record into the envelope, exactly as the SQLite adapter returns it. */
function toStoredEvent(event: RecordedEvent | undefined, position: Position | undefined): StoredEvent {
  if (event === undefined) throw new EventStoreUnavailableError('the server returned a link without its event');
  if (position === undefined) {
    throw new EventStoreUnavailableError('the server does not report $all positions on stream reads (EventStoreDB 22.6 or later is needed)');
  }
  const revision = Number(event.revision);
  const corrupt = (reason: string): never => {
    throw new CorruptEventError(event.streamId, revision, position, reason);
  };
  if (!event.isJson) corrupt('not a JSON event');
  if (!isPlainObject(event.data)) corrupt('data is not a JSON object');
  if (!isPlainObject(event.metadata)) corrupt('metadata is not a JSON object');
  const { schemaVersion, ...metadata } = event.metadata as unknown as StoredMetadata;
  if (typeof schemaVersion !== 'number' || !Number.isSafeInteger(schemaVersion) || schemaVersion < 1) corrupt('metadata.schemaVersion is missing');
  for (const field of ['recordedAt', 'prevHash', 'hash', 'commandId', 'correlationId', 'causationId'] as const) {
    if (typeof metadata[field] !== 'string') corrupt(`metadata.${field} is missing`);
  }
  if (!isPlainObject(metadata.actor)) corrupt('metadata.actor is missing');
  return {
    eventId: event.id.toLowerCase(),
    streamId: event.streamId,
    revision,
    position,
    type: event.type,
    schemaVersion,
    data: event.data as JsonObject,
    metadata,
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

function unavailable(error: unknown): Error {
  if (error instanceof EventStoreError) return error;
  return new EventStoreUnavailableError(error instanceof Error ? error.message : String(error), { cause: error });
}

/** Data, metadata and twice the type's length, as KurrentDB counts an event against MaxAppendSize. */
function sizeOnDisk(event: EventData): number {
  const bytes = (value: unknown) => (value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value), 'utf8'));
  return bytes(event.data) + bytes(event.metadata) + event.type.length * 2;
}

/** The server's answer to a read that starts where no record starts. */
function isInvalidPosition(error: unknown): boolean {
  const { code, details, message } = error as { code?: unknown; details?: unknown; message?: unknown };
  return /invalid position/i.test(`${String(details ?? '')} ${String(message ?? '')}`) || (code === GRPC_OUT_OF_RANGE && /position/i.test(String(message ?? '')));
}
const GRPC_OUT_OF_RANGE = 11;

/** A refusal of a subscription that resubscribing cannot mend, as the port's error; undefined for a drop worth retrying. */
function permanentRefusal(error: unknown, after: Position): EventStoreError | undefined {
  if (error instanceof AccessDeniedError) {
    return new EventStoreAccessDeniedError('the service user may not read $all: grant it read access to $all (the $ops group, or an ACL)');
  }
  if (isInvalidPosition(error)) return new InvalidPositionError(after);
  return undefined;
}
