import {
  Long,
  type MongoClient,
  MongoServerError,
  type AnyBulkWriteOperation,
  type ClientSession,
  type Collection,
  type Db,
  type Filter as MongoFilter,
  type TransactionOptions,
} from 'mongodb';
import { CheckpointConflictError, DocumentStoreError, InvalidQueryError, type Checkpoint, type Commit, type Document, type DocumentStore, type Lease, type Page, type Query } from '../document-store.port.js';
import { DocumentStoreClosedError, DocumentStoreUnavailableError } from '../sqlite/document-store.errors.js';
import { connectMongoDb, ensureCollection, type MongoDbConnection, type MongoDbConnectionOptions } from './mongodb-connection.js';
import {
  checkCollection,
  checkCommit,
  checkFields,
  checkId,
  checkLease,
  checkLeaseTerm,
  checkProjection,
  checkQuery,
  isCollection,
  isField,
  type CheckedCommit,
  type CheckedFilter,
  type CheckedQuery,
  type Scalar,
} from '../sqlite/document-store-input.js';

/*
 * The MongoDB read-model store. It REQUIRES A REPLICA SET (or a sharded cluster): a commit
 * is one multi-document transaction, which a standalone mongod refuses. The compose files
 * run one (rs0); a single node initiated as a one-member replica set is enough for
 * development and tests (MongoDBContainer gives one). `connect` checks this and refuses
 * a standalone with a clear reason.
 *
 * Storage, in the given database:
 * - one MongoDB collection per read-model collection, named `rm_<encoded name>`:
 *   `_` becomes `__` and `.` becomes `_d`, so the mapping is injective and the name holds
 *   only [A-Za-z0-9_@-] (COLLECTION_PATTERN already excludes `$`, `/`, quotes and NUL).
 *   The `rm_` prefix keeps clear of `system.*` and of `checkpoints`.
 * - documents as `{ _id: <id>, doc: <the JSON document> }`: the document sits under `doc`,
 *   so a document field named `_id` never collides with the key; BSON keeps key order, and
 *   JSON numbers are stored as int32 or double and read back as the same JS numbers.
 * - `checkpoints`: `{ _id: <projection>, position: Long (int64), updatedAt: <ISO string> }`.
 *   Positions are 0..2^63-1 (checkCommit), so a signed int64 holds them exactly and they
 *   compare numerically.
 * - `leases`: `{ _id: <name>, holder, expiresAt: <date> }`, taken with one conditional
 *   upsert timed by the server's clock (see acquireLease).
 *
 * Input is checked by the same functions as the SQLite adapter (document-store-input.ts),
 * so both refuse exactly the same input, before the server is touched. Filter and sort
 * semantics: src/read-store/README.md; how each operator maps: `condition` below.
 */

export type MongoDbDocumentStoreOptions = MongoDbConnectionOptions & {
  /**
   * Whose clock times leases: `server` (the default) takes MongoDB's own (`$$NOW`), so the
   * instances' clocks may disagree without one taking another's live lease; `caller` takes
   * the `now` each call passes (the port's contract, for tests that move time).
   */
  readonly leaseClock?: 'server' | 'caller';
};

interface StoredDocument {
  _id: string;
  doc: Document;
}

interface StoredLease {
  _id: string;
  holder: string;
  /** A date; a number (milliseconds) in leases written before leases were timed by the server, which count as expired. */
  expiresAt: Date | number;
}

interface StoredCheckpoint {
  _id: string;
  position: Long | bigint | number;
  updatedAt: string;
  /** How many fenced commits held on to it at this position (holdFence): a write, so racing ones conflict. */
  fenced?: number;
}

const CHECKPOINTS = 'checkpoints';
const LEASES = 'leases';
const COLLECTION_PREFIX = 'rm_';
/** Documents live under this key; every query path is `doc.<field>`. */
const DOC = 'doc';

/**
 * Snapshot reads within the transaction, majority commit: on return the commit survives
 * a failover. withTransaction retries transient errors (write conflicts between racing
 * commits) by running the callback again, which re-reads the checkpoint.
 */
const TRANSACTION: TransactionOptions = {
  readConcern: { level: 'snapshot' },
  writeConcern: { w: 'majority' },
  readPreference: 'primary',
};
/** A racing insert of the same key can surface as a duplicate-key error rather than a write conflict: run the commit again. */
const DUPLICATE_KEY = 11000;
const COMMIT_ATTEMPTS = 5;

const COMPARISONS = { gt: '$gt', gte: '$gte', lt: '$lt', lte: '$lte' } as const;

export class MongoDbDocumentStore implements DocumentStore {
  private state: 'open' | 'closed' = 'open';
  /** Collections known to exist, so commits create new ones outside their transaction. */
  private readonly existing = new Set<string>();

  private readonly client: MongoClient;
  private readonly db: Db;

  private constructor(
    private readonly connection: MongoDbConnection,
    private readonly leaseClock: 'server' | 'caller',
  ) {
    this.client = connection.client;
    this.db = connection.db;
  }

  /** Connects and checks the deployment supports transactions (replica set or mongos: connectMongoDb). */
  static async connect(options: MongoDbDocumentStoreOptions): Promise<MongoDbDocumentStore> {
    let connected: MongoDbConnection | undefined;
    try {
      connected = await connectMongoDb(options);
      await ensureCollection(connected.db, CHECKPOINTS);
      await ensureCollection(connected.db, LEASES);
      return new MongoDbDocumentStore(connected, options.leaseClock ?? 'server');
    } catch (error) {
      await connected?.release().catch(() => undefined);
      if (error instanceof DocumentStoreError) throw error;
      throw new DocumentStoreUnavailableError((error as Error).message, { cause: error });
    }
  }

  async get<D extends Document = Document>(collection: string, id: string): Promise<D | undefined> {
    this.assertOpen();
    checkCollection(collection);
    checkId(id);
    const row = await storage(() => this.documents(collection).findOne({ _id: id }, { projection: { _id: 0, [DOC]: 1 } }));
    return row === null ? undefined : (row[DOC] as D);
  }

  async find<D extends Document = Document>(collection: string, query?: Query): Promise<Page<D>> {
    this.assertOpen();
    checkCollection(collection);
    const checked = checkQuery(query);
    const filter = findFilter(checked);
    const sort = findSort(checked);
    const documents = this.documents(collection);
    // The page and the total from one snapshot: commits landing meanwhile change neither.
    return this.inSnapshot(async (session) => {
      const rows = await documents.find(filter, { projection: { _id: 0, [DOC]: 1 }, sort, skip: checked.offset, limit: checked.limit, session }).toArray();
      const total = await documents.countDocuments(filter, { session });
      return { items: rows.map((row) => row[DOC] as D), total };
    });
  }

  async findAll<D extends Document = Document>(collection: string, query: Omit<Query, 'limit' | 'offset'> = {}): Promise<D[]> {
    this.assertOpen();
    checkCollection(collection);
    const checked = checkQuery(query);
    const documents = this.documents(collection);
    // Many batches (getMore) for a large collection: in a snapshot session every batch reads
    // the same point in time, so figures summed over the result are never torn by commits
    // that land while it is read (at the default read concern each batch would see the
    // latest data). A read longer than the server's snapshot window (5 min) fails instead.
    return this.inSnapshot(async (session) => {
      const rows = await documents.find(findFilter(checked), { projection: { _id: 0, [DOC]: 1 }, sort: findSort(checked), session }).toArray();
      return rows.map((row) => row[DOC] as D);
    });
  }

  async commit(commit: Commit): Promise<void> {
    this.assertOpen();
    // Refuses a NUL in a key and a document over MongoDB's 16 MiB, which the server would refuse on every retry.
    const checked = checkCommit(commit);
    await storage(async () => {
      // Creating a collection inside a transaction works (4.4+) but makes racing commits
      // conflict on the catalog; create each new one first (idempotent).
      for (const collection of new Set(checked.changes.map((change) => change.collection))) await this.ensureCollection(collection);
      for (let attempt = 1; ; attempt++) {
        const session = this.client.startSession();
        try {
          await session.withTransaction(() => this.write(checked, session), TRANSACTION);
          return;
        } catch (error) {
          if (attempt < COMMIT_ATTEMPTS && error instanceof MongoServerError && error.code === DUPLICATE_KEY) continue;
          throw error;
        } finally {
          await session.endSession();
        }
      }
    });
  }

  async checkpoint(projection: string): Promise<Checkpoint | undefined> {
    this.assertOpen();
    checkProjection(projection);
    const row = await storage(() => this.checkpoints().findOne({ _id: projection }, { useBigInt64: true }));
    return row === null ? undefined : { projection, position: toPosition(row.position), updatedAt: row.updatedAt };
  }

  /**
   * Deletes the projection's checkpoint, then drops the collection with its indexes.
   * MongoDB cannot drop inside a transaction, so the two are separate steps, in the order
   * that is safe if interrupted: with the checkpoint gone and documents left, the runner
   * replays from 0 over them (puts replace, deletes delete), never resumes mid-log on an
   * emptied collection.
   */
  async dropCollection(collection: string, projection: string): Promise<void> {
    this.assertOpen();
    checkCollection(collection);
    checkProjection(projection);
    await storage(async () => {
      await this.checkpoints().deleteOne({ _id: projection }, { writeConcern: { w: 'majority' } });
      this.existing.delete(collection);
      await this.documents(collection).drop({ writeConcern: { w: 'majority' } });
    });
  }

  /** One ascending index per field on (doc.<field>, _id): a sort on it with the id tie-break reads the index in order. Idempotent. */
  async ensureIndexes(collection: string, fields: readonly string[]): Promise<void> {
    this.assertOpen();
    checkCollection(collection);
    const checked = [...new Set(checkFields(fields))];
    if (checked.length === 0) return;
    await storage(async () => {
      await this.documents(collection).createIndexes(checked.map((field) => ({ key: { [path(field)]: 1, _id: 1 } })));
      this.existing.add(collection);
    });
  }

  /**
   * One conditional upsert, atomic on the server: it updates the lease when this holder
   * has it or it expired; when it is absent the upsert inserts it; when another holder's
   * lease is still running the filter misses, the upsert's insert hits the existing _id
   * and fails with a duplicate key: not acquired. Two racing first takers: one inserts,
   * the other gets the duplicate key.
   */
  async acquireLease(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    this.assertOpen();
    checkLease(name, holder);
    checkLeaseTerm(ttlMs, now);
    // With the server's clock, expiry is judged and set by MongoDB ($$NOW, the primary's
    // time), whatever the instances' own clocks say: one running minutes fast cannot take a
    // live lease. A lease stored by an older release (a number) compares below any date: expired.
    const clock = this.leaseClock === 'server' ? '$$NOW' : now;
    return storage(async () => {
      try {
        const result = await this.leases().updateOne(
          { _id: name, $expr: { $or: [{ $eq: ['$holder', { $literal: holder }] }, { $lte: ['$expiresAt', clock] }] } },
          [{ $set: { holder: { $literal: holder }, expiresAt: { $add: [clock, ttlMs] } } }],
          { upsert: true, writeConcern: { w: 'majority' } },
        );
        return result.matchedCount === 1 || result.upsertedCount === 1;
      } catch (error) {
        if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return false;
        throw error;
      }
    });
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    this.assertOpen();
    checkLease(name, holder);
    await storage(() => this.leases().deleteOne({ _id: name, holder }, { writeConcern: { w: 'majority' } }));
  }

  async lease(name: string): Promise<Lease | undefined> {
    this.assertOpen();
    checkLease(name, 'anyone');
    const row = await storage(() => this.leases().findOne({ _id: name }));
    return row === null ? undefined : { name, holder: row.holder, expiresAt: new Date(row.expiresAt instanceof Date ? row.expiresAt.getTime() : Number(row.expiresAt)).toISOString() };
  }

  /**
   * Does nothing: WiredTiger's journal, checkpoints and freed blocks are the server's, out of
   * reach of a client. A replaced document's old version lingers there until the server
   * reuses the space; an operator who needs it gone sooner compacts the collection
   * (`compact`) and rotates the journal, or rebuilds the read models into a new database.
   */
  async scrub(): Promise<void> {}

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    await this.connection.release();
  }

  /** Runs inside the transaction: a thrown conflict aborts it before anything is written. */
  private async write({ projection, from, to, at, changes, fence }: CheckedCommit, session: ClientSession): Promise<void> {
    const stored = await this.checkpoints().findOne({ _id: projection }, { session, useBigInt64: true });
    const actual = stored === null ? 0n : toPosition(stored.position);
    if (actual !== from) throw new CheckpointConflictError(projection, from, actual);
    if (fence) await this.holdFence(fence, at, session);
    // Grouped by collection, each group in commit order: the last change to an id wins.
    const groups = new Map<string, AnyBulkWriteOperation<StoredDocument>[]>();
    for (const { collection, id, json } of changes) {
      let operations = groups.get(collection);
      if (!operations) groups.set(collection, (operations = []));
      operations.push(
        json === null
          ? { deleteOne: { filter: { _id: id } } }
          : { replaceOne: { filter: { _id: id }, replacement: { [DOC]: JSON.parse(json) as Document }, upsert: true } },
      );
    }
    for (const [collection, operations] of groups) await this.documents(collection).bulkWrite(operations, { session, ordered: true });
    await this.checkpoints().replaceOne({ _id: projection }, { position: Long.fromBigInt(to), updatedAt: at }, { session, upsert: true });
  }

  /**
   * Checks the fence inside the transaction and writes to its key, so that a transaction moving
   * or creating it meanwhile conflicts with this one (a read alone would not: the snapshot
   * would go on seeing the old value) and is retried after it, or this one after it. At a
   * position, its document is touched (a counter it carries, no other field changed); absent,
   * a placeholder is inserted and deleted again in the same transaction.
   */
  private async holdFence(fence: { readonly projection: string; readonly position: bigint }, at: string, session: ClientSession): Promise<void> {
    const checkpoints = this.checkpoints();
    if (fence.position === 0n) {
      const stored = await checkpoints.findOne({ _id: fence.projection }, { session, useBigInt64: true });
      if (stored !== null) throw new CheckpointConflictError(fence.projection, 0n, toPosition(stored.position));
      await checkpoints.insertOne({ _id: fence.projection, position: Long.fromBigInt(0n), updatedAt: at }, { session });
      await checkpoints.deleteOne({ _id: fence.projection }, { session });
      return;
    }
    const touched = await checkpoints.updateOne({ _id: fence.projection, position: Long.fromBigInt(fence.position) }, { $inc: { fenced: 1 } }, { session });
    if (touched.matchedCount === 1) return;
    const stored = await checkpoints.findOne({ _id: fence.projection }, { session, useBigInt64: true });
    throw new CheckpointConflictError(fence.projection, fence.position, stored === null ? 0n : toPosition(stored.position));
  }

  /** A read at one point in time, in a snapshot session (MongoDB 5.0+). */
  private inSnapshot<R>(read: (session: ClientSession) => Promise<R>): Promise<R> {
    return storage(async () => {
      const session = this.client.startSession({ snapshot: true });
      try {
        return await read(session);
      } finally {
        await session.endSession();
      }
    });
  }

  private async ensureCollection(collection: string): Promise<void> {
    if (this.existing.has(collection)) return;
    await ensureCollection(this.db, collectionName(collection));
    this.existing.add(collection);
  }

  private documents(collection: string): Collection<StoredDocument> {
    return this.db.collection<StoredDocument>(collectionName(collection));
  }

  private checkpoints(): Collection<StoredCheckpoint> {
    return this.db.collection<StoredCheckpoint>(CHECKPOINTS);
  }

  private leases(): Collection<StoredLease> {
    return this.db.collection<StoredLease>(LEASES);
  }

  private assertOpen(): void {
    if (this.state !== 'open') throw new DocumentStoreClosedError();
  }
}

/** `rm_` + the name with `_` → `__` and `.` → `_d`: injective, and only [A-Za-z0-9_@-]. */
export function collectionName(collection: string): string {
  if (!isCollection(collection)) throw new InvalidQueryError(`collection ${JSON.stringify(collection)} cannot be mapped to a MongoDB collection`);
  return `${COLLECTION_PREFIX}${collection.replaceAll('_', '__').replaceAll('.', '_d')}`;
}

/** The MongoDB filter of a checked query: every filter ANDed, each on `doc.<field>`. */
export function findFilter(query: CheckedQuery): MongoFilter<StoredDocument> {
  if (query.where.length === 0) return {};
  return { $and: query.where.map(condition) } as MongoFilter<StoredDocument>;
}

/** Each orderBy field in turn (a repeated field counts once, at its first place), then _id ascending. */
export function findSort(query: CheckedQuery): Record<string, 1 | -1> {
  const sort: Record<string, 1 | -1> = {};
  for (const { field, direction } of query.orderBy) {
    const key = path(field);
    if (!(key in sort)) sort[key] = direction === 'desc' ? -1 : 1;
  }
  sort._id = 1;
  return sort;
}

/*
 * MongoDB's equality and comparisons already keep kinds apart ("1", 1 and true never
 * equal; int and double compare by value; comparisons only within a type bracket); the
 * explicit $type conditions state it rather than rely on it. Strings compare by their
 * UTF-8 bytes without a collation, which is code point order, as the README asks.
 */
function condition(filter: CheckedFilter): Record<string, unknown> {
  const key = path(filter.field);
  switch (filter.op) {
    case 'eq':
      return equals(key, filter.value);
    case 'ne':
      // Exactly what eq does not match, a missing field included; `ne null`: present and not null.
      return { $nor: [equals(key, filter.value)] };
    case 'in':
      // $in is type-strict per value like $eq, null in it matches null or missing, [] matches nothing.
      return { [key]: { $in: [...filter.value] } };
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return { [key]: { [COMPARISONS[filter.op]]: filter.value, $type: typeOf(filter.value) } };
    case 'exists':
      // A JSON null is present; a missing field (or one under a missing, null or scalar parent) is not.
      return { [key]: { $exists: filter.value } };
    default: {
      const unhandled: never = filter;
      throw new InvalidQueryError(`unknown operator in ${JSON.stringify(unhandled)}`);
    }
  }
}

/** eq null: `{ field: null }` matches null or missing, also under a missing or null parent. */
function equals(key: string, expected: Scalar): Record<string, unknown> {
  if (expected === null) return { [key]: null };
  return { [key]: { $eq: expected, $type: typeOf(expected) } };
}

function typeOf(value: string | number | boolean): 'string' | 'number' | 'bool' {
  if (typeof value === 'string') return 'string';
  return typeof value === 'number' ? 'number' : 'bool';
}

/** `doc.<field>`; the field is checked again here, where it becomes a query key (no `$`, no leading dot). */
function path(field: string): string {
  if (!isField(field)) throw new InvalidQueryError(`field ${JSON.stringify(field)} cannot be used as a MongoDB path`);
  return `${DOC}.${field}`;
}

function toPosition(position: Long | bigint | number): bigint {
  if (typeof position === 'bigint') return position;
  if (typeof position === 'number') return BigInt(position);
  return position.toBigInt();
}

/** Server and network failures surface as a typed error; the port's own errors pass. */
async function storage<R>(run: () => Promise<R>): Promise<R> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DocumentStoreError) throw error;
    throw new DocumentStoreUnavailableError((error as Error).message, { cause: error });
  }
}
