import { randomBytes } from 'node:crypto';
import { Binary, type Collection } from 'mongodb';
import { connectStore, DURABLE, ensureCollection, isDuplicateKey, untilCommitted, type MongoDbConnection, type MongoDbConnectionOptions } from '../../read-store/mongodb/mongodb-connection.js';
import { systemClock, type Clock } from '../../shared/clock.js';
import { PersonalDataErasedError, PersonalDataKeysUnavailableError, type KeyCoverage, type PersonalDataKeys } from '../personal-data-keys.port.js';

const KEY_BYTES = 32;
const KEYS = 'personal_data_keys';
const ERASURES = 'personal_data_erasures';
const COVERAGE = 'personal_data_log_coverage';

interface StoredKey {
  /** The subject id: one key per subject, by the _id index. */
  _id: string;
  key: Binary;
  createdAt: string;
}

interface StoredErasure {
  _id: string;
  erasedAt: string;
}

/** The one document of how far the log was found served by this store (key-coverage.ts). */
interface StoredCoverage {
  _id: 'coverage';
  logId: string;
  position: string;
  subjects: number;
}

export interface MongoDbPersonalDataKeysOptions extends MongoDbConnectionOptions {
  readonly clock?: Clock;
}

/**
 * The personal-data keys of every instance in MongoDB (READ_STORE=mongodb), so that an
 * erasure on one host holds on all. Each key is a document of its own; erasing deletes it
 * and records the time in a second collection, which nothing in the service deletes from.
 *
 * No transaction: the two operations are ordered so that an erased subject keeps no key
 * however they interleave. Erasure records first, then deletes; creation inserts, then
 * looks for an erasure and, finding one, deletes what it inserted. Every write waits for a
 * majority's journal, and every read sees only such writes (DURABLE), so whichever step
 * comes second sees the other's first.
 *
 * What MongoDB cannot promise: a deleted key's bytes are gone from the collection, not at
 * once from WiredTiger's files, journal, oplog or backups (the server reuses the space in
 * time). Backups of this database must expire with the retention they serve.
 */
export class MongoDbPersonalDataKeys implements PersonalDataKeys {
  private closed = false;

  private constructor(
    private readonly connection: MongoDbConnection,
    private readonly keys: Collection<StoredKey>,
    private readonly erasures: Collection<StoredErasure>,
    private readonly coverages: Collection<StoredCoverage>,
    private readonly clock: Clock,
  ) {}

  static async connect(options: MongoDbPersonalDataKeysOptions): Promise<MongoDbPersonalDataKeys> {
    return connectStore(options, async (db, connection) => {
      await ensureCollection(db, KEYS);
      await ensureCollection(db, ERASURES);
      await ensureCollection(db, COVERAGE);
      const collections = [db.collection<StoredKey>(KEYS, DURABLE), db.collection<StoredErasure>(ERASURES, DURABLE), db.collection<StoredCoverage>(COVERAGE, DURABLE)] as const;
      return new MongoDbPersonalDataKeys(connection, ...collections, options.clock ?? systemClock);
    });
  }

  async getOrCreate(subjectId: string): Promise<Buffer> {
    const existing = await this.get(subjectId);
    if (existing) return existing;
    await this.refuseErased(subjectId);
    const key = randomBytes(KEY_BYTES);
    let inserted = true;
    try {
      await this.storage(() => this.keys.insertOne({ _id: subjectId, key: new Binary(key), createdAt: this.clock.now().toISOString() }));
    } catch (error) {
      if (!isDuplicateKey((error as Error).cause)) throw error;
      inserted = false;
    }
    // An erasure that ran meanwhile may have found no key to delete: take ours back.
    const erased = await this.erasedAt(subjectId);
    if (erased !== undefined) {
      await this.storage(() => this.keys.deleteOne({ _id: subjectId }));
      throw new PersonalDataErasedError(subjectId, erased);
    }
    return inserted ? key : this.committedKey(subjectId);
  }

  async get(subjectId: string): Promise<Buffer | undefined> {
    this.open(subjectId);
    const stored = await this.storage(() => this.keys.findOne({ _id: subjectId }));
    return stored === null ? undefined : Buffer.from(stored.key.buffer);
  }

  /** Records first, then deletes: interrupted between the two, the subject is already refused a key, and a retry deletes it. */
  async erase(subjectId: string): Promise<void> {
    this.open(subjectId);
    try {
      await this.storage(() => this.erasures.updateOne({ _id: subjectId }, { $setOnInsert: { erasedAt: this.clock.now().toISOString() } }, { upsert: true }));
    } catch (error) {
      // Two erasures racing: the other's upsert inserted first, and its time stays.
      if (!isDuplicateKey((error as Error).cause)) throw error;
    }
    await this.storage(() => this.keys.deleteOne({ _id: subjectId }));
  }

  async erasedAt(subjectId: string): Promise<string | undefined> {
    this.open(subjectId);
    const erasure = await this.storage(() => this.erasures.findOne({ _id: subjectId }));
    return erasure?.erasedAt;
  }

  /** Keys and erasures together: a subject never leaves the count, so it never goes down. */
  async subjectCount(): Promise<number> {
    this.requireOpen();
    const [keys, erasures] = await Promise.all([this.storage(() => this.keys.countDocuments()), this.storage(() => this.erasures.countDocuments())]);
    return keys + erasures;
  }

  async coverage(): Promise<KeyCoverage | undefined> {
    this.requireOpen();
    const stored = await this.storage(() => this.coverages.findOne({ _id: 'coverage' }));
    return stored === null ? undefined : { logId: stored.logId, position: BigInt(stored.position), subjects: stored.subjects };
  }

  async recordCoverage({ logId, position, subjects }: KeyCoverage): Promise<void> {
    this.requireOpen();
    await this.storage(() => this.coverages.replaceOne({ _id: 'coverage' }, { logId, position: position.toString(), subjects }, { upsert: true }));
  }

  /** A database cannot be deleted under the service as a file can: reachable is writable. */
  async check(): Promise<void> {
    this.requireOpen();
    await this.storage(() => this.connection.db.command({ ping: 1 }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.connection.release();
  }

  private async refuseErased(subjectId: string): Promise<void> {
    const erased = await this.erasedAt(subjectId);
    if (erased !== undefined) throw new PersonalDataErasedError(subjectId, erased);
  }

  /** The key another instance inserted first, once a majority has it. */
  private async committedKey(subjectId: string): Promise<Buffer> {
    const key = await untilCommitted(async () => {
      const found = await this.get(subjectId);
      if (!found) await this.refuseErased(subjectId);
      return found;
    });
    if (key) return key;
    throw new PersonalDataKeysUnavailableError(`the key of ${subjectId} was created by another instance but is not committed yet; try again`);
  }

  private requireOpen(): void {
    if (this.closed) throw new PersonalDataKeysUnavailableError('the personal-data key store is closed');
  }

  private open(subjectId: string): void {
    this.requireOpen();
    if (typeof subjectId !== 'string' || subjectId.length === 0 || subjectId.length > 200) throw new TypeError('a subject id is a string of 1 to 200 characters');
  }

  /** Server and network failures surface as the port's typed error, the driver's error as its cause. */
  private async storage<R>(run: () => Promise<R>): Promise<R> {
    try {
      return await run();
    } catch (error) {
      throw new PersonalDataKeysUnavailableError(`the personal-data key store failed: ${(error as Error).message}`, { cause: error });
    }
  }
}
