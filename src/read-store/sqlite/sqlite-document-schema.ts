import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DocumentStoreUnavailableError } from './document-store.errors.js';

/** 'PLrm': marks a file as Privacy Ledger read models, so neither the event log nor a stray SQLite file is taken for one. */
export const READ_MODELS_APPLICATION_ID = 0x504c726d;
export const READ_MODELS_SCHEMA_VERSION = 1;

const SCHEMA = `
  CREATE TABLE documents (
    collection TEXT NOT NULL,
    id         TEXT NOT NULL,
    doc        TEXT NOT NULL CHECK (json_valid(doc) AND json_type(doc) = 'object'),
    PRIMARY KEY (collection, id)
  ) STRICT;
  CREATE TABLE checkpoints (
    projection TEXT    PRIMARY KEY,
    position   INTEGER NOT NULL CHECK (position >= 0),
    updated_at TEXT    NOT NULL
  ) STRICT;
`;

/**
 * Added after version 1 without a version bump: it is created in files of version 1 that
 * lack it, and older builds ignore it.
 */
const LEASES = `
  CREATE TABLE IF NOT EXISTS leases (
    name       TEXT    PRIMARY KEY,
    holder     TEXT    NOT NULL,
    expires_at INTEGER NOT NULL
  ) STRICT;
`;

export interface OpenOptions {
  readonly file: string;
  readonly busyTimeoutMs: number;
}

/**
 * Opens (creating when absent) a read-model file: WAL, synchronous=NORMAL.
 *
 * NORMAL, not the event log's FULL, because everything here can be rebuilt from the log.
 * In WAL mode NORMAL stays atomic and consistent: a kill -9 loses nothing, and a power
 * loss can only drop the last commits whole, documents and checkpoint together, so the
 * runner replays them from the older checkpoint. It can never leave the read models
 * ahead of the log, whose commits are on disk (FULL) before a subscriber sees them.
 * What NORMAL saves is an fsync per commit (STACK.md measured 5-6x the rate for one-row
 * commits, 1.5x for 100-row ones), which matters most in a rebuild. What it rules out:
 * using a checkpoint in this file to guard a side effect outside it (an e-mail sent
 * "once"); such reactions need a durable record of their own.
 */
export function openReadModelFile({ file, busyTimeoutMs }: OpenOptions): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { timeout: busyTimeoutMs });
    // Look before touching: switching to WAL writes to the file, and a file that is not
    // ours must be refused unchanged.
    refuseForeignFile(db, file);
    const mode = retryWhileBusy(busyTimeoutMs, () => db?.pragma('journal_mode = WAL', { simple: true }));
    if (mode !== 'wal' && file !== ':memory:') throw new Error(`the file system does not support WAL (journal_mode=${String(mode)})`);
    db.pragma('synchronous = NORMAL');
    // A replaced or dropped document is overwritten with zeros, not merely marked free: once
    // a breach's personal data is erased, the views that showed it (and the generations a
    // rebuild drops) leave none of it behind in the file.
    db.pragma('secure_delete = ON');
    migrate(db, file);
    // Bounded statistics for the query planner, refreshed at open for what changed a lot
    // while the file was closed (SQLite's advice for long-lived connections).
    db.pragma('analysis_limit = 1000');
    db.pragma('optimize = 0x10002');
    db.defaultSafeIntegers(true);
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof DocumentStoreUnavailableError) throw error;
    throw new DocumentStoreUnavailableError(`cannot open ${file}: ${(error as Error).message}`, { cause: error });
  }
}

/** Refuses a file that is not empty and not ours; reports whether it is still empty. */
function refuseForeignFile(db: Database.Database, file: string): 'empty' | 'ours' {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  if (applicationId === 0 && version === 0) {
    const tables = db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'`).get() as { n: number };
    if (tables.n > 0) throw new DocumentStoreUnavailableError(`${file} is a SQLite database of something else, not Privacy Ledger read models`);
    return 'empty';
  }
  if (applicationId !== READ_MODELS_APPLICATION_ID) throw new DocumentStoreUnavailableError(`${file} is not a Privacy Ledger read-model file`);
  if (version > READ_MODELS_SCHEMA_VERSION) {
    throw new DocumentStoreUnavailableError(`${file} has schema version ${version}; this build knows up to ${READ_MODELS_SCHEMA_VERSION}: upgrade the service`);
  }
  return 'ours';
}

function migrate(db: Database.Database, file: string): void {
  db.transaction(() => {
    // Checked again inside the write lock: another process may have created it meanwhile.
    if (refuseForeignFile(db, file) === 'ours') {
      db.exec(LEASES);
      return;
    }
    db.exec(SCHEMA);
    db.exec(LEASES);
    db.pragma(`application_id = ${READ_MODELS_APPLICATION_ID}`);
    db.pragma(`user_version = ${READ_MODELS_SCHEMA_VERSION}`);
  }).immediate();
}

/**
 * Changing the journal mode does not wait on SQLite's busy handler: while another process
 * holds the lock (creating the same new file, say) it fails at once with SQLITE_BUSY.
 * Retry until the busy timeout, as any other statement would wait.
 * (The event store's opener does the same; the two could share one helper.)
 */
function retryWhileBusy<T>(timeoutMs: number, run: () => T): T {
  const deadline = performance.now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      return run();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if ((code !== 'SQLITE_BUSY' && code !== 'SQLITE_LOCKED') || performance.now() >= deadline) throw error;
      Atomics.wait(pause, 0, 0, 20); // a synchronous 20 ms pause: opening is synchronous
    }
  }
}
