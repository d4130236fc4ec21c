import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** One read of an audit or export endpoint: who read what, when. */
export interface AccessEntry {
  readonly at: string;
  readonly actor: { readonly id: string; readonly role: string };
  readonly method: string;
  readonly route: string;
  /** The path and query as requested. */
  readonly url: string;
  readonly status: number;
  /** What a scoped read rested on: the breach or inquiry an AP identity's open inquiry put in scope. */
  readonly detail?: { readonly breachId?: string; readonly inquiryId?: string };
}

/** An access-log entry could not be written (disk full, I/O error): the read it logs is not served (HTTP 503). */
export class AccessLogUnavailableError extends Error {
  readonly code = 'access-log-unavailable';
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'AccessLogUnavailableError';
  }
}

/**
 * The access log: kept apart from the domain streams (its own file), append-only (triggers
 * refuse UPDATE and DELETE), readable by the FG and admins.
 */
export class AccessLog {
  private readonly db: Database.Database;

  constructor(file: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file, { timeout: 5000 });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS access_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor_id TEXT NOT NULL, actor_role TEXT NOT NULL,
        method TEXT NOT NULL, route TEXT NOT NULL, url TEXT NOT NULL, status INTEGER NOT NULL) STRICT;
      CREATE TRIGGER IF NOT EXISTS access_log_no_update BEFORE UPDATE ON access_log BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
      CREATE TRIGGER IF NOT EXISTS access_log_no_delete BEFORE DELETE ON access_log BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;`);
    // Added later: files from before it get the column (adding one changes no row).
    const columns = this.db.prepare("SELECT name FROM pragma_table_info('access_log')").all() as { name: string }[];
    if (!columns.some((column) => column.name === 'detail')) this.db.exec('ALTER TABLE access_log ADD COLUMN detail TEXT');
  }

  record(entry: AccessEntry): void {
    try {
      this.db
        .prepare('INSERT INTO access_log (at, actor_id, actor_role, method, route, url, status, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(entry.at, entry.actor.id, entry.actor.role, entry.method, entry.route, entry.url, entry.status, entry.detail ? JSON.stringify(entry.detail) : null);
    } catch (error) {
      throw new AccessLogUnavailableError(`cannot write to the access log: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Newest first. */
  page(offset: number, limit: number): { items: AccessEntry[]; total: number } {
    const rows = this.db.prepare('SELECT at, actor_id, actor_role, method, route, url, status, detail FROM access_log ORDER BY id DESC LIMIT ? OFFSET ?').all(limit, offset) as {
      at: string;
      actor_id: string;
      actor_role: string;
      method: string;
      route: string;
      url: string;
      status: number;
      detail: string | null;
    }[];
    const { total } = this.db.prepare('SELECT count(*) AS total FROM access_log').get() as { total: number };
    return { items: rows.map((r) => ({ at: r.at, actor: { id: r.actor_id, role: r.actor_role }, method: r.method, route: r.route, url: r.url, status: r.status, ...(r.detail ? { detail: JSON.parse(r.detail) as AccessEntry['detail'] } : {}) })), total };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
