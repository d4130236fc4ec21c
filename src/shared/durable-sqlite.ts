import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A small SQLite file of the data folder (API keys, the access log), created with its
 * folder when absent: WAL with synchronous=FULL, so a write is on disk before it is
 * acknowledged (better-sqlite3 defaults to NORMAL, which a power loss can undo).
 * `busyTimeoutMs`: how long a statement waits for another connection's lock (the keys CLI,
 * another instance, a backup) before it fails with SQLITE_BUSY; the service passes
 * SQLITE_BUSY_TIMEOUT_MS (src/engines.ts), whose default this is.
 */
export function openDurableSqlite(file: string, busyTimeoutMs = 5000): Database.Database {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: busyTimeoutMs });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  return db;
}
