import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** What makes one kind of Privacy Ledger SQLite file (event log, read models, keys). */
export interface LedgerFileKind {
  /** Marks the file as ours (PRAGMA application_id), so a stray SQLite file is refused. */
  readonly applicationId: number;
  readonly schemaVersion: number;
  /** For messages: "a Privacy Ledger event store". */
  readonly describe: string;
  /** Created in a new file, inside the creating transaction. */
  readonly schema: string;
  /** Run on every open of an existing file too (idempotent additions, e.g. CREATE … IF NOT EXISTS). */
  readonly additions?: string;
  /**
   * Brings a file of an older schema version to `schemaVersion`, inside the creating write
   * lock, before `additions`; without it such a file is opened as it is.
   */
  readonly upgrade?: (db: Database.Database, fromVersion: number) => void;
  readonly synchronous: 'FULL' | 'NORMAL';
  /** Further pragmas, set after the journal mode, before the schema. */
  readonly configure?: (db: Database.Database) => void;
  /** The typed error the adapter reports failures with. */
  readonly unavailable: (message: string, cause?: unknown) => Error;
}

/**
 * Opens (creating when absent) one of the service's SQLite files: looks before touching
 * (a foreign or garbage file is refused unchanged, since switching to WAL writes to it),
 * WAL at the kind's synchronous level, the schema created once inside the write lock.
 * Several processes may open one file: SQLite's locks serialise their writers.
 */
export function openLedgerFile(file: string, busyTimeoutMs: number, kind: LedgerFileKind): Database.Database {
  const refusals = new WeakSet<object>();
  const refuse = (message: string): Error => {
    const error = kind.unavailable(message);
    refusals.add(error);
    return error;
  };
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { timeout: busyTimeoutMs });
    const opened = db;
    refuseForeignFile(opened, file, kind, refuse);
    const mode = retryWhileBusy(busyTimeoutMs, () => opened.pragma('journal_mode = WAL', { simple: true }));
    if (mode !== 'wal' && file !== ':memory:') throw new Error(`the file system does not support WAL (journal_mode=${String(mode)})`);
    opened.pragma(`synchronous = ${kind.synchronous}`);
    kind.configure?.(opened);
    opened
      .transaction(() => {
        // Checked again inside the write lock: another process may have created it meanwhile.
        if (refuseForeignFile(opened, file, kind, refuse) === 'empty') {
          opened.exec(kind.schema);
          opened.pragma(`application_id = ${kind.applicationId}`);
          opened.pragma(`user_version = ${kind.schemaVersion}`);
        } else if (kind.upgrade) {
          const version = opened.pragma('user_version', { simple: true }) as number;
          if (version < kind.schemaVersion) {
            kind.upgrade(opened, version);
            opened.pragma(`user_version = ${kind.schemaVersion}`);
          }
        }
        if (kind.additions) opened.exec(kind.additions);
      })
      .immediate();
    return opened;
  } catch (error) {
    db?.close();
    if (error instanceof Error && refusals.has(error)) throw error;
    throw kind.unavailable(`cannot open ${file}: ${(error as Error).message}`, error);
  }
}

/** Refuses a file that is not empty and not ours; reports whether it is still empty. */
function refuseForeignFile(db: Database.Database, file: string, kind: LedgerFileKind, refuse: (message: string) => Error): 'empty' | 'ours' {
  // One read transaction for the header and the tables: read one by one, another process's
  // creating commit could fall between them (application_id still 0, user_version already
  // set), and a file being created beside this open would be refused as foreign.
  const { applicationId, version, tables } = db.transaction(() => ({
    applicationId: db.pragma('application_id', { simple: true }) as number,
    version: db.pragma('user_version', { simple: true }) as number,
    tables: (db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'`).get() as { n: number }).n,
  }))();
  if (applicationId === 0 && version === 0) {
    if (tables > 0) throw refuse(`${file} is a SQLite database of something else, not ${kind.describe}`);
    return 'empty';
  }
  if (applicationId !== kind.applicationId) throw refuse(`${file} is not ${kind.describe}`);
  if (version > kind.schemaVersion) throw refuse(`${file} has schema version ${version}; this build knows up to ${kind.schemaVersion}: upgrade the service`);
  return 'ours';
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
      const code = (error as { code?: string }).code;
      if ((code !== 'SQLITE_BUSY' && code !== 'SQLITE_LOCKED') || performance.now() >= deadline) throw error;
      Atomics.wait(pause, 0, 0, 20); // a synchronous 20 ms pause: opening is synchronous
    }
  }
}
