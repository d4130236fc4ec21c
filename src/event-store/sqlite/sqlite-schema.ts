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
  -- INSERT OR REPLACE deletes the conflicting row without firing the delete trigger
  -- (recursive_triggers is off by default), so an insert may never meet a stored row.
  CREATE TRIGGER events_are_immutable_replace BEFORE INSERT ON events
    BEGIN
      SELECT RAISE(ABORT, 'events are immutable: event_id already stored')
        WHERE EXISTS (SELECT 1 FROM events WHERE event_id = NEW.event_id);
      SELECT RAISE(ABORT, 'events are immutable: stream revision already stored')
        WHERE EXISTS (SELECT 1 FROM events WHERE stream_id = NEW.stream_id AND revision = NEW.revision);
      SELECT RAISE(ABORT, 'events are immutable: position already stored')
        WHERE NEW.position IS NOT NULL AND EXISTS (SELECT 1 FROM events WHERE position = NEW.position);
    END;
`;

export const DUPLICATE_EVENT_ID_MESSAGE = 'event_id already stored';

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
    // Look before touching: switching to WAL writes to the file, and a file that is not
    // ours must be refused unchanged.
    refuseForeignFile(db, file);
    const mode = retryWhileBusy(busyTimeoutMs, () => db?.pragma('journal_mode = WAL', { simple: true }));
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

/** Refuses a file that is not empty and not ours; reports whether it is still empty. */
function refuseForeignFile(db: Database.Database, file: string): 'empty' | 'ours' {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  if (applicationId === 0 && version === 0) {
    const tables = db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'`).get() as { n: number };
    if (tables.n > 0) throw new EventStoreUnavailableError(`${file} is a SQLite database of something else, not a Privacy Ledger event store`);
    return 'empty';
  }
  if (applicationId !== APPLICATION_ID) throw new EventStoreUnavailableError(`${file} is not a Privacy Ledger event store`);
  if (version > SCHEMA_VERSION) {
    throw new EventStoreUnavailableError(`${file} has schema version ${version}; this build knows up to ${SCHEMA_VERSION}: upgrade the service`);
  }
  return 'ours';
}

function migrate(db: Database.Database, file: string): void {
  db.transaction(() => {
    // Checked again inside the write lock: another process may have created it meanwhile.
    if (refuseForeignFile(db, file) === 'ours') return;
    db.exec(SCHEMA);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

/**
 * Changing the journal mode does not wait on SQLite's busy handler: while another process
 * holds the lock (creating the same new file, say) it fails at once with SQLITE_BUSY.
 * Retry until the busy timeout, as any other statement would wait.
 */
function retryWhileBusy<T>(timeoutMs: number, run: () => T): T {
  const deadline = performance.now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      return run();
    } catch (error) {
      const busy = (error as { code?: string }).code === 'SQLITE_BUSY' || (error as { code?: string }).code === 'SQLITE_LOCKED';
      if (!busy || performance.now() >= deadline) throw error;
      Atomics.wait(pause, 0, 0, 20); // a synchronous 20 ms pause: opening is synchronous
    }
  }
}
