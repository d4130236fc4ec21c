import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { ephemeralId, type InstanceIdentity } from '../instance-identity.port.js';

/**
 * The embedded default's instance identity (instance-identity.port.ts). The name is kept
 * in a file of the data folder, and claimed by holding an exclusive SQLite lock on it for the life of the process: the operating system drops the lock when the
 * process dies, however it dies. A second live process on the same folder cannot claim it
 * and runs under a name of its own for this run only (two holders of one name would both
 * think they hold its leases).
 */
export class SqliteInstanceIdentity implements InstanceIdentity {
  private constructor(
    readonly id: string,
    /** Whether this is the folder's name (held), or one for this run only. */
    readonly claimed: boolean,
    private readonly db: Database.Database | undefined,
  ) {}

  /** `configured` (INSTANCE_ID) wins: the operator keeps it unique. */
  static claim(file: string, configured?: string): SqliteInstanceIdentity {
    if (configured) return new SqliteInstanceIdentity(configured, true, undefined);
    mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file, { timeout: 0 });
    try {
      db.exec('CREATE TABLE IF NOT EXISTS instance (id TEXT NOT NULL) STRICT');
      const id = lockedId(db);
      if (id) return new SqliteInstanceIdentity(id, true, db);
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
    }
    db.close();
    return new SqliteInstanceIdentity(ephemeralId(), false, undefined);
  }

  /** Lets the next process on the folder claim the name. */
  release(): void {
    if (this.db?.open) this.db.close();
  }
}

/** Takes the lock and keeps it (the transaction is never ended); the folder's name, created on first use. */
function lockedId(db: Database.Database): string | undefined {
  db.exec('BEGIN EXCLUSIVE');
  const row = db.prepare('SELECT id FROM instance').get() as { id: string } | undefined;
  if (row) return row.id;
  db.prepare('INSERT INTO instance (id) VALUES (?)').run(`${hostname()}-${randomBytes(4).toString('hex')}`);
  db.exec('COMMIT');
  return lockedId(db);
}
