import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient, MongoServerError, type CollectionOptions, type Db, type MongoClientOptions } from 'mongodb';

export interface MongoDbConnectionOptions {
  readonly uri: string;
  readonly database: string;
  /** The service user; its password comes from a secret file (MONGODB_PASSWORD_FILE), never from the URI. */
  readonly credentials?: { readonly username: string; readonly password: string };
  readonly clientOptions?: MongoClientOptions;
}

/** A store's share of the process's client: `release` it once, when the store closes. */
export interface MongoDbConnection {
  readonly client: MongoClient;
  readonly db: Db;
  release(): Promise<void>;
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

interface Pooled {
  readonly connected: Promise<MongoClient>;
  users: number;
}

/*
 * One MongoClient per process and deployment: the read store, the API keys, the personal-data
 * keys, the access log, the fingerprint secret and the instance identity all share it (one
 * connection pool, one set of monitoring connections per server). Each store takes a share
 * when it connects and gives it back when it closes; the last one to close closes the client,
 * so it is closed once, at shutdown.
 */
export class SharedMongoClients {
  private readonly pool = new Map<string, Pooled>();

  constructor(private readonly open: (options: MongoDbConnectionOptions) => Promise<MongoClient> = openClient) {}

  /** How many clients are open (one per deployment and user). */
  get size(): number {
    return this.pool.size;
  }

  async acquire(options: MongoDbConnectionOptions): Promise<MongoDbConnection> {
    const key = poolKey(options);
    let pooled = this.pool.get(key);
    if (!pooled) {
      const created: Pooled = { connected: this.open(options), users: 0 };
      this.pool.set(key, created);
      // A client that failed to connect is not kept: the next store tries afresh.
      created.connected.catch(() => {
        if (this.pool.get(key) === created) this.pool.delete(key);
      });
      pooled = created;
    }
    const share = pooled;
    share.users += 1;
    let client: MongoClient;
    try {
      client = await share.connected;
    } catch (error) {
      share.users -= 1;
      throw error;
    }
    let released = false;
    return {
      client,
      db: client.db(options.database),
      release: async () => {
        if (released) return;
        released = true;
        share.users -= 1;
        if (share.users > 0) return;
        if (this.pool.get(key) === share) this.pool.delete(key);
        await client.close();
      },
    };
  }
}

function poolKey(options: MongoDbConnectionOptions): string {
  const password = options.credentials ? createHash('sha256').update(options.credentials.password).digest('hex') : '';
  return JSON.stringify([options.uri, options.credentials?.username ?? '', password, options.clientOptions ?? {}]);
}

const shared = new SharedMongoClients();

/** Connects (or shares the process's client) and checks the deployment is a replica set (or mongos): majority writes mean nothing on a standalone server. */
export function connectMongoDb(options: MongoDbConnectionOptions): Promise<MongoDbConnection> {
  return shared.acquire(options);
}

/** How many MongoDB clients this process holds open. */
export function openMongoClients(): number {
  return shared.size;
}

async function openClient(options: MongoDbConnectionOptions): Promise<MongoClient> {
  const client = new MongoClient(options.uri, { ...options.clientOptions, ...(options.credentials ? { auth: { ...options.credentials } } : {}) });
  try {
    await client.connect();
    const hello = await client.db(options.database).admin().command({ hello: 1 });
    if (typeof hello.setName !== 'string' && hello.msg !== 'isdbgrid') {
      throw new Error('MongoDB is a standalone server: the service needs a replica set (majority writes, transactions); run mongod with --replSet and rs.initiate()');
    }
    return client;
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
}

/** Connects, then prepares the store (collections, indexes); its share of the client is given back when preparing fails. */
export async function connectStore<T>(options: MongoDbConnectionOptions, prepare: (db: Db, connection: MongoDbConnection) => Promise<T>): Promise<T> {
  const connection = await connectMongoDb(options);
  try {
    return await prepare(connection.db, connection);
  } catch (error) {
    await connection.release().catch(() => undefined);
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
