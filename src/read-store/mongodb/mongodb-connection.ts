import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient, MongoServerError, type CollectionOptions, type Db, type MongoClientOptions } from 'mongodb';

export interface MongoDbConnectionOptions {
  readonly uri: string;
  readonly database: string;
  readonly clientOptions?: MongoClientOptions;
}

/**
 * For the stores that hold what every instance must agree on (API keys, personal-data
 * keys, the access log, the installation's secrets): a write is acknowledged only once a
 * majority of the replica set has it in its journal, so a failover never takes back a key
 * that ciphertext or a client may already rely on; reads see only such writes.
 */
export const DURABLE: CollectionOptions = {
  writeConcern: { w: 'majority', journal: true },
  readConcern: { level: 'majority' },
  readPreference: 'primary',
};

export const DUPLICATE_KEY = 11000;
const NAMESPACE_EXISTS = 48;

/** Connects and checks the deployment is a replica set (or mongos): majority writes mean nothing on a standalone server. */
export async function connectMongoDb(options: MongoDbConnectionOptions): Promise<{ client: MongoClient; db: Db }> {
  const client = new MongoClient(options.uri, { ...options.clientOptions });
  try {
    await client.connect();
    const db = client.db(options.database);
    const hello = await db.admin().command({ hello: 1 });
    if (typeof hello.setName !== 'string' && hello.msg !== 'isdbgrid') {
      throw new Error('MongoDB is a standalone server: the service needs a replica set (majority writes, transactions); run mongod with --replSet and rs.initiate()');
    }
    return { client, db };
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
}

/** Connects, then prepares the store (collections, indexes); the client is closed again when preparing fails. */
export async function connectStore<T>(options: MongoDbConnectionOptions, prepare: (db: Db, client: MongoClient) => Promise<T>): Promise<T> {
  const { client, db } = await connectMongoDb(options);
  try {
    return await prepare(db, client);
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
}

/** Creates a collection unless it exists (idempotent: instances start side by side). */
export async function ensureCollection(db: Db, name: string): Promise<void> {
  try {
    await db.createCollection(name);
  } catch (error) {
    if (error instanceof MongoServerError && error.code === NAMESPACE_EXISTS) return;
    throw error;
  }
}

/**
 * What a racing instance's insert wrote, once a majority has it: an insert that collides
 * with another's may run before that one is majority-committed, and reads here see only
 * majority-committed data. Undefined when it does not show within about half a second.
 */
export async function untilCommitted<T>(read: () => Promise<T | undefined>): Promise<T | undefined> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const found = await read();
    if (found !== undefined) return found;
    await sleep(25);
  }
  return undefined;
}

export function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}
