import type Database from 'better-sqlite3';
import { systemClock, type Clock } from '../../shared/clock.js';
import { WatchedFile } from '../../shared/file-identity.js';
import { DEFAULT_MAX_EVENT_BYTES, assertExpectedRevision, assertStreamId, prepareEvents, type PreparedEvent } from '../append-input.js';
import {
  CorruptEventError,
  DuplicateEventIdError,
  EventStoreClosedError,
  EventStoreError,
  EventStoreUnavailableError,
  InvalidEventError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
  type ActualRevision,
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
  type StreamAppend,
  type SubscribeOptions,
} from '../event-store.port.js';
import { GENESIS_HASH, seal } from '../hash-chain.js';
import { checkReadAllOptions, checkReadStreamOptions } from '../read-options.js';
import { GroupCommit, type Outcome } from './group-commit.js';
import { DUPLICATE_EVENT_ID_MESSAGE, openEventStoreFile } from './sqlite-schema.js';
import { AppendSignal, pollingSubscription } from './sqlite-subscription.js';

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
}

interface AppendRequest {
  readonly streamId: string;
  readonly expectedRevision: ExpectedRevision;
  readonly events: readonly PreparedEvent[];
  readonly recordedAt: string;
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

/** The embedded default: one SQLite file, durable on acknowledgement, appends group-committed. */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly clock: Clock;
  private readonly maxEventBytes: number;
  private readonly pollIntervalMs: number;
  /** Each submission is one or more appends, written all-or-nothing (one `append`, or an `appendBatch`). */
  private readonly writer: GroupCommit<readonly AppendRequest[], AppendResult[]>;
  private readonly appended = new AppendSignal();
  private readonly subscriptions = new Set<EventSubscription>();
  private state: 'open' | 'closed' = 'open';
  private readonly statements;

  constructor(options: SqliteEventStoreOptions) {
    this.db = openEventStoreFile({ file: options.file, busyTimeoutMs: options.busyTimeoutMs ?? 5000 });
    this.clock = options.clock ?? systemClock;
    this.maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    const db = this.db;
    this.statements = {
      head: db.prepare(`SELECT revision, json_extract(metadata, '$.hash') AS hash FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1`),
      insert: db.prepare(`INSERT INTO events (event_id, stream_id, revision, type, schema_version, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)`),
      streamForwards: db.prepare(`SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision ASC LIMIT ?`),
      streamBackwards: db.prepare(`SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`),
      streamExists: db.prepare(`SELECT 1 FROM events WHERE stream_id = ? LIMIT 1`),
      allForwards: db.prepare(`SELECT ${COLUMNS} FROM events WHERE position >= ? AND stream_id NOT LIKE '$%' ORDER BY position ASC LIMIT ?`),
      allBackwards: db.prepare(`SELECT ${COLUMNS} FROM events WHERE position <= ? AND stream_id NOT LIKE '$%' ORDER BY position DESC LIMIT ?`),
      headPosition: db.prepare(`SELECT coalesce(max(position), 0) AS position FROM events`),
    };
    // A submission runs in a savepoint of its own: a refusal of any of its appends undoes all of them.
    const appendAll = db.transaction((requests: readonly AppendRequest[]) => requests.map((request) => this.write(request)));
    const commitBatch = db.transaction((submissions: readonly (readonly AppendRequest[])[]) => submissions.map((requests) => isolate(() => appendAll(requests))));
    // A file deleted or replaced while open goes on taking appends into an unlinked inode, all
    // of them gone at the next start: refused instead (503), and /health says why.
    const watched = options.file === ':memory:' ? undefined : new WatchedFile('SQLITE_EVENTS_FILE', options.file);
    const commit = (requests: readonly (readonly AppendRequest[])[]) => {
      const problem = watched?.problem();
      if (problem) throw new EventStoreUnavailableError(`${problem}; restore it and restart the service`);
      return asStoreError(() => commitBatch.immediate(requests));
    };
    this.writer = new GroupCommit(commit, options.maxBatch ?? 500, () => this.appended.notify());
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

  /** Checks every append before anything is queued; one clock reading for all of them. */
  private submit(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    if (this.state !== 'open') throw new EventStoreClosedError();
    const checked = appends.map(({ streamId, events, expectedRevision }) => {
      assertStreamId(streamId);
      assertExpectedRevision(expectedRevision);
      return { streamId, expectedRevision, events: prepareEvents(events, this.maxEventBytes) };
    });
    const recordedAt = this.clock.now().toISOString();
    return this.writer.submit(checked.map((append) => ({ ...append, recordedAt })));
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<readonly StoredEvent[]> {
    this.assertOpen();
    assertStreamId(streamId);
    const { direction, fromRevision, maxCount } = checkReadStreamOptions(options);
    const rows =
      direction === 'forwards'
        ? this.statements.streamForwards.all(streamId, fromRevision ?? 0, maxCount)
        : this.statements.streamBackwards.all(streamId, fromRevision ?? Number.MAX_SAFE_INTEGER, maxCount);
    if (rows.length === 0 && this.statements.streamExists.get(streamId) === undefined) throw new StreamNotFoundError(streamId);
    return (rows as EventRow[]).map(toStoredEvent);
  }

  async readAll(options?: ReadAllOptions): Promise<readonly StoredEvent[]> {
    return this.readAllNow(options);
  }

  subscribeToAll(options: SubscribeOptions = {}): EventSubscription {
    this.assertOpen();
    const subscription = pollingSubscription({
      afterPosition: options.afterPosition ?? START,
      readAfter: (position) => (this.state === 'open' ? this.readAllNow({ afterPosition: position, maxCount: SUBSCRIPTION_PAGE }) : undefined),
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

  async headPosition(): Promise<Position> {
    this.assertOpen();
    return (this.statements.headPosition.get() as { position: bigint }).position;
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.writer.drain();
    this.state = 'closed';
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    this.appended.notify();
    this.db.close();
  }

  private readAllNow(options?: ReadAllOptions): StoredEvent[] {
    this.assertOpen();
    const { direction, fromPosition, afterPosition, maxCount } = checkReadAllOptions(options);
    // Any position is a valid start here (a bound on an indexed column), an event's or not.
    const rows =
      direction === 'forwards'
        ? this.statements.allForwards.all(fromPosition ?? (afterPosition === undefined ? START : afterPosition + 1n), maxCount)
        : this.statements.allBackwards.all(fromPosition ?? BigInt('9223372036854775807'), maxCount);
    return (rows as EventRow[]).map(toStoredEvent);
  }

  /** Runs inside the batch transaction, in a savepoint of its own. */
  private write({ streamId, expectedRevision, events, recordedAt }: AppendRequest): AppendResult {
    const head = this.statements.head.get(streamId) as { revision: bigint; hash: string } | undefined;
    const actual: ActualRevision = head ? Number(head.revision) : 'no_stream';
    if (!revisionMatches(expectedRevision, actual)) throw new WrongExpectedRevisionError(streamId, expectedRevision, actual);
    let revision = head ? Number(head.revision) + 1 : 0;
    let prevHash = head?.hash ?? GENESIS_HASH;
    const stored = events.map((event): StoredEvent => {
      const sealed = seal({ ...event, streamId, revision, metadata: { ...event.metadata, recordedAt, prevHash } });
      const position = this.insert(sealed);
      prevHash = sealed.metadata.hash;
      revision += 1;
      return { ...sealed, position };
    });
    const last = stored[stored.length - 1] as StoredEvent;
    return { streamId, nextExpectedRevision: last.revision, position: last.position, events: stored };
  }

  private insert(event: Omit<StoredEvent, 'position'>): Position {
    try {
      const { eventId, streamId, revision, type, schemaVersion, data, metadata } = event;
      const info = this.statements.insert.run(eventId, streamId, revision, type, schemaVersion, JSON.stringify(data), JSON.stringify(metadata));
      return BigInt(info.lastInsertRowid);
    } catch (error) {
      if ((error as Error).message.includes(DUPLICATE_EVENT_ID_MESSAGE)) {
        throw new DuplicateEventIdError(event.eventId);
      }
      throw error;
    }
  }

  private assertOpen(): void {
    if (this.state !== 'open') throw new EventStoreClosedError();
  }
}

function revisionMatches(expected: ExpectedRevision, actual: ActualRevision): boolean {
  if (expected === 'any') return true;
  return expected === actual;
}

/** A refusal of one append rolls back its savepoint only; anything else fails the batch. */
function isolate<R>(run: () => R): Outcome<R> {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    if (error instanceof EventStoreError) return { ok: false, error };
    throw error;
  }
}

/** Storage failures (disk full, lock timeout, I/O error) surface as a typed error. */
function asStoreError<R>(run: () => R): R {
  try {
    return run();
  } catch (error) {
    if (error instanceof EventStoreError) throw error;
    throw new EventStoreUnavailableError((error as Error).message, { cause: error });
  }
}

function toStoredEvent(row: EventRow): StoredEvent {
  const revision = Number(row.revision);
  try {
    return {
      eventId: row.event_id,
      streamId: row.stream_id,
      revision,
      position: row.position,
      type: row.type,
      schemaVersion: Number(row.schema_version),
      data: JSON.parse(row.data),
      metadata: JSON.parse(row.metadata),
    };
  } catch (error) {
    throw new CorruptEventError(row.stream_id, revision, row.position, (error as Error).message);
  }
}
