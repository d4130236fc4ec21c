import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Collection } from 'mongodb';
import { ephemeralId, type InstanceIdentity } from '../instance-identity.port.js';
import { connectMongoDb, DURABLE, isDuplicateKey, type MongoDbConnection, type MongoDbConnectionOptions } from './mongodb-connection.js';

interface StoredClaim {
  /** The name: one holder at a time, by the _id index. */
  _id: string;
  /** This process's claim token. */
  holder: string;
  expiresAt: number;
}

export interface MongoDbInstanceIdentityOptions extends MongoDbConnectionOptions {
  /** How long a claim lasts without renewal (the projection lease term). */
  readonly ttlMs: number;
  /** The name to claim; the host's name by default (stable where the platform keeps it: a compose service's `hostname`, a StatefulSet pod). */
  readonly name?: string;
  readonly now?: () => number;
}

const COLLECTION = 'instances';

/**
 * The instance identity with READ_STORE=mongodb, where no data folder need survive a
 * restart: the host's name, claimed in the shared database with a term renewed every third
 * of it. No operating-system lock can say that a process on another host died, so a claim
 * lasts its term: restarted within it (after kill -9), the instance runs under a name of its
 * own for that run, and its old leases expire as a dead holder's do. Set INSTANCE_ID where a
 * restart must take its leases back at once.
 */
export class MongoDbInstanceIdentity implements InstanceIdentity {
  private readonly renewal: NodeJS.Timeout;
  private released = false;

  private constructor(
    readonly id: string,
    private readonly holder: string,
    private readonly claims: Collection<StoredClaim>,
    private readonly connection: MongoDbConnection,
    private readonly options: MongoDbInstanceIdentityOptions,
  ) {
    this.renewal = setInterval(() => void this.renew(), Math.max(1, Math.floor(options.ttlMs / 3)));
    this.renewal.unref();
  }

  readonly claimed = true;

  static async claim(options: MongoDbInstanceIdentityOptions): Promise<InstanceIdentity> {
    const connection = await connectMongoDb(options);
    const claims = connection.db.collection<StoredClaim>(COLLECTION, DURABLE);
    const name = options.name ?? hostname();
    const holder = randomUUID();
    try {
      if (await take(claims, name, holder, options)) return new MongoDbInstanceIdentity(name, holder, claims, connection, options);
    } catch (error) {
      await connection.release().catch(() => undefined);
      throw error;
    }
    await connection.release();
    return { id: ephemeralId(), claimed: false, release: () => undefined };
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    clearInterval(this.renewal);
    try {
      await this.claims.deleteOne({ _id: this.id, holder: this.holder });
    } finally {
      await this.connection.release();
    }
  }

  /** A failed renewal is retried at the next tick; the claim lasts its term meanwhile. */
  private async renew(): Promise<void> {
    await take(this.claims, this.id, this.holder, this.options).catch(() => false);
  }
}

/** Takes or renews the claim when it is this holder's or has expired; a live claim of another holder is a duplicate key on upsert. */
async function take(claims: Collection<StoredClaim>, name: string, holder: string, options: MongoDbInstanceIdentityOptions): Promise<boolean> {
  const now = options.now?.() ?? Date.now();
  try {
    const result = await claims.updateOne({ _id: name, $or: [{ holder }, { expiresAt: { $lte: now } }] }, { $set: { holder, expiresAt: now + options.ttlMs } }, { upsert: true });
    return result.matchedCount === 1 || result.upsertedCount === 1;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}
