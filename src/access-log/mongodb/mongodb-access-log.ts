import { ObjectId, type Collection } from 'mongodb';
import { connectStore, DURABLE, ensureCollection, type MongoDbConnection, type MongoDbConnectionOptions } from '../../read-store/mongodb/mongodb-connection.js';
import type { AccessEntry, AccessLog } from '../access-log.port.js';

type StoredEntry = { _id: ObjectId } & { -readonly [K in keyof AccessEntry]: AccessEntry[K] };

const COLLECTION = 'access_log';
/** Newest first: by time, then by id (an ObjectId starts with its second and its process, so ties break the same way on every read). */
const NEWEST_FIRST = { at: -1, _id: -1 } as const;

/**
 * The access log of every instance in one collection (READ_STORE=mongodb). Append-only by
 * construction: this class only inserts and reads, and nothing else in the service touches
 * the collection. Where the database itself must refuse changes, give the service's
 * MongoDB user only `insert` and `find` on it (README, "Running on EventStoreDB and MongoDB").
 */
export class MongoDbAccessLog implements AccessLog {
  private constructor(
    private readonly connection: MongoDbConnection,
    private readonly entries: Collection<StoredEntry>,
  ) {}

  static async connect(options: MongoDbConnectionOptions): Promise<MongoDbAccessLog> {
    return connectStore(options, async (db, connection) => {
      await ensureCollection(db, COLLECTION);
      const entries = db.collection<StoredEntry>(COLLECTION, DURABLE);
      await entries.createIndex(NEWEST_FIRST);
      return new MongoDbAccessLog(connection, entries);
    });
  }

  async record(entry: AccessEntry): Promise<void> {
    const { at, actor, method, route, url, status, detail } = entry;
    await this.entries.insertOne({ _id: new ObjectId(), at, actor: { id: actor.id, role: actor.role }, method, route, url, status, ...(detail ? { detail: { ...detail } } : {}) });
  }

  async page(offset: number, limit: number): Promise<{ items: AccessEntry[]; total: number }> {
    const rows = await this.entries.find({}, { projection: { _id: 0 }, sort: NEWEST_FIRST, skip: offset, limit }).toArray();
    const total = await this.entries.countDocuments();
    return { items: rows as AccessEntry[], total };
  }

  async close(): Promise<void> {
    await this.connection.release();
  }
}
