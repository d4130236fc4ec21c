import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
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

export interface SqlitePersonalDataKeysOptions {
  /** Path of the key file (created with its folder when absent); never the event store's file. */
  readonly file: string;
  readonly busyTimeoutMs?: number;
  readonly clock?: Clock;
  /**
   * Writes new keys elsewhere than on this thread: the SQLite event store's writer thread
   * (SqliteEventStore.keyWriter), which commits them in its next round, before that round's
   * events. Without it, each group is one transaction on this thread.
   */
  readonly writeKeys?: (subjects: readonly string[], now: string) => Promise<readonly KeyWritten[]>;
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
  private readonly file: string;
  /** The file as opened: a path that names another file later (deleted, replaced) is refused for writes. */
  private readonly opened: FileIdentity | undefined;
  private closed = false;
  private readonly insertKey: Database.Statement<[string, Buffer, string]>;
  /** Callers waiting for a new key, by subject: created together on the next turn (see getOrCreate). */
  private readonly waitingForKeys = new Map<string, { resolve: (key: Buffer) => void; reject: (error: unknown) => void }[]>();
  private keyCommitScheduled = false;
  private readonly writeKeys: SqlitePersonalDataKeysOptions['writeKeys'];

  constructor(options: SqlitePersonalDataKeysOptions) {
    this.file = options.file;
    this.writeKeys = options.writeKeys;
    this.db = openKeyFile(options.file, options.busyTimeoutMs ?? 5000);
    this.opened = options.file === ':memory:' ? undefined : identify(options.file);
    this.clock = options.clock ?? systemClock;
    this.selectKey = this.db.prepare('SELECT key FROM personal_data_keys WHERE subject_id = ?');
    this.selectErasure = this.db.prepare('SELECT erased_at FROM personal_data_erasures WHERE subject_id = ?');
    this.insertKey = this.db.prepare('INSERT INTO personal_data_keys (subject_id, key, created_at) VALUES (?, ?, ?) ON CONFLICT (subject_id) DO NOTHING');
  }

  /**
   * Checked on every use for a write, even of an existing key: ciphertext written under a key
   * of a deleted file is lost at the next start, however readable it is now.
   *
   * New keys are committed in groups: the subjects asked for during one turn of the event loop
   * get their keys in one transaction (one fsync) on the next, before any caller is answered.
   * Concurrent commands and an import's slice of rows thus share a commit instead of
   * stalling the event loop once per new breach. Beside the SQLite event store (`writeKeys`)
   * the group is committed by its writer thread, off the event loop, in the round before the
   * events that need the keys.
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
      const subjects = group.map(([subjectId]) => subjectId);
      this.writeKeys(subjects, this.clock.now().toISOString()).then(
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

  /** The keys of a group in one transaction of this thread's connection. */
  private createHere(group: KeyGroup): Map<string, Buffer | PersonalDataErasedError> {
    return this.writing(() =>
      this.db.transaction(() => {
        const created = new Map<string, Buffer | PersonalDataErasedError>();
        const now = this.clock.now().toISOString();
        for (const [subjectId] of group) {
          // Looked at again inside the write lock: another process may have created or erased it meanwhile.
          const erased = this.erasedRow(subjectId);
          if (erased) {
            created.set(subjectId, new PersonalDataErasedError(subjectId, erased.erased_at));
            continue;
          }
          this.insertKey.run(subjectId, randomBytes(KEY_BYTES), now);
          created.set(subjectId, this.keyRow(subjectId) as Buffer);
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

/** Opens (creating when absent) a key file; refuses a file that is not empty and not ours, unchanged. */
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
