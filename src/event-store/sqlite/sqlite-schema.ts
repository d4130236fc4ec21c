import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { EventStoreUnavailableError } from '../event-store.errors.js';

/** 'PLgr': marks a file as a Privacy Ledger event store, so a stray SQLite file is refused. */
const APPLICATION_ID = 0x504c6772;
const SCHEMA_VERSION = 1;

const SCHEMA = `
  CREATE TABLE events (
    position       INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id       TEXT    NOT NULL UNIQUE,
    stream_id      TEXT    NOT NULL,
    revision       INTEGER NOT NULL,
    type           TEXT    NOT NULL,
    schema_version INTEGER NOT NULL,
    data           TEXT    NOT NULL,
    metadata       TEXT    NOT NULL,
    UNIQUE (stream_id, revision)
  ) STRICT;
  -- Nothing recorded is ever updated or deleted, not even by a mistaken query.
  CREATE TRIGGER events_are_immutable_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'events are immutable'); END;
  CREATE TRIGGER events_are_immutable_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'events are immutable'); END;
`;

export interface OpenOptions {
  readonly file: string;
  readonly busyTimeoutMs: number;
}

/**
 * Opens (creating when absent) an event-store file for durable use: WAL with
 * synchronous=FULL, so an acknowledged commit survives kill -9 and power loss
 * (better-sqlite3's default, NORMAL, may lose the last commits on power loss).
 * Several processes may open one file: SQLite's locks serialise their writers.
 */
export function openEventStoreFile({ file, busyTimeoutMs }: OpenOptions): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { timeout: busyTimeoutMs });
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal' && file !== ':memory:') throw new Error(`the file system does not support WAL (journal_mode=${String(mode)})`);
    db.pragma('synchronous = FULL');
    migrate(db, file);
    db.defaultSafeIntegers(true);
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof EventStoreUnavailableError) throw error;
    throw new EventStoreUnavailableError(`cannot open ${file}: ${(error as Error).message}`, { cause: error });
  }
}

function migrate(db: Database.Database, file: string): void {
  db.transaction(() => {
    const applicationId = db.pragma('application_id', { simple: true }) as number;
    const version = db.pragma('user_version', { simple: true }) as number;
    if (applicationId === 0 && version === 0) {
      const tables = db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'`).get() as { n: number };
      if (tables.n > 0) throw new EventStoreUnavailableError(`${file} is a SQLite database of something else, not a Privacy Ledger event store`);
      db.exec(SCHEMA);
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
      return;
    }
    if (applicationId !== APPLICATION_ID) throw new EventStoreUnavailableError(`${file} is not a Privacy Ledger event store`);
    if (version > SCHEMA_VERSION) {
      throw new EventStoreUnavailableError(`${file} has schema version ${version}; this build knows up to ${SCHEMA_VERSION}: upgrade the service`);
    }
  }).immediate();
}
