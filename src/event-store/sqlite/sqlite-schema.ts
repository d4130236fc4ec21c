import type Database from 'better-sqlite3';
import { openLedgerFile } from '../../shared/ledger-file.js';
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

/**
 * The category of a row's stream (`categoryOf`: before the first `-`, else the whole id), as
 * the category index and the queries that use it spell it: SQLite matches an expression index
 * only to the same expression.
 */
export const CATEGORY_OF_STREAM = `CASE WHEN instr(stream_id, '-') > 0 THEN substr(stream_id, 1, instr(stream_id, '-') - 1) ELSE stream_id END`;

/**
 * Added on every open, to new files and to files of this schema written before it: an index,
 * not a change to any row. A category's events in position order, so a projection that reads
 * one category reads only its rows. Building it on a large existing log takes a while, once.
 */
const ADDITIONS = `CREATE INDEX IF NOT EXISTS events_by_category ON events(${CATEGORY_OF_STREAM}, position);`;

export const DUPLICATE_EVENT_ID_MESSAGE = 'event_id already stored';

export interface OpenOptions {
  readonly file: string;
  readonly busyTimeoutMs: number;
}

/**
 * Opens (creating when absent) an event-store file for durable use: WAL with
 * synchronous=FULL, so an acknowledged commit survives kill -9 and power loss
 * (better-sqlite3's default, NORMAL, may lose the last commits on power loss).
 */
export function openEventStoreFile({ file, busyTimeoutMs }: OpenOptions): Database.Database {
  const db = openLedgerFile(file, busyTimeoutMs, {
    applicationId: APPLICATION_ID,
    schemaVersion: SCHEMA_VERSION,
    describe: 'a Privacy Ledger event store',
    schema: SCHEMA,
    additions: ADDITIONS,
    synchronous: 'FULL',
    unavailable: (message, cause) => new EventStoreUnavailableError(message, { cause }),
  });
  db.defaultSafeIntegers(true);
  return db;
}
