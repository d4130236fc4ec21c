import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, createReadStream, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { AppConfig } from '../config/config.js';
import { MANIFEST } from './backup-manifest.js';
import { DataFolderError, requireFolder } from './data-folder.js';

/**
 * `privacy-ledger backup <folder>`: an online, consistent copy of every file of the data
 * folder while the service runs. Each SQLite database is copied with SQLite's backup API (a
 * consistent snapshot of that database, whatever the service writes meanwhile), every other
 * file as it is. The order keeps the copies consistent with each other:
 *
 *  1. the read models (and the other stores that refer to no position of the log): a
 *     projection copied before the log is at most behind it, and catches up after a restore;
 *     copied after it, it could be ahead, and would skip the events appended after the restore;
 *  2. the event log;
 *  3. the personal-data keys: every key of an event in the copied log was written before that
 *     event, so it is in the copy (the service refuses to start on a key file that lacks one);
 *  4. the signing key and the other plain files.
 *
 * Not copied: instance.sqlite, the instance's name, which the running service keeps locked.
 *
 * `privacy-ledger restore <backup> <new data folder>` checks every file against the manifest
 * (BACKUP.json) and copies them into a folder that does not exist yet or is empty.
 */

const FORMAT = 'privacy-ledger-backup/1';
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
/** SQLite's own companions of a database file: never copied, the backup API reads through them. */
const COMPANIONS = ['-wal', '-shm', '-journal'];
/** Pages per backup step: progress between steps, and short read transactions. */
const PAGES_PER_STEP = 4096;

export interface BackupFile {
  /** The name in the backup (and in a restored data folder). */
  readonly name: string;
  /** The setting that names it, when one does. */
  readonly setting?: string;
  /** Where it was: a file outside DATA_DIR (an absolute setting) goes back where its setting says. */
  readonly path: string;
  readonly kind: 'sqlite' | 'file';
  readonly bytes: number;
  readonly sha256: string;
}

export interface BackupManifest {
  readonly format: typeof FORMAT;
  readonly createdAt: string;
  readonly dataDir: string;
  /** The position of the last event in the copied log, and how many events it holds. */
  readonly log?: { readonly headPosition: string; readonly events: number };
  readonly files: readonly BackupFile[];
}

export type Progress = (line: string) => void;

interface Source {
  readonly path: string;
  readonly setting?: string;
  /** Lower first (see the order above). */
  readonly phase: 1 | 2 | 3 | 4;
}

/** Copies every file of the data folder (and the key files its settings name elsewhere) into `target`. */
export async function backupDataFolder(config: AppConfig, target: string, progress: Progress = () => undefined, now: () => Date = () => new Date()): Promise<BackupManifest> {
  const embedded = config.eventStore.engine === 'sqlite' || config.readStore.engine === 'sqlite';
  // With KurrentDB and MongoDB the data folder may hold nothing (or not exist); the key files still count.
  if (embedded || existsSync(config.dataDir)) requireFolder(config.dataDir);
  const destination = resolve(target);
  requireEmptyFolder(destination, 'the backup folder');
  if (isInside(destination, config.dataDir)) throw new DataFolderError(`the backup folder ${destination} lies inside DATA_DIR ${config.dataDir}: put it elsewhere`);
  const sources = sourcesOf(config);
  if (!sources.some((source) => source.setting === 'SQLITE_EVENTS_FILE') && config.eventStore.engine === 'sqlite') {
    throw new DataFolderError(`DATA_DIR ${config.dataDir} holds no event log (${basename(config.eventStore.file)}): is it the service's data folder?`);
  }
  mkdirSync(destination, { recursive: true });
  const createdAt = now().toISOString();
  const files: BackupFile[] = [];
  let log: BackupManifest['log'];
  const used = new Set<string>([MANIFEST]);
  for (const source of [...sources].sort((a, b) => a.phase - b.phase)) {
    const name = uniqueName(source, config.dataDir, used);
    const copy = join(destination, name);
    mkdirSync(dirname(copy), { recursive: true });
    const kind = isSqlite(source.path) ? 'sqlite' : 'file';
    if (kind === 'sqlite') await backupSqlite(source.path, copy, name, config.sqliteBusyTimeoutMs, progress).catch((error: unknown) => {
      throw new Error(`${source.setting ?? source.path}: ${source.path} could not be copied: ${(error as Error).message}`);
    });
    else copyFileSync(source.path, copy);
    // Read before the copy is hashed: opening a database may touch its files.
    if (source.setting === 'SQLITE_EVENTS_FILE') log = logFacts(copy);
    syncFile(copy);
    files.push({ name, ...(source.setting ? { setting: source.setting } : {}), path: source.path, kind, bytes: statSync(copy).size, sha256: await sha256Of(copy) });
    progress(`backup: ${name} done (${statSync(copy).size} bytes)`);
  }
  const manifest: BackupManifest = { format: FORMAT, createdAt, dataDir: config.dataDir, ...(log ? { log } : {}), files };
  writeFileSync(join(destination, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  syncFile(join(destination, MANIFEST));
  syncFile(destination);
  return manifest;
}

/** Checks a backup against its manifest and copies it into `target` (absent or empty), ready for DATA_DIR. */
export async function restoreBackup(backup: string, target: string, progress: Progress = () => undefined): Promise<{ manifest: BackupManifest; outside: readonly BackupFile[] }> {
  const manifest = readManifest(backup);
  for (const file of manifest.files) {
    const copy = join(backup, file.name);
    if (!existsSync(copy)) throw new DataFolderError(`the backup lacks ${file.name}, which its manifest lists`);
    if ((await sha256Of(copy)) !== file.sha256) throw new DataFolderError(`${file.name} in the backup is not the file that was backed up (its sha256 differs from the manifest's)`);
  }
  const destination = resolve(target);
  requireEmptyFolder(destination, 'the folder to restore into');
  mkdirSync(destination, { recursive: true });
  for (const file of manifest.files) {
    const to = join(destination, file.name);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(join(backup, file.name), to);
    syncFile(to);
    progress(`restore: ${file.name} (${file.bytes} bytes) checked and copied`);
  }
  syncFile(destination);
  const outside = manifest.files.filter((file) => !isInside(file.path, manifest.dataDir));
  return { manifest, outside };
}

export function readManifest(backup: string): BackupManifest {
  const file = join(backup, MANIFEST);
  if (!existsSync(file)) throw new DataFolderError(`${backup} is not a backup: it has no ${MANIFEST}`);
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as BackupManifest;
  if (manifest.format !== FORMAT || !Array.isArray(manifest.files)) throw new DataFolderError(`${file} is not a backup manifest of this version (${FORMAT})`);
  for (const entry of manifest.files) {
    // A manifest names files inside the backup only.
    if (typeof entry.name !== 'string' || isAbsolute(entry.name) || !isInside(resolve(backup, entry.name), resolve(backup))) throw new DataFolderError(`${file}: ${String(entry.name)} is not a file of the backup`);
  }
  return manifest;
}

/** The files to copy: the settings' files wherever they are, and everything else in DATA_DIR. */
function sourcesOf(config: AppConfig): Source[] {
  const named: Source[] = [];
  const add = (path: string, setting: string, phase: Source['phase']) => {
    if (path !== ':memory:' && existsSync(path)) named.push({ path: resolve(path), setting, phase });
  };
  if (config.readStore.engine === 'sqlite') {
    add(config.readStore.file, 'SQLITE_READ_MODELS_FILE', 1);
    add(config.auth.apiKeysFile, 'API_KEYS_FILE', 1);
    add(config.auth.accessLogFile, 'ACCESS_LOG_FILE', 1);
    add(config.personalData.keysFile, 'PERSONAL_DATA_KEYS_FILE', 3);
    add(join(config.dataDir, 'request-fingerprint.key'), 'request-fingerprint.key', 4);
  }
  if (config.eventStore.engine === 'sqlite') add(config.eventStore.file, 'SQLITE_EVENTS_FILE', 2);
  add(config.ledger.signingKeyFile, 'SIGNING_KEY_FILE', 4);
  // Not copied: the instance's name (instance.sqlite), locked by the running service for its
  // life. It is no data: a restored service names itself anew, or takes INSTANCE_ID.
  const excluded = config.readStore.engine === 'sqlite' ? [resolve(config.readStore.instanceFile)] : [];
  const known = new Set([...named.map((source) => source.path), ...excluded]);
  const others = (existsSync(config.dataDir) ? filesUnder(config.dataDir) : []).filter((path) => !known.has(path) && !isCompanion(path, known) && !excluded.includes(path));
  // A database the settings do not name (a store added later) goes with the first phase; a plain file with the last.
  return [...named, ...others.map((path) => ({ path, phase: isSqlite(path) ? (1 as const) : (4 as const) }))];
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return entry.isFile() ? [resolve(path)] : [];
  });
}

function isCompanion(path: string, known: ReadonlySet<string>): boolean {
  const suffix = COMPANIONS.find((end) => path.endsWith(end));
  if (!suffix) return false;
  const database = path.slice(0, -suffix.length);
  return known.has(database) || (existsSync(database) && isSqlite(database));
}

function uniqueName(source: Source, dataDir: string, used: Set<string>): string {
  const inside = isInside(source.path, dataDir);
  let name = inside ? relative(dataDir, source.path) : basename(source.path);
  for (let n = 2; used.has(name); n += 1) name = `${n}-${basename(source.path)}`;
  used.add(name);
  return name;
}

async function backupSqlite(source: string, copy: string, name: string, busyTimeoutMs: number, progress: Progress): Promise<void> {
  // Not read-only: a read-only connection cannot open a WAL database whose -shm file is absent (the service stopped).
  // Opened as it is (no pragmas, never created): it is the service's file, only read for the copy.
  const db = new Database(source, { fileMustExist: true, timeout: busyTimeoutMs });
  try {
    let lastRemaining = Number.POSITIVE_INFINITY;
    let shownAt = 0;
    await db.backup(copy, {
      progress: ({ totalPages, remainingPages }) => {
        // Written to between two steps, SQLite starts the copy again; once that happened, the
        // rest is copied in one step, so a busy writer cannot keep the backup from finishing.
        const restarted = remainingPages > lastRemaining;
        lastRemaining = remainingPages;
        const done = totalPages - remainingPages;
        if (Date.now() - shownAt > 1000 && totalPages > PAGES_PER_STEP) {
          shownAt = Date.now();
          progress(`backup: ${name} ${Math.floor((100 * done) / totalPages)}% (${done} of ${totalPages} pages)`);
        }
        return restarted ? totalPages : PAGES_PER_STEP;
      },
    });
  } finally {
    db.close();
  }
  const copied = new Database(copy, { fileMustExist: true });
  try {
    const check = copied.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`the copy of ${name} does not pass SQLite's quick_check: ${String(check)}`);
    // A single file, as restored: the copy keeps the source's WAL mode; fold its log back in.
    copied.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    copied.close();
  }
  for (const suffix of COMPANIONS) if (existsSync(copy + suffix)) throw new Error(`the copy of ${name} left ${basename(copy + suffix)} behind`);
}

/** The copied log's last position and size (the event log's own table, read only). */
function logFacts(file: string): BackupManifest['log'] {
  const db = new Database(file, { fileMustExist: true });
  try {
    const row = db.prepare('SELECT coalesce(max(position), 0) AS head, count(*) AS events FROM events').get() as { head: number; events: number };
    return { headPosition: String(row.head), events: row.events };
  } catch {
    return undefined;
  } finally {
    db.close();
  }
}

function isSqlite(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(SQLITE_HEADER.length);
    return readSync(fd, header, 0, header.length, 0) === header.length && header.equals(SQLITE_HEADER);
  } finally {
    closeSync(fd);
  }
}

function requireEmptyFolder(folder: string, what: string): void {
  if (!existsSync(folder)) return;
  if (!statSync(folder).isDirectory()) throw new DataFolderError(`${what} ${folder} is a file, not a folder`);
  if (readdirSync(folder).length > 0) throw new DataFolderError(`${what} ${folder} is not empty: give a new or empty folder (nothing is overwritten)`);
}

function isInside(path: string, folder: string): boolean {
  const rel = relative(resolve(folder), resolve(path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
