import { randomBytes } from 'node:crypto';
import { Binary, type Collection } from 'mongodb';
import { connectStore, DURABLE, ensureCollection, isDuplicateKey, untilCommitted, type MongoDbConnection, type MongoDbConnectionOptions } from '../../read-store/mongodb/mongodb-connection.js';
import type { FingerprintKeyStore } from '../fingerprint-key.port.js';

interface StoredSecret {
  _id: string;
  key: Binary;
}

const COLLECTION = 'installation_secrets';
const ID = 'request-fingerprint';

/**
 * The fingerprint secret shared by every instance (READ_STORE=mongodb): inserted once, if
 * absent, under a fixed _id; an instance whose insert loses the race reads the winner's.
 */
export class MongoDbFingerprintKey implements FingerprintKeyStore {
  private constructor(
    private readonly connection: MongoDbConnection,
    private readonly secrets: Collection<StoredSecret>,
  ) {}

  static async connect(options: MongoDbConnectionOptions): Promise<MongoDbFingerprintKey> {
    return connectStore(options, async (db, connection) => {
      await ensureCollection(db, COLLECTION);
      return new MongoDbFingerprintKey(connection, db.collection<StoredSecret>(COLLECTION, DURABLE));
    });
  }

  async load(): Promise<Buffer> {
    const key = randomBytes(32);
    try {
      await this.secrets.insertOne({ _id: ID, key: new Binary(key) });
      return key;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const stored = await untilCommitted(async () => (await this.secrets.findOne({ _id: ID })) ?? undefined);
    if (stored) return Buffer.from(stored.key.buffer);
    throw new Error('the request-fingerprint secret was created by another instance but is not committed yet; start again');
  }

  async close(): Promise<void> {
    await this.connection.release();
  }
}
