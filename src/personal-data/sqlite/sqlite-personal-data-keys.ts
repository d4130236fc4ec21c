import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import type { NewKey, PendingKeys } from '../../event-store/sqlite/sqlite-event-store.js';
import type { KeyWritten } from '../../event-store/sqlite/sqlite-writer-core.js';
import { WriterClosedError } from '../../event-store/sqlite/sqlite-writer.js';
import { systemClock, type Clock } from '../../shared/clock.js';
import { goneOrReplaced, identify, type FileIdentity } from '../../shared/file-identity.js';
import { openLedgerFile } from '../../shared/ledger-file.js';
import { PersonalDataErasedError, PersonalDataKeysUnavailableError, type KeyCoverage, type PersonalDataKeys } from '../personal-data-keys.port.js';

/** 'PLpk': marks a file as Privacy Ledger personal-data keys, so neither the log nor a stray SQLite file is taken for one. */
const APPLICATION_ID = 0x504c706b;
const SCHEMA_VERSION = 1;
const KEY_BYTES = 32;
/** Most new keys created in one transaction: a group stays a few milliseconds of the event loop. */
const KEYS_PER_COMMIT = 200;
/** A key handed out for an append that never came is stored on its own after this long. */
const PENDING_FLUSH_MS = 2000;
/**
 * How long a key found not stored (another process stored the subject's first key at the
 * same moment) keeps refusing the appends to its subject's stream: long enough for any append
 * already encrypted under it to reach the writer and be refused, not written.
 */
const REFUSED_KEY_MEMORY_MS = 60_000;

const SCHEMA = `
  CREATE TABLE personal_data_keys (
    subject_id TEXT PRIMARY KEY,
    key        BLOB NOT NULL CHECK (length(key) = ${KEY_BYTES}),
    created_at TEXT NOT NULL
  ) STRICT;
  -- What remains of an erased key: when it was erased. Never deleted.
  CREATE TABLE personal_data_erasures (
    subject_id TEXT PRIMARY KEY,
    erased_at  TEXT NOT NULL
  ) STRICT;
  -- An erased subject never gets a key again, whatever the code above does.
  CREATE TRIGGER no_key_after_erasure BEFORE INSERT ON personal_data_keys
    WHEN EXISTS (SELECT 1 FROM personal_data_erasures WHERE subject_id = NEW.subject_id)
    BEGIN SELECT RAISE(ABORT, 'the key of this subject was erased'); END;
  -- A replaced key would make every ciphertext under the old one unreadable.
  CREATE TRIGGER keys_are_never_replaced BEFORE UPDATE ON personal_data_keys
    BEGIN SELECT RAISE(ABORT, 'a key is never replaced'); END;
`;

/** Added later, so files from before it get it too: how far the log was found served by this file (one row). */
const ADDITIONS = `
  CREATE TABLE IF NOT EXISTS personal_data_log_coverage (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    log_id   TEXT    NOT NULL,
    position TEXT    NOT NULL,
    subjects INTEGER NOT NULL
  ) STRICT;
`;

/** The SQLite event store's side of its writer thread, as the key store uses it (SqliteEventStore). */
export interface KeyRounds {
  keyWriter(file: string): (keys: readonly NewKey[]) => Promise<readonly KeyWritten[]>;
  carryPendingKeys(source: PendingKeys): () => void;
}

export interface SqlitePersonalDataKeysOptions {
  /** Path of the key file (created with its folder when absent); never the event store's file. */
  readonly file: string;
  readonly busyTimeoutMs?: number;
  readonly clock?: Clock;
  /**
   * Writes new keys elsewhere than on this thread: the SQLite event store's writer thread,
   * which commits them in its next round, before that round's events. Without it, each
   * group is one transaction on this thread.
   */
  readonly rounds?: KeyRounds;
  /**
   * The subject whose key encrypts a stream's events (the personal-data schemes), for
   * `keyForAppend`: with `rounds`, a new key is then carried by the append to that stream
   * into the same round as its events. Without it, `keyForAppend` is `getOrCreate`.
   */
  readonly subjectOfStream?: (streamId: string) => string | undefined;
}

/** A key handed out by keyForAppend that is not known to be on disk yet. */
interface PendingKey {
  readonly key: Buffer;
  readonly createdAt: string;
  /** Set when a round found another key stored first: appends carrying this one are refused until then (ms). */
  refusedUntil?: number;
}

type KeyGroup = [string, { resolve: (key: Buffer) => void; reject: (error: unknown) => void }[]][];

/**
 * The embedded key store: a SQLite file of its own beside the log, never inside it.
 *
 * - WAL with synchronous=FULL: a key is on disk before getOrCreate resolves, so no
 *   ciphertext is ever acknowledged under a key a power loss could take.
 * - secure_delete=ON: SQLite overwrites a deleted row's bytes with zeros instead of only
 *   marking them free, so an erased key is gone from the file, not merely unlinked. After
 *   an erasure the WAL is checkpointed and truncated, so no earlier frame holding the key
 *   survives in it either (when another process is reading at that moment, the next
 *   checkpoint does it). Copies outside the file (backups, snapshots) are not reached: a
 *   backup of this file must expire with the retention it serves.
 */
export class SqlitePersonalDataKeys implements PersonalDataKeys {
  private readonly db: Database.Database;
  private readonly clock: Clock;
  private readonly selectKey: Database.Statement<[string], { key: Buffer }>;
  private readonly selectErasure: Database.Statement<[string], { erased_at: string }>;
  private readonly selectKeyOrErasure: Database.Statement<[{ subject: string }], { key: Buffer | null; erased_at: string | null }>;
  private readonly file: string;
  /** The file as opened: a path that names another file later (deleted, replaced) is refused for writes. */
  private readonly opened: FileIdentity | undefined;
  private closed = false;
  private readonly insertKey: Database.Statement<[string, Buffer, string]>;
  /** Callers waiting for a new key, by subject: created together on the next turn (see getOrCreate). */
  private readonly waitingForKeys = new Map<string, { resolve: (key: Buffer) => void; reject: (error: unknown) => void }[]>();
  private keyCommitScheduled = false;
  private readonly writeKeys: ((keys: readonly NewKey[]) => Promise<readonly KeyWritten[]>) | undefined;
  /** Keys handed out for appends and not known to be stored, by subject (see keyForAppend). */
  private readonly pending = new Map<string, PendingKey>();
  private readonly subjectOfStream: ((streamId: string) => string | undefined) | undefined;
  private readonly stopCarrying: (() => void) | undefined;
  private pendingFlush: NodeJS.Timeout | undefined;

  constructor(options: SqlitePersonalDataKeysOptions) {
    this.file = options.file;
    this.writeKeys = options.rounds?.keyWriter(options.file);
    this.subjectOfStream = options.rounds ? options.subjectOfStream : undefined;
    this.db = openKeyFile(options.file, options.busyTimeoutMs ?? 5000);
    this.opened = options.file === ':memory:' ? undefined : identify(options.file);
    this.clock = options.clock ?? systemClock;
    this.selectKey = this.db.prepare('SELECT key FROM personal_data_keys WHERE subject_id = ?');
    this.selectErasure = this.db.prepare('SELECT erased_at FROM personal_data_erasures WHERE subject_id = ?');
    this.selectKeyOrErasure = this.db.prepare(
      'SELECT (SELECT key FROM personal_data_keys WHERE subject_id = @subject) AS key, (SELECT erased_at FROM personal_data_erasures WHERE subject_id = @subject) AS erased_at',
    );
    this.insertKey = this.db.prepare('INSERT INTO personal_data_keys (subject_id, key, created_at) VALUES (?, ?, ?) ON CONFLICT (subject_id) DO NOTHING');
    this.stopCarrying = this.subjectOfStream && options.rounds?.carryPendingKeys(this.pendingKeys());
  }

  /**
   * The subject's key for data about to be appended to its stream. An existing key as
   * getOrCreate gives it; a new one is made here and handed out at once, not yet on disk: the
   * append to the subject's stream carries it into its own round of the event store's writer
   * thread, which commits the key file before the event file, and refuses the append (writing
   * nothing) if the key did not end up stored as carried (another process stored the
   * subject's first key at the same moment, or erased the subject). One round instead of two
   * per new breach, and still no event is ever durable before its key. A key whose append
   * never comes is stored on its own shortly after (or never, if the process stops first:
   * nothing was written under it).
   */
  async keyForAppend(subjectId: string): Promise<Buffer> {
    if (!this.subjectOfStream) return this.getOrCreate(subjectId);
    this.requireSameFile();
    const held = this.pending.get(subjectId);
    if (held && held.refusedUntil === undefined) return held.key;
    if (held && held.refusedUntil! > Date.now()) throw anotherKeyError(subjectId);
    if (held) this.pending.delete(subjectId);
    // The key and the erasure in one read (one snapshot, one read transaction): a new subject, every registration, has neither.
    this.open(subjectId);
    const { key: existing, erased_at: erasedAt } = this.selectKeyOrErasure.get({ subject: subjectId }) as { key: Buffer | null; erased_at: string | null };
    if (existing) return existing;
    if (erasedAt !== null) throw new PersonalDataErasedError(subjectId, erasedAt);
    const fresh: PendingKey = { key: randomBytes(KEY_BYTES), createdAt: this.clock.now().toISOString() };
    this.pending.set(subjectId, fresh);
    this.pendingFlush ??= setTimeout(() => this.flushPending(), PENDING_FLUSH_MS).unref();
    return fresh.key;
  }

  /** What the event store asks of this key store for the appends it writes. */
  private pendingKeys(): PendingKeys {
    return {
      file: this.file,
      keyFor: (streamId) => {
        const subjectId = this.subjectOfStream?.(streamId);
        const held = subjectId === undefined ? undefined : this.pending.get(subjectId);
        return held && subjectId !== undefined ? { subjectId, key: held.key, createdAt: held.createdAt } : undefined;
      },
      settled: (outcomes) => outcomes.forEach((outcome) => this.settle(outcome)),
      refusal: (subjectId, erasedAt) => (erasedAt === undefined ? anotherKeyError(subjectId) : new PersonalDataErasedError(subjectId, erasedAt)),
    };
  }

  /** A pending key is done with once it is stored, or its subject erased (what was encrypted under it is then erased too); another key stored first makes it refused for a while. */
  private settle(outcome: KeyWritten): void {
    const held = this.pending.get(outcome.subjectId);
    if (!held || held.refusedUntil !== undefined) return;
    if ('key' in outcome && !held.key.equals(outcome.key)) held.refusedUntil = Date.now() + REFUSED_KEY_MEMORY_MS;
    else this.pending.delete(outcome.subjectId);
  }

  /** Stores the pending keys no append has carried yet (getOrCreate's group commit), and forgets refusals that have run out. */
  private flushPending(): void {
    this.pendingFlush = undefined;
    if (this.closed) return;
    const now = Date.now();
    for (const [subjectId, held] of this.pending) {
      if (held.refusedUntil === undefined) this.getOrCreate(subjectId).catch(() => undefined);
      else if (held.refusedUntil <= now) this.pending.delete(subjectId);
    }
    if (this.pending.size > 0) this.pendingFlush = setTimeout(() => this.flushPending(), PENDING_FLUSH_MS).unref();
  }

  /**
   * Checked on every use for a write, even of an existing key: ciphertext written under a key
   * of a deleted file is lost at the next start, however readable it is now.
   *
   * New keys are committed in groups: the subjects asked for during one turn of the event loop
   * get their keys in one transaction (one fsync) on the next, before any caller is answered.
   * Concurrent commands and an import's slice of rows thus share a commit instead of
   * stalling the event loop once per new breach. Beside the SQLite event store (`rounds`)
   * the group is committed by its writer thread, off the event loop. A key for an append
   * comes from keyForAppend instead, which needs no round of its own.
   */
  async getOrCreate(subjectId: string): Promise<Buffer> {
    this.requireSameFile();
    const existing = await this.get(subjectId);
    if (existing) return existing;
    return new Promise<Buffer>((resolve, reject) => {
      const waiting = this.waitingForKeys.get(subjectId);
      if (waiting) waiting.push({ resolve, reject });
      else this.waitingForKeys.set(subjectId, [{ resolve, reject }]);
      if (!this.keyCommitScheduled) {
        this.keyCommitScheduled = true;
        setImmediate(() => this.commitWaitingKeys());
      }
    });
  }

  /** Creates the keys asked for since the last group, at most KEYS_PER_COMMIT per transaction, and answers every caller. */
  private commitWaitingKeys(): void {
    this.keyCommitScheduled = false;
    const group = [...this.waitingForKeys].slice(0, KEYS_PER_COMMIT);
    for (const [subjectId] of group) this.waitingForKeys.delete(subjectId);
    if (this.waitingForKeys.size > 0) {
      this.keyCommitScheduled = true;
      setImmediate(() => this.commitWaitingKeys());
    }
    const fail = (error: unknown) => group.forEach(([, waiters]) => waiters.forEach(({ reject }) => reject(error)));
    try {
      this.requireOpen();
      this.requireSameFile();
      if (!this.writeKeys) return this.answer(group, this.createHere(group));
      this.writeKeys(group.map(([subjectId]) => this.keyToStore(subjectId))).then(
        (written) => this.answer(group, new Map(written.map((key) => [key.subjectId, 'key' in key ? Buffer.from(key.key) : new PersonalDataErasedError(key.subjectId, key.erasedAt)]))),
        (error: unknown) => {
          // The writer closed before this store (shutdown): created here instead, as without it.
          if (error instanceof WriterClosedError) return this.retryHere(group);
          fail(asUnavailableError(this.file, error));
        },
      );
    } catch (error) {
      fail(error);
    }
  }

  private retryHere(group: KeyGroup): void {
    try {
      this.requireOpen();
      this.answer(group, this.createHere(group));
    } catch (error) {
      group.forEach(([, waiters]) => waiters.forEach(({ reject }) => reject(error)));
    }
  }

  /** The key to store for a subject: the one handed out for an append if there is one, so both end up the same. */
  private keyToStore(subjectId: string): NewKey & { readonly key: Buffer } {
    const held = this.pending.get(subjectId);
    if (held && held.refusedUntil === undefined) return { subjectId, key: held.key, createdAt: held.createdAt };
    return { subjectId, key: randomBytes(KEY_BYTES), createdAt: this.clock.now().toISOString() };
  }

  /** The keys of a group in one transaction of this thread's connection. */
  private createHere(group: KeyGroup): Map<string, Buffer | PersonalDataErasedError> {
    return this.writing(() =>
      this.db.transaction(() => {
        const created = new Map<string, Buffer | PersonalDataErasedError>();
        for (const [subjectId] of group) {
          // Looked at again inside the write lock: another process may have created or erased it meanwhile.
          const erased = this.erasedRow(subjectId);
          if (erased) {
            created.set(subjectId, new PersonalDataErasedError(subjectId, erased.erased_at));
            this.settle({ subjectId, erasedAt: erased.erased_at });
            continue;
          }
          const { key, createdAt } = this.keyToStore(subjectId);
          this.insertKey.run(subjectId, key, createdAt);
          const stored = this.keyRow(subjectId) as Buffer;
          created.set(subjectId, stored);
          this.settle({ subjectId, key: stored });
        }
        return created;
      }).immediate(),
    );
  }

  private answer(group: KeyGroup, outcomes: Map<string, Buffer | PersonalDataErasedError>): void {
    for (const [subjectId, waiters] of group) {
      const outcome = outcomes.get(subjectId) ?? new PersonalDataKeysUnavailableError(`no key was written for ${subjectId}`);
      waiters.forEach(({ resolve, reject }) => (outcome instanceof Buffer ? resolve(outcome) : reject(outcome)));
    }
  }

  async get(subjectId: string): Promise<Buffer | undefined> {
    return this.keyRow(subjectId);
  }

  async erase(subjectId: string): Promise<void> {
    this.open(subjectId);
    this.requireSameFile();
    // What was encrypted under a key not yet stored is erased with it: nothing to keep.
    this.pending.delete(subjectId);
    this.writing(() => {
      this.db
        .transaction(() => {
          this.db.prepare('DELETE FROM personal_data_keys WHERE subject_id = ?').run(subjectId);
          this.db.prepare('INSERT INTO personal_data_erasures (subject_id, erased_at) VALUES (?, ?) ON CONFLICT (subject_id) DO NOTHING').run(subjectId, this.clock.now().toISOString());
        })
        .immediate();
      // Copies the zeroed page into the file and empties the WAL, which still holds the page as it was.
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    });
  }

  async erasedAt(subjectId: string): Promise<string | undefined> {
    return this.erasedRow(subjectId)?.erased_at;
  }

  async subjectCount(): Promise<number> {
    this.requireOpen();
    const row = this.db.prepare('SELECT (SELECT count(*) FROM personal_data_keys) + (SELECT count(*) FROM personal_data_erasures) AS n').get() as { n: number };
    return row.n;
  }

  async coverage(): Promise<KeyCoverage | undefined> {
    this.requireOpen();
    const row = this.db.prepare('SELECT log_id, position, subjects FROM personal_data_log_coverage WHERE id = 1').get() as { log_id: string; position: string; subjects: number } | undefined;
    return row ? { logId: row.log_id, position: BigInt(row.position), subjects: row.subjects } : undefined;
  }

  async recordCoverage({ logId, position, subjects }: KeyCoverage): Promise<void> {
    this.requireOpen();
    this.requireSameFile();
    this.writing(() =>
      this.db
        .prepare('INSERT INTO personal_data_log_coverage (id, log_id, position, subjects) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET log_id = excluded.log_id, position = excluded.position, subjects = excluded.subjects')
        .run(logId, position.toString(), subjects),
    );
  }

  async check(): Promise<void> {
    this.requireOpen();
    this.requireSameFile();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopCarrying?.();
    clearTimeout(this.pendingFlush);
    this.db.close();
  }

  private writing<R>(run: () => R): R {
    return asUnavailable(this.file, run);
  }

  private requireOpen(): void {
    if (this.closed) throw new PersonalDataKeysUnavailableError('the personal-data key store is closed');
  }

  private requireSameFile(): void {
    const problem = this.opened && goneOrReplaced(this.file, this.opened);
    if (problem) {
      throw new PersonalDataKeysUnavailableError(
        `PERSONAL_DATA_KEYS_FILE ${problem}; nothing is written under a key that would be lost at the next start: restore the file and restart the service`,
      );
    }
  }

  private keyRow(subjectId: string): Buffer | undefined {
    this.open(subjectId);
    return this.selectKey.get(subjectId)?.key;
  }

  private erasedRow(subjectId: string): { erased_at: string } | undefined {
    this.open(subjectId);
    return this.selectErasure.get(subjectId);
  }

  private open(subjectId: string): void {
    this.requireOpen();
    if (typeof subjectId !== 'string' || subjectId.length === 0 || subjectId.length > 200) throw new TypeError('a subject id is a string of 1 to 200 characters');
  }
}

function anotherKeyError(subjectId: string): PersonalDataKeysUnavailableError {
  return new PersonalDataKeysUnavailableError(`another key of ${subjectId} was stored at the same moment (by another process); nothing was written: retry`);
}

/** A failed write (disk full, I/O error) as the port's error, with SQLite's as its cause (the HTTP layer tells a full disk by it). */
function asUnavailable<R>(file: string, run: () => R): R {
  try {
    return run();
  } catch (error) {
    throw asUnavailableError(file, error);
  }
}

function asUnavailableError(file: string, error: unknown): unknown {
  if (error instanceof PersonalDataErasedError || error instanceof PersonalDataKeysUnavailableError) return error;
  return new PersonalDataKeysUnavailableError(`cannot write PERSONAL_DATA_KEYS_FILE ${file}: ${(error as Error).message}`, { cause: error });
}

/** Opens (creating when absent) a key file; refuses a file that is not empty and not ours, unchanged. */
function openKeyFile(file: string, busyTimeoutMs: number): Database.Database {
  return openLedgerFile(file, busyTimeoutMs, {
    applicationId: APPLICATION_ID,
    schemaVersion: SCHEMA_VERSION,
    describe: 'a Privacy Ledger personal-data key file',
    schema: SCHEMA,
    additions: ADDITIONS,
    synchronous: 'FULL',
    configure: (db) => {
      db.pragma('secure_delete = ON');
      if (db.pragma('secure_delete', { simple: true }) !== 1) throw new Error('this SQLite build cannot overwrite deleted data (secure_delete)');
    },
    unavailable: (message, cause) => new PersonalDataKeysUnavailableError(message, { cause }),
  });
}
