import type Database from 'better-sqlite3';
import { openDurableSqlite } from '../../shared/durable-sqlite.js';
import { WatchedFile } from '../../shared/file-identity.js';
import { keyText, newKey, parseKey, principalOf } from '../api-key-format.js';
import { ApiKeysUnavailableError, type ApiKeys, type CreatedKey, type KeyRecord, type NewKey } from '../api-keys.port.js';
import type { Permission } from '../permissions.js';
import type { Principal } from '../principal.js';
import type { Role } from '../roles.js';

interface Row {
  key_id: string;
  name: string;
  role: Role;
  allowed: string;
  created_at: string;
  revoked_at: string | null;
}

/** Keys kept checked at most (`SqliteApiKeys.kept`). */
const KEPT_KEYS = 1000;

/** API keys for the embedded default, in a file of their own (WAL, synchronous=FULL: a created key survives a power loss). */
export class SqliteApiKeys implements ApiKeys {
  private readonly db: Database.Database;
  /**
   * The file as opened. The keys CLI writes to the path: once the path names another file (a
   * deleted one recreated, a restored copy), a key revoked there would still pass here, so
   * nothing is verified against the old file (fail closed, 503) until the service restarts.
   */
  private readonly watched: WatchedFile | undefined;
  /** Prepared once: every request's credential is looked up with it. */
  private readonly byKeyId: Database.Statement<[string], Row & { secret_sha256: Buffer }>;
  /** SQLite's count of commits to the file by other connections (other processes, other handles). */
  private readonly dataVersion: Database.Statement<[], number>;
  /**
   * Keys found, by key id, as the file held them at `keptVersion`: a commit by any other
   * connection (the keys CLI revoking a key, another instance) changes the file's data version
   * and drops them all before the next check, and this handle's own revocation drops them at
   * once, so a revoked key fails at the next request wherever it was revoked. Asking SQLite
   * for the data version costs about half the indexed lookup, and the record is not parsed again.
   */
  private kept = new Map<string, { readonly secretSha256: Buffer; readonly record: KeyRecord }>();
  private keptVersion = -1;

  /** `busyTimeoutMs`: how long a write waits for another process's lock (SQLITE_BUSY_TIMEOUT_MS). */
  constructor(file: string, busyTimeoutMs?: number) {
    this.db = openDurableSqlite(file, busyTimeoutMs);
    this.db.exec(`CREATE TABLE IF NOT EXISTS api_keys (
      key_id TEXT PRIMARY KEY, secret_sha256 BLOB NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL,
      allowed TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT) STRICT`);
    this.watched = file === ':memory:' ? undefined : new WatchedFile('API_KEYS_FILE', file);
    this.byKeyId = this.db.prepare('SELECT key_id, secret_sha256, name, role, allowed, created_at, revoked_at FROM api_keys WHERE key_id = ?');
    this.dataVersion = this.db.prepare<[], number>('PRAGMA data_version').pluck();
  }

  private requireSameFile(): void {
    const problem = this.watched?.problem();
    if (problem) throw new ApiKeysUnavailableError(`${problem}: credentials are not checked against a file the keys CLI no longer writes to; restart the service`);
  }

  async create(input: NewKey, now: Date): Promise<CreatedKey> {
    this.requireSameFile();
    const key = newKey(input);
    this.db
      .prepare('INSERT INTO api_keys (key_id, secret_sha256, name, role, allowed, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(key.keyId, key.secretSha256, key.name, key.role, JSON.stringify(key.allowed), now.toISOString());
    return { keyId: key.keyId, key: keyText(key), name: key.name, role: key.role, allowed: key.allowed };
  }

  async verify(key: string): Promise<Principal | undefined> {
    const parsed = parseKey(key);
    if (!parsed) return undefined;
    this.requireSameFile();
    return principalOf(this.stored(parsed.keyId), parsed.secret);
  }

  /** The stored key of a key id, from `kept` while no other connection has committed to the file. */
  private stored(keyId: string): { readonly secretSha256: Buffer; readonly record: KeyRecord } | undefined {
    const version = this.dataVersion.get() as number;
    if (version !== this.keptVersion) {
      this.kept.clear();
      this.keptVersion = version;
    }
    const kept = this.kept.get(keyId);
    if (kept) return kept;
    const row = this.byKeyId.get(keyId);
    if (!row) return undefined;
    const stored = { secretSha256: row.secret_sha256, record: record(row) };
    // Unknown ids are not kept (anyone can send them); known keys are few.
    if (this.kept.size >= KEPT_KEYS) this.kept.clear();
    this.kept.set(keyId, stored);
    return stored;
  }

  async revoke(keyId: string, now: Date): Promise<boolean> {
    this.requireSameFile();
    // This handle's own commit does not change the data version it reads.
    this.kept.clear();
    return this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE key_id = ? AND revoked_at IS NULL').run(now.toISOString(), keyId).changes === 1;
  }

  async list(): Promise<KeyRecord[]> {
    const rows = this.db.prepare('SELECT key_id, name, role, allowed, created_at, revoked_at FROM api_keys ORDER BY created_at').all() as Row[];
    return rows.map(record);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

function record(row: Row): KeyRecord {
  return { keyId: row.key_id, name: row.name, role: row.role, allowed: JSON.parse(row.allowed) as Permission[], createdAt: row.created_at, revokedAt: row.revoked_at };
}
