import type Database from 'better-sqlite3';
import { openDurableSqlite } from '../../shared/durable-sqlite.js';
import { WatchedFile } from '../../shared/file-identity.js';
import type { AccessEntry, AccessLog } from '../access-log.port.js';

interface Row {
  at: string;
  actor_id: string;
  actor_role: string;
  method: string;
  route: string;
  url: string;
  status: number;
  detail: string | null;
}

/** The embedded default: a file of its own, append-only also below this class (triggers refuse UPDATE and DELETE). */
export class SqliteAccessLog implements AccessLog {
  private readonly db: Database.Database;
  /** An entry written to a file that was deleted or replaced would be gone at the next start: refused instead. */
  private readonly watched: WatchedFile | undefined;
  private readonly insert: Database.Statement;

  /** `busyTimeoutMs`: how long a write waits for another process's lock (SQLITE_BUSY_TIMEOUT_MS). */
  constructor(file: string, busyTimeoutMs?: number) {
    this.db = openDurableSqlite(file, busyTimeoutMs);
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS access_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor_id TEXT NOT NULL, actor_role TEXT NOT NULL,
        method TEXT NOT NULL, route TEXT NOT NULL, url TEXT NOT NULL, status INTEGER NOT NULL) STRICT;
      CREATE TRIGGER IF NOT EXISTS access_log_no_update BEFORE UPDATE ON access_log BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
      CREATE TRIGGER IF NOT EXISTS access_log_no_delete BEFORE DELETE ON access_log BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;`);
    // Added later: files from before it get the column (adding one changes no row).
    const columns = this.db.prepare("SELECT name FROM pragma_table_info('access_log')").all() as { name: string }[];
    if (!columns.some((column) => column.name === 'detail')) this.db.exec('ALTER TABLE access_log ADD COLUMN detail TEXT');
    this.watched = file === ':memory:' ? undefined : new WatchedFile('ACCESS_LOG_FILE', file);
    // Prepared once: every recorded access would otherwise compile the same statement again.
    this.insert = this.db.prepare('INSERT INTO access_log (at, actor_id, actor_role, method, route, url, status, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  }

  async record(entry: AccessEntry): Promise<void> {
    const problem = this.watched?.problem();
    if (problem) throw new Error(`${problem}; restore it and restart the service`);
    this.insert.run(entry.at, entry.actor.id, entry.actor.role, entry.method, entry.route, entry.url, entry.status, entry.detail ? JSON.stringify(entry.detail) : null);
  }

  async page(offset: number, limit: number): Promise<{ items: AccessEntry[]; total: number }> {
    const rows = this.db.prepare('SELECT at, actor_id, actor_role, method, route, url, status, detail FROM access_log ORDER BY id DESC LIMIT ? OFFSET ?').all(limit, offset) as Row[];
    const { total } = this.db.prepare('SELECT count(*) AS total FROM access_log').get() as { total: number };
    return { items: rows.map(entryOf), total };
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

function entryOf(r: Row): AccessEntry {
  return { at: r.at, actor: { id: r.actor_id, role: r.actor_role }, method: r.method, route: r.route, url: r.url, status: r.status, ...(r.detail ? { detail: JSON.parse(r.detail) as AccessEntry['detail'] } : {}) };
}
