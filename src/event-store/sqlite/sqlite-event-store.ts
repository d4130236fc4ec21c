import type Database from 'better-sqlite3';
import type { ResourceLimits } from 'node:worker_threads';
import { systemClock, type Clock } from '../../shared/clock.js';
import { WatchedFile } from '../../shared/file-identity.js';
import { DEFAULT_MAX_EVENT_BYTES, assertExpectedRevision, assertStreamId, prepareWritableEvents, type WritableEvent } from '../append-input.js';
import {
  CorruptEventError,
  DuplicateEventIdError,
  EventStoreClosedError,
  EventStoreError,
  EventStoreUnavailableError,
  InvalidEventError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '../event-store.errors.js';
import {
  START,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type EventSubscription,
  type ExpectedRevision,
  type NewEvent,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type ReadByStreamOptions,
  type StreamAppend,
  type SubscribeOptions,
} from '../event-store.port.js';
import { categoryStreamRange, checkReadAllOptions, checkReadByStreamOptions, checkReadStreamOptions, checkSubscribeOptions } from '../read-options.js';
import type { StoredRow, StoredRowReader } from '../verify.js';
import { CATEGORY_OF_STREAM, openEventStoreFile } from './sqlite-schema.js';
import { AppendSignal, pollingSubscription } from './sqlite-subscription.js';
import { submissionWire, type AppendWritten, type KeyOutcome, type KeyWire, type KeyWritten, type WriterFailure } from './sqlite-writer-core.js';
import { StreamReaderThread, categoryCounter, streamPageReader, type RawEventRow } from './sqlite-stream-reader.js';
import { SqliteWriter, WriterClosedError } from './sqlite-writer.js';

export interface SqliteEventStoreOptions {
  /** Path of the database file (created with its folder when absent). */
  readonly file: string;
  readonly clock?: Clock;
  readonly maxEventBytes?: number;
  /** Most appends written in one commit. */
  readonly maxBatch?: number;
  /** How long a writer waits for another process's write lock. */
  readonly busyTimeoutMs?: number;
  /** How often a live subscription looks for appends made by other processes. */
  readonly pollIntervalMs?: number;
  /** Heap limits of the writer thread (Node's defaults when absent). */
  readonly writerResourceLimits?: ResourceLimits;
}

/** A key to store in a key file, made by its key store. */
export type NewKey = Omit<KeyWire, 'file'>;

/**
 * Keys a key store handed out for data about to be appended, before they are on disk
 * (sqlite-personal-data-keys.ts). An append to a stream whose subject's key is pending
 * carries that key into its own round of the writer thread, where the key file commits
 * before the event file: one round, and the key durable no later than its events.
 */
export interface PendingKeys {
  /** The key file they belong in. */
  readonly file: string;
  /** The key an append to `streamId` may carry ciphertext or a fingerprint under, while it is not known to be stored. */
  keyFor(streamId: string): NewKey | undefined;
  /** What a round found for keys of this file: stored as given, another key stored first, or the subject erased. */
  settled(outcomes: readonly KeyWritten[]): void;
  /** The error an append is refused with when a key it carried did not end up stored as carried. */
  refusal(subjectId: string, erasedAt: string | undefined): Error;
}

interface AppendRequest {
  readonly streamId: string;
  readonly expectedRevision: ExpectedRevision;
  readonly events: readonly WritableEvent[];
}

interface EventRow {
  position: bigint;
  event_id: string;
  stream_id: string;
  revision: bigint;
  type: string;
  schema_version: bigint;
  data: string;
  metadata: string;
}

/**
 * Events a subscription reads (and parses) at once: one uninterrupted stretch of the event
 * loop per page, for every projection that is catching up.
 */
const SUBSCRIPTION_PAGE = 200;
const COLUMNS = 'position, event_id, stream_id, revision, type, schema_version, data, metadata';

/**
 * The embedded default: one SQLite file, durable on acknowledgement, appends group-committed
 * by a writer thread (sqlite-writer.ts), so the commits and their fsyncs never block the
 * event loop. This thread checks and writes each event's texts (append-input.ts) and keeps
 * a connection of its own for reads.
 */
export class SqliteEventStore implements EventStore, StoredRowReader {
  private readonly db: Database.Database;
  private readonly clock: Clock;
  private readonly maxEventBytes: number;
  private readonly pollIntervalMs: number;
  private readonly writer: SqliteWriter;
  private readonly watched: WatchedFile | undefined;
  private readonly appended = new AppendSignal();
  private readonly subscriptions = new Set<EventSubscription>();
  private readonly commitListeners = new Set<(appends: number) => void>();
  private readonly pendingKeys = new Map<string, PendingKeys>();
  /** The group of appends (SqliteWriter.group) for which the file was found in place. */
  private fileInPlaceFor: number | undefined;
  private state: 'open' | 'closed' = 'open';
  private readonly statements;
  private readonly file: string;
  private readonly busyTimeoutMs: number;
  /** Through the index on each row's category (sqlite-schema.ts). */
  readonly readsCategoriesByIndex = true;
  /** Pages in stream order, read on a thread of its own for a file, on this connection for `:memory:`. */
  private readonly streamReader: StreamReaderThread | undefined;
  private readonly readStreamPage: ReturnType<typeof streamPageReader>;
  private readonly countCategories: ReturnType<typeof categoryCounter>;

  constructor(options: SqliteEventStoreOptions) {
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    this.db = openEventStoreFile({ file: options.file, busyTimeoutMs });
    this.file = options.file;
    this.busyTimeoutMs = busyTimeoutMs;
    this.clock = options.clock ?? systemClock;
    this.maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    const db = this.db;
    this.statements = {
      streamForwards: db.prepare(`SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision ASC LIMIT ?`),
      streamBackwards: db.prepare(`SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`),
      streamExists: db.prepare(`SELECT 1 FROM events WHERE stream_id = ? LIMIT 1`),
      allForwards: db.prepare(`SELECT ${COLUMNS} FROM events WHERE position >= ? AND stream_id NOT LIKE '$%' ORDER BY position ASC LIMIT ?`),
      allBackwards: db.prepare(`SELECT ${COLUMNS} FROM events WHERE position <= ? AND stream_id NOT LIKE '$%' ORDER BY position DESC LIMIT ?`),
      // Through the category index (sqlite-schema.ts): only that category's rows are read.
      categoryForwards: db.prepare(`SELECT ${COLUMNS} FROM events WHERE ${CATEGORY_OF_STREAM} = ? AND position >= ? ORDER BY position ASC LIMIT ?`),
      categoryBackwards: db.prepare(`SELECT ${COLUMNS} FROM events WHERE ${CATEGORY_OF_STREAM} = ? AND position <= ? ORDER BY position DESC LIMIT ?`),
      headPosition: db.prepare(`SELECT coalesce(max(position), 0) AS position FROM events`),
      // Every row of the range is looked at, in SQLite; only those whose data text holds one of
      // the two strings are handed out (instr: a substring search, no JSON parse).
      dataContainsEither: db.prepare(
        `SELECT ${COLUMNS} FROM events WHERE position > ? AND position <= ? AND stream_id NOT LIKE '$%' AND (instr(data, ?) > 0 OR instr(data, ?) > 0) ORDER BY position ASC`,
      ),
    };
    this.readStreamPage = streamPageReader(db);
    this.countCategories = categoryCounter(db);
    this.streamReader = options.file === ':memory:' ? undefined : new StreamReaderThread(options.file, busyTimeoutMs);
    // A file deleted or replaced while open goes on taking appends into an unlinked inode, all
    // of them gone at the next start: refused instead (503), and /health says why.
    this.watched = options.file === ':memory:' ? undefined : new WatchedFile('SQLITE_EVENTS_FILE', options.file);
    const afterCommit = (appends: number) => {
      // Only subscriptions of this store wait on the signal: without any, waking it is a timer per commit for nothing.
      if (this.subscriptions.size > 0) this.appended.notify();
      this.commitListeners.forEach((listener) => listener(appends));
    };
    const afterKeys = (outcomes: readonly KeyOutcome[]) => {
      for (const [file, source] of this.pendingKeys) {
        const ofFile = outcomes.filter((outcome) => outcome.file === file);
        if (ofFile.length > 0) source.settled(ofFile);
      }
    };
    this.writer = new SqliteWriter(
      { eventsFile: options.file, busyTimeoutMs, maxBatch: options.maxBatch ?? 500 },
      afterCommit,
      options.writerResourceLimits,
      options.file === ':memory:' ? this.db : undefined,
      afterKeys,
    );
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const expectedRevision: unknown = (options as Partial<AppendOptions> | undefined)?.expectedRevision;
    const [result] = await this.submit([{ streamId, events, expectedRevision: expectedRevision as ExpectedRevision }]);
    return result as AppendResult;
  }

  /** Several streams in one transaction: all of it lands, or none of it. */
  async appendBatch(appends: readonly StreamAppend[]): Promise<readonly AppendResult[]> {
    if (!Array.isArray(appends) || appends.length === 0) throw new InvalidEventError(0, 'a batch needs at least one append');
    return this.submit(appends);
  }

  /**
   * Stores personal-data keys in the key file `file` through this store's writer thread, in
   * its next round, before that round's appends: the key file's fsync stays off the event loop
   * too. Answers each subject's key as stored (the one given, or one stored before) or its
   * erasure. WriterClosedError once this store is closed.
   */
  keyWriter(file: string): (keys: readonly NewKey[]) => Promise<readonly KeyWritten[]> {
    return async (keys) => {
      const reply = await this.writer.submit({ kind: 'keys', keys: keys.map((key) => ({ ...key, file })) }).catch((failure: unknown) => {
        if (failure instanceof Error) throw failure;
        // SQLite's code stays on the error (SQLITE_FULL is answered as 503 storage-full).
        const { message, code } = failure as { message: string; code?: string };
        throw Object.assign(new Error(message, { cause: failure }), code ? { code } : {});
      });
      return reply.keys ?? [];
    };
  }

  /**
   * Whether the file was deleted or replaced, looked at once per group of appends the writer
   * sends together (one stat instead of one per append; the caller submits right after). A
   * group is sent within the turn of the event loop its first append was made in, or the
   * next, so a file found in place is never trusted longer than that; a file found missing
   * is looked at again by every append. A timer to forget what was found each turn cost a
   * lone append more than the stat itself.
   */
  private fileProblem(): string | undefined {
    if (!this.watched) return undefined;
    const group = this.writer.group;
    if (this.fileInPlaceFor === group) return undefined;
    const problem = this.watched.problem();
    this.fileInPlaceFor = problem === undefined ? group : undefined;
    return problem;
  }

  /** Lets appends carry the pending keys of `source` (one source per key file); returns how to stop. */
  carryPendingKeys(source: PendingKeys): () => void {
    this.pendingKeys.set(source.file, source);
    return () => {
      if (this.pendingKeys.get(source.file) === source) this.pendingKeys.delete(source.file);
    };
  }

  /** The pending keys the appends may carry ciphertext or fingerprints under. */
  private carriedKeys(appends: readonly AppendRequest[]): KeyWire[] {
    const keys: KeyWire[] = [];
    for (const [file, source] of this.pendingKeys) {
      for (const { streamId } of appends) {
        const key = source.keyFor(streamId);
        if (key && !keys.some((carried) => carried.file === file && carried.subjectId === key.subjectId)) keys.push({ ...key, file });
      }
    }
    return keys;
  }

  /** Checks every append before anything is queued; one clock reading for all of them. */
  private async submit(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    if (this.state !== 'open') throw new EventStoreClosedError();
    const checked = appends.map(({ streamId, events, expectedRevision }): AppendRequest => {
      assertStreamId(streamId);
      assertExpectedRevision(expectedRevision);
      return { streamId, expectedRevision, events: prepareWritableEvents(events, this.maxEventBytes) };
    });
    const recordedAt = this.clock.now().toISOString();
    // Only the canonical texts travel to the thread (they are what it hashes and stores), as one string.
    const submission = submissionWire(checked, recordedAt);
    const keys = this.carriedKeys(checked);
    // Right before the submission joins its group: what was looked at holds for that group only.
    const problem = this.fileProblem();
    if (problem) throw new EventStoreUnavailableError(`${problem}; restore it and restart the service`);
    let written: readonly AppendWritten[];
    try {
      written = (await this.writer.submit({ kind: 'append', submission, ...(keys.length > 0 ? { keys } : {}) })).appends ?? [];
    } catch (failure) {
      throw storeError(failure, (file) => this.pendingKeys.get(file));
    }
    // Handed to this process's live subscriptions, which then need not read the rows back.
    if (this.subscriptions.size > 0) this.appended.committed(checked, written, recordedAt);
    return checked.map((append, n) => appendResult(append, recordedAt, written[n] as AppendWritten));
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<readonly StoredEvent[]> {
    const events = this.streamEvents(streamId, options);
    if (events === undefined) throw new StreamNotFoundError(streamId);
    return events;
  }

  async readStreamIfExists(streamId: string, options?: ReadStreamOptions): Promise<readonly StoredEvent[] | undefined> {
    return this.streamEvents(streamId, options);
  }

  /**
   * The events readStream gives, undefined for a stream with no events. A forward read from
   * revision 0 that finds no row needs no second query: a stream's revisions start at 0 and
   * no row is ever deleted, so it has no events at all.
   */
  private streamEvents(streamId: string, options: ReadStreamOptions | undefined): readonly StoredEvent[] | undefined {
    this.assertOpen();
    assertStreamId(streamId);
    const { direction, fromRevision, maxCount } = checkReadStreamOptions(options);
    const forwards = direction === 'forwards';
    const rows = forwards
      ? this.statements.streamForwards.all(streamId, fromRevision ?? 0, maxCount)
      : this.statements.streamBackwards.all(streamId, fromRevision ?? Number.MAX_SAFE_INTEGER, maxCount);
    if (rows.length === 0 && ((forwards && (fromRevision ?? 0) === 0) || this.statements.streamExists.get(streamId) === undefined)) return undefined;
    return (rows as EventRow[]).map(toStoredEvent);
  }

  async readAll(options?: ReadAllOptions): Promise<readonly StoredEvent[]> {
    return this.readAllNow(options);
  }

  /**
   * The rows after `afterPosition` in global order, undecoded (data and metadata as their
   * stored texts): for the verifier and the Ledger, which hash the stored text as it is
   * (verify.ts, StoredRowReader) and decode only what does not pass.
   */
  readAllRows(afterPosition: Position, maxCount: number): readonly StoredRow[] {
    this.assertOpen();
    return this.statements.allForwards.all(afterPosition + 1n, maxCount) as StoredRow[];
  }

  /**
   * The rows in (afterPosition, toPosition], undecoded and in global order, whose data text
   * contains `either` of two strings: the rest are passed over inside SQLite, never built into
   * rows here. For a check that must look at every event but needs only the few whose text could
   * hold something (the personal-data key check, key-coverage.ts); the caller bounds the range,
   * since every row in it is read before this returns.
   */
  readRowsWhereDataContains(afterPosition: Position, toPosition: Position, either: readonly [string, string]): readonly StoredRow[] {
    this.assertOpen();
    return this.statements.dataContainsEither.all(afterPosition, toPosition, either[0], either[1]) as StoredRow[];
  }

  /**
   * The database file, for a thread that reads the log with a read-only connection of its own
   * (src/ledger/verify-thread.ts); undefined for an in-memory database, which no thread can open.
   */
  fileForReaders(): { file: string; busyTimeoutMs: number } | undefined {
    this.assertOpen();
    return this.file === ':memory:' ? undefined : { file: this.file, busyTimeoutMs: this.busyTimeoutMs };
  }

  /** A stored row as readAll gives it; CorruptEventError when its texts cannot be decoded. */
  decodeRow(row: StoredRow): StoredEvent {
    return toStoredEvent(row);
  }

  subscribeToAll(options: SubscribeOptions = {}): EventSubscription {
    this.assertOpen();
    const { afterPosition, categories } = checkSubscribeOptions(options);
    const subscription = pollingSubscription({
      afterPosition,
      ...(categories ? { categories } : {}),
      readAfter: (position) =>
        this.state === 'open' ? this.readAllNow({ afterPosition: position, maxCount: SUBSCRIPTION_PAGE, ...(categories ? { categories } : {}) }) : undefined,
      pageSize: SUBSCRIPTION_PAGE,
      isOpen: () => this.state === 'open',
      signal: this.appended,
      pollIntervalMs: this.pollIntervalMs,
      onClose: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** Transactions committed and appends they carried since this store was opened. */
  commitStats(): { readonly commits: number; readonly requests: number } {
    return this.writer.stats;
  }

  /** Tells `listener` how many appends each group commit carried (for metrics); returns how to stop. */
  onGroupCommit(listener: (appends: number) => void): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  /**
   * The categories' events up to `toPosition`, stream by stream, each in revision order
   * (`EventStore.readCategoriesByStream`): one range of the (stream_id, revision) index per
   * category, the categories in name order (their ranges are disjoint and in that order).
   */
  async readCategoriesByStream(options: ReadByStreamOptions): Promise<readonly StoredEvent[]> {
    this.assertOpen();
    const { categories, toPosition, after, maxCount } = checkReadByStreamOptions(options);
    const request = { ranges: categories.map(categoryStreamRange), toPosition, after, maxCount };
    let rows: readonly RawEventRow[];
    if (this.streamReader) {
      try {
        rows = await this.streamReader.read(request);
      } catch (failure) {
        if (this.state !== 'open') throw new EventStoreClosedError();
        throw new EventStoreUnavailableError((failure as Error).message, { cause: failure });
      }
      this.assertOpen();
    } else {
      rows = this.readStreamPage(request);
    }
    return rows.map(rawToStoredEvent);
  }

  async countCategoryEvents(options: { readonly categories: readonly string[]; readonly toPosition: Position }): Promise<number> {
    this.assertOpen();
    const { categories, toPosition } = checkReadByStreamOptions({ categories: options.categories, toPosition: options.toPosition });
    if (!this.streamReader) return this.countCategories(categories, toPosition);
    try {
      return await this.streamReader.count(categories, toPosition);
    } catch (failure) {
      if (this.state !== 'open') throw new EventStoreClosedError();
      throw new EventStoreUnavailableError((failure as Error).message, { cause: failure });
    }
  }

  async headPosition(): Promise<Position> {
    this.assertOpen();
    return (this.statements.headPosition.get() as { position: bigint }).position;
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    await this.writer.close();
    await this.streamReader?.close();
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    this.appended.notify();
    this.db.close();
  }

  private readAllNow(options?: ReadAllOptions): StoredEvent[] {
    this.assertOpen();
    const { direction, fromPosition, afterPosition, maxCount, categories } = checkReadAllOptions(options);
    // Any position is a valid start here (a bound on an indexed column), an event's or not.
    const from = direction === 'forwards' ? (fromPosition ?? (afterPosition === undefined ? START : afterPosition + 1n)) : (fromPosition ?? BigInt('9223372036854775807'));
    if (categories === undefined) {
      const rows = direction === 'forwards' ? this.statements.allForwards.all(from, maxCount) : this.statements.allBackwards.all(from, maxCount);
      return (rows as EventRow[]).map(toStoredEvent);
    }
    // One indexed read per category (the index gives each in position order), merged: an IN
    // list would make SQLite sort every matching row before the limit.
    const statement = direction === 'forwards' ? this.statements.categoryForwards : this.statements.categoryBackwards;
    const pages = categories.map((category) => statement.all(category, from, maxCount) as EventRow[]);
    return mergeByPosition(pages, direction === 'forwards', maxCount).map(toStoredEvent);
  }

  private assertOpen(): void {
    if (this.state !== 'open') throw new EventStoreClosedError();
  }
}

/** The envelopes of an append as written: the store's fields added to the checked event. */
function appendResult({ streamId, events }: AppendRequest, recordedAt: string, written: AppendWritten): AppendResult {
  const stored = events.map(({ event }, n): StoredEvent => {
    const { eventId, type, schemaVersion, data, metadata } = event;
    const prevHash = n === 0 ? written.prevHash : (written.hashes[n - 1] as string);
    return {
      eventId,
      streamId,
      revision: written.firstRevision + n,
      type,
      schemaVersion,
      data,
      metadata: { ...metadata, recordedAt, prevHash, hash: written.hashes[n] as string },
      position: written.positions[n] as Position,
    };
  });
  const last = stored[stored.length - 1] as StoredEvent;
  return { streamId, nextExpectedRevision: last.revision, position: last.position, events: stored };
}

/** A refusal as its typed error; anything else (lock timeout, disk full, I/O error, the thread gone) as a storage failure. */
function storeError(failure: unknown, keysOf: (file: string) => PendingKeys | undefined): Error {
  if (failure instanceof WriterClosedError) return new EventStoreClosedError();
  if (failure instanceof EventStoreError) return failure;
  if (failure instanceof Error) return new EventStoreUnavailableError(failure.message, { cause: failure });
  const refused = failure as WriterFailure;
  switch (refused.refusal) {
    case 'wrong-expected-revision':
      return new WrongExpectedRevisionError(refused.streamId, refused.expected, refused.actual);
    case 'duplicate-event-id':
      return new DuplicateEventIdError(refused.eventId);
    case 'personal-data-key':
      return (
        keysOf(refused.file)?.refusal(refused.subjectId, refused.erasedAt) ??
        new EventStoreUnavailableError(`the personal-data key of ${refused.subjectId} the append was written under is not the one stored`)
      );
    case undefined:
      return new EventStoreUnavailableError(refused.message, { cause: refused });
  }
}

/** The first `maxCount` rows of pages each in position order (ascending or descending), in that order. */
function mergeByPosition(pages: readonly EventRow[][], ascending: boolean, maxCount: number): EventRow[] {
  if (pages.length === 1) return pages[0] as EventRow[];
  const merged = pages.flat();
  merged.sort((a, b) => (a.position === b.position ? 0 : (a.position < b.position) === ascending ? -1 : 1));
  return merged.slice(0, maxCount);
}

function toStoredEvent(row: EventRow): StoredEvent {
  return storedEvent(row.position, row.event_id, row.stream_id, row.revision, row.type, row.schema_version, row.data, row.metadata);
}

function rawToStoredEvent(row: RawEventRow): StoredEvent {
  return storedEvent(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7]);
}

/** A stored row's columns as the event; CorruptEventError when its texts cannot be decoded. */
function storedEvent(position: bigint, eventId: string, streamId: string, revisionColumn: bigint, type: string, schemaVersion: bigint, data: string, metadata: string): StoredEvent {
  const revision = Number(revisionColumn);
  try {
    return { eventId, streamId, revision, position, type, schemaVersion: Number(schemaVersion), data: JSON.parse(data), metadata: JSON.parse(metadata) };
  } catch (error) {
    throw new CorruptEventError(streamId, revision, position, (error as Error).message);
  }
}
