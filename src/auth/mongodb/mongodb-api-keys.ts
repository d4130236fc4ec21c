import { Binary, type Collection } from 'mongodb';
import { connectStore, DURABLE, ensureCollection, type MongoDbConnection, type MongoDbConnectionOptions } from '../../read-store/mongodb/mongodb-connection.js';
import { keyText, newKey, parseKey, principalOf } from '../api-key-format.js';
import type { ApiKeys, CreatedKey, KeyRecord, NewKey } from '../api-keys.port.js';
import type { Permission } from '../permissions.js';
import type { Principal } from '../principal.js';
import type { Role } from '../roles.js';

interface StoredKey {
  /** The key id: unique by the _id index. */
  _id: string;
  secretSha256: Binary;
  name: string;
  role: Role;
  allowed: Permission[];
  createdAt: string;
  revokedAt: string | null;
}

const COLLECTION = 'api_keys';

/**
 * API keys shared by every instance (READ_STORE=mongodb): a key created with the CLI on one
 * host authenticates on all, and a revocation holds everywhere at once. Only the hash of a
 * key's secret is stored; writes wait for a majority's journal.
 */
export class MongoDbApiKeys implements ApiKeys {
  private constructor(
    private readonly connection: MongoDbConnection,
    private readonly keys: Collection<StoredKey>,
  ) {}

  static async connect(options: MongoDbConnectionOptions): Promise<MongoDbApiKeys> {
    return connectStore(options, async (db, connection) => {
      await ensureCollection(db, COLLECTION);
      const keys = db.collection<StoredKey>(COLLECTION, DURABLE);
      await keys.createIndex({ createdAt: 1, _id: 1 });
      return new MongoDbApiKeys(connection, keys);
    });
  }

  async create(input: NewKey, now: Date): Promise<CreatedKey> {
    const key = newKey(input);
    await this.keys.insertOne({
      _id: key.keyId,
      secretSha256: new Binary(key.secretSha256),
      name: key.name,
      role: key.role,
      allowed: [...key.allowed],
      createdAt: now.toISOString(),
      revokedAt: null,
    });
    return { keyId: key.keyId, key: keyText(key), name: key.name, role: key.role, allowed: key.allowed };
  }

  async verify(key: string): Promise<Principal | undefined> {
    const parsed = parseKey(key);
    if (!parsed) return undefined;
    const stored = await this.keys.findOne({ _id: parsed.keyId });
    return principalOf(stored === null ? undefined : { secretSha256: Buffer.from(stored.secretSha256.buffer), record: record(stored) }, parsed.secret);
  }

  async revoke(keyId: string, now: Date): Promise<boolean> {
    const result = await this.keys.updateOne({ _id: keyId, revokedAt: null }, { $set: { revokedAt: now.toISOString() } });
    return result.modifiedCount === 1;
  }

  async list(): Promise<KeyRecord[]> {
    const stored = await this.keys.find({}, { projection: { secretSha256: 0 }, sort: { createdAt: 1, _id: 1 } }).toArray();
    return stored.map(record);
  }

  async close(): Promise<void> {
    await this.connection.release();
  }
}

function record(stored: Omit<StoredKey, 'secretSha256'>): KeyRecord {
  return { keyId: stored._id, name: stored.name, role: stored.role, allowed: stored.allowed, createdAt: stored.createdAt, revokedAt: stored.revokedAt };
}
