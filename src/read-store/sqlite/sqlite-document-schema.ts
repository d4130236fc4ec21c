import type Database from 'better-sqlite3';
import { openLedgerFile } from '../../shared/ledger-file.js';
import { DocumentStoreUnavailableError } from './document-store.errors.js';

/** 'PLrm': marks a file as Privacy Ledger read models, so neither the event log nor a stray SQLite file is taken for one. */
export const READ_MODELS_APPLICATION_ID = 0x504c726d;
export const READ_MODELS_SCHEMA_VERSION = 2;

/*
 * Version 2: the documents of each collection in a table of its own (collectionTable in
 * sqlite-document-sql.ts, created with the collection's first write or index declaration), as
 * SQLite's binary JSON. Version 1 kept every collection's documents in one table `documents`,
 * as JSON text.
 */
const SCHEMA = `
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
  /** Told when a file of an older schema version was reset (its read models are then built again from the log). */
  readonly onReset?: (fromVersion: number) => void;
}

/**
 * A file of version 1 is reset, not migrated: read models are derived, so its documents
 * (the live generations' records among them) and every checkpoint are dropped and the
 * projections build everything again from the log, as on a first start. The leases stay.
 * secure_delete zeroes the dropped pages, and the WAL is emptied into the file after the open
 * (openReadModelFile), so no text of the old documents stays behind.
 */
function resetVersion1(db: Database.Database): void {
  db.exec(`DROP TABLE IF EXISTS documents; DELETE FROM checkpoints;`);
}

/**
 * Opens (creating when absent) a read-model file: WAL, synchronous=NORMAL.
 *
 * NORMAL, not the event log's FULL, because everything here can be rebuilt from the log.
 * In WAL mode NORMAL stays atomic and consistent: a kill -9 loses nothing, and a power
 * loss can only drop the last commits whole, documents and checkpoint together, so the
 * runner replays them from the older checkpoint. It can never leave the read models
 * ahead of the log, whose commits are on disk (FULL) before a subscriber sees them.
 * What NORMAL saves is an fsync per commit (measured on the build machines: 5-6x the rate
 * for one-row commits, 1.5x for 100-row ones), which matters most in a rebuild. What it rules out:
 * using a checkpoint in this file to guard a side effect outside it (an e-mail sent
 * "once"); such reactions need a durable record of their own.
 */
export function openReadModelFile({ file, busyTimeoutMs, onReset }: OpenOptions): Database.Database {
  let resetFrom: number | undefined;
  const db = openLedgerFile(file, busyTimeoutMs, {
    applicationId: READ_MODELS_APPLICATION_ID,
    schemaVersion: READ_MODELS_SCHEMA_VERSION,
    describe: 'a Privacy Ledger read-model file',
    schema: SCHEMA,
    additions: LEASES,
    upgrade: (opened, fromVersion) => {
      resetVersion1(opened);
      resetFrom = fromVersion;
    },
    synchronous: 'NORMAL',
    // A replaced or dropped document is overwritten with zeros, not merely marked free: once
    // a breach's personal data is erased, the views that showed it (and the generations a
    // rebuild drops) leave none of it behind in the file.
    configure: (opened) => opened.pragma('secure_delete = ON'),
    unavailable: (message, cause) => new DocumentStoreUnavailableError(message, { cause }),
  });
  // What a killed process left in the WAL into the file, and the WAL emptied: it may hold the
  // versions of pages from before an erasure whose scrub never ran (the process died between
  // the commit and the scrub, and the runners have passed the erasure). So do a reset's dropped
  // documents. Best effort and without waiting: another process at work on the file (another
  // instance) holds the WAL until its own next scrub or close, and would otherwise hold this
  // start for the busy timeout.
  db.pragma('busy_timeout = 0');
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // busy: left to the other process, as above
  } finally {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  }
  if (resetFrom !== undefined) onReset?.(resetFrom);
  // Bounded statistics for the query planner, refreshed at open for what changed a lot
  // while the file was closed (SQLite's advice for long-lived connections).
  db.pragma('analysis_limit = 1000');
  db.pragma('optimize = 0x10002');
  db.defaultSafeIntegers(true);
  return db;
}
