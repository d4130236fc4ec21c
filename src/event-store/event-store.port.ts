import type { JsonObject } from '../shared/json.js';

/**
 * The global position of an event: assigned by the store, strictly increasing in the
 * order events were committed, not necessarily contiguous, and 64-bit (EventStoreDB's
 * commit positions exceed 2^53), hence a bigint. 0n means "before the first event".
 */
export type Position = bigint;
export const START: Position = 0n;

/** What the appender asserts about the stream's current revision (EventStoreDB semantics). */
export type ExpectedRevision = number | 'no_stream' | 'any';

export interface Actor {
  readonly id: string;
  readonly role: string;
}

/** What a command handler supplies about the cause of the events it appends. */
export interface CommandMetadata {
  readonly actor: Actor;
  /** The idempotency key of the command. */
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  /** Further facts about provenance (e.g. an import's source file hash); never a time. */
  readonly extensions?: JsonObject;
}

/** Metadata as stored: the store adds the time and the hash chain; clients never set them. */
export interface EventMetadata extends CommandMetadata {
  /** System time of the service when the append was accepted: UTC ISO-8601 with ms. */
  readonly recordedAt: string;
  readonly prevHash: string;
  readonly hash: string;
}

export interface NewEvent {
  /** A UUID; chosen by the service so it is stable across retries. Generated when absent. */
  readonly eventId?: string;
  readonly type: string;
  /** Per type; old versions are upcast on read, never rewritten. Defaults to 1. */
  readonly schemaVersion?: number;
  readonly data: JsonObject;
  readonly metadata: CommandMetadata;
}

/** The envelope every stored event carries (docs/architecture.md). */
export interface StoredEvent {
  readonly eventId: string;
  readonly streamId: string;
  readonly revision: number;
  readonly position: Position;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: JsonObject;
  readonly metadata: EventMetadata;
}

export interface AppendOptions {
  readonly expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  readonly streamId: string;
  /** The revision of the last event written: the expected revision for the next append. */
  readonly nextExpectedRevision: number;
  /** The position of the last event written. */
  readonly position: Position;
  readonly events: readonly StoredEvent[];
}

/** One stream's part of an `appendBatch`: the same arguments as one `append`. */
export interface StreamAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expectedRevision: ExpectedRevision;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  /** Inclusive. Defaults to the first revision (forwards) or the last (backwards). */
  readonly fromRevision?: number;
  readonly direction?: Direction;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /**
   * Inclusive, and the position of an event (or START): EventStoreDB refuses a position inside
   * a record with InvalidPositionError. Defaults to the start (forwards) or the end (backwards).
   */
  readonly fromPosition?: Position;
  /**
   * Exclusive, forwards only, instead of fromPosition: the events after this one. Page with
   * `afterPosition: lastEvent.position`, never `fromPosition: lastEvent.position + 1n` (a
   * position that no event has on EventStoreDB).
   */
  readonly afterPosition?: Position;
  readonly direction?: Direction;
  /** Defaults to 1000; the log is read in pages. */
  readonly maxCount?: number;
  /**
   * Only the events of streams in these categories (`categoryOf` in src/shared/stream-category.ts: `breach` for
   * `breach-<uuid>`, and the stream `breach` itself), still in the global order; every stream
   * when absent. 1 to 20 distinct names of letters, digits and `_ . : @` (no `-`). maxCount
   * counts the events returned, so a page of a rare category may reach far into the log.
   */
  readonly categories?: readonly string[];
}

export interface SubscribeOptions {
  /** Exclusive: the subscription yields events after this position. Defaults to START. */
  readonly afterPosition?: Position;
  /** Only the events of streams in these categories, as `ReadAllOptions.categories`. */
  readonly categories?: readonly string[];
}

/** Where a read in stream order stands: the last event it gave (exclusive for the next page). */
export interface StreamCursor {
  readonly streamId: string;
  readonly revision: number;
}

export interface ReadByStreamOptions {
  /** 1 to 20 category names, as `ReadAllOptions.categories`. */
  readonly categories: readonly string[];
  /** Inclusive: only the events at or before this position (the head as it stood when a build began). */
  readonly toPosition: Position;
  /** Exclusive: the events after this one in (stream id, revision) order; from the first stream when absent. */
  readonly after?: StreamCursor;
  /** Defaults to 1000; read in pages. */
  readonly maxCount?: number;
}

/** Catch-up then live. Ends when closed (or the store closes). */
export interface EventSubscription extends AsyncIterable<StoredEvent> {
  close(): Promise<void>;
}

export interface EventStore {
  /**
   * True when a read with `categories` reads only those rows (SQLite's category index), so
   * several readers each reading their own categories cost less than one reading everything.
   * Absent: the engine picks the categories from every row it reads (EventStoreDB's readAll).
   */
  readonly readsCategoriesByIndex?: boolean;
  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  /**
   * Optional: appends to several streams all-or-nothing, in one transaction, in the order
   * given (a stream may appear more than once). Any refusal (a wrong expected revision, a
   * duplicate event id, an invalid event) writes nothing and throws that refusal. Engines
   * without multi-stream transactions (EventStoreDB) leave it out; callers then fall back
   * to a journal of their own (src/imports/README.md).
   */
  appendBatch?(appends: readonly StreamAppend[]): Promise<readonly AppendResult[]>;
  /** Throws StreamNotFoundError when the stream has no events. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<readonly StoredEvent[]>;
  /**
   * Optional: readStream for a caller to whom a stream with no events is an ordinary answer
   * (a command that may start the stream): undefined instead of a StreamNotFoundError, so
   * no error (and its stack) is made for every new stream. Otherwise exactly readStream.
   */
  readStreamIfExists?(streamId: string, options?: ReadStreamOptions): Promise<readonly StoredEvent[] | undefined>;
  /** The global order, excluding system streams. */
  readAll(options?: ReadAllOptions): Promise<readonly StoredEvent[]>;
  subscribeToAll(options?: SubscribeOptions): EventSubscription;
  /**
   * Optional: the events of the categories' streams up to `toPosition`, stream by stream (in
   * stream-id order, binary), each stream in revision order: every stream's events together,
   * so a read model whose documents are one stream each is built by writing every document
   * once (src/read-store/README.md, "first build in stream order"). Keyset-paginated with
   * `after`. Engines that cannot read so from an index (EventStoreDB) leave it out.
   */
  readCategoriesByStream?(options: ReadByStreamOptions): Promise<readonly StoredEvent[]>;
  /** Optional, with readCategoriesByStream: how many events of the categories lie at or before `toPosition` (for progress). */
  countCategoryEvents?(options: { readonly categories: readonly string[]; readonly toPosition: Position }): Promise<number>;
  /** The position of the last event in the log, START when it is empty. */
  headPosition(): Promise<Position>;
  /** Finishes appends already accepted, then releases the store. Later appends are refused. */
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EventStore');

/** The index of the first event after a position, in events in position order (binary search). */
export function indexAfter(events: readonly StoredEvent[], after: Position): number {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((events[middle] as StoredEvent).position <= after) low = middle + 1;
    else high = middle;
  }
  return low;
}
