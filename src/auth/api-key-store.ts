import Database from 'better-sqlite3';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { apiKeyActorId } from './actor-id.js';
import { APP_GRANTABLE, type Permission } from './permissions.js';
import type { Principal } from './principal.js';
import { isRole, type Role } from './roles.js';

/**
 * API keys for the embedded default, in a file of their own. A key is
 * `plk_<keyId>_<secret>`; only sha256(secret) is stored (the secret has 256 bits of
 * entropy, so a fast hash suffices), compared in constant time. Keys are shown once, at
 * creation, and can be revoked.
 */
const KEY = /^plk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface CreatedKey {
  readonly keyId: string;
  /** The key itself: shown now, never again. */
  readonly key: string;
  readonly name: string;
  readonly role: Role;
  readonly allowed: readonly Permission[];
}

export interface KeyRecord {
  readonly keyId: string;
  readonly name: string;
  readonly role: Role;
  readonly allowed: readonly Permission[];
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

export class ApiKeyStore {
  private readonly db: Database.Database;

  constructor(file: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file, { timeout: 5000 });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS api_keys (
      key_id TEXT PRIMARY KEY, secret_sha256 BLOB NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL,
      allowed TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT) STRICT`);
  }

  create(input: { name: string; role: Role; allowed?: readonly string[] }, now: Date): CreatedKey {
    const name = input.name.trim();
    if (name.length === 0 || name.length > 200) throw new Error('a key needs a name of 1 to 200 characters');
    if (!isRole(input.role)) throw new Error(`unknown role ${String(input.role)}`);
    const allowed = [...new Set(input.allowed ?? [])];
    if (input.role === 'app') {
      if (allowed.length === 0) throw new Error(`an app key must list the commands it may send (--allow), from: ${APP_GRANTABLE.join(', ')}`);
      const unknown = allowed.filter((permission) => !(APP_GRANTABLE as readonly string[]).includes(permission));
      if (unknown.length > 0) throw new Error(`an app may not be allowed ${unknown.join(', ')}; grantable: ${APP_GRANTABLE.join(', ')}`);
    } else if (allowed.length > 0) {
      throw new Error('--allow applies to app keys only');
    }
    const keyId = randomBytes(8).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    this.db
      .prepare('INSERT INTO api_keys (key_id, secret_sha256, name, role, allowed, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(keyId, sha256(secret), name, input.role, JSON.stringify(allowed), now.toISOString());
    return { keyId, key: `plk_${keyId}_${secret}`, name, role: input.role, allowed: allowed as Permission[] };
  }

  /** The principal a key stands for, or undefined for an unknown, wrong or revoked key. */
  verify(key: string): Principal | undefined {
    const match = KEY.exec(key);
    if (!match) return undefined;
    const [, keyId, secret] = match as unknown as [string, string, string];
    const row = this.db.prepare('SELECT secret_sha256, name, role, allowed, revoked_at FROM api_keys WHERE key_id = ?').get(keyId) as
      | { secret_sha256: Buffer; name: string; role: string; allowed: string; revoked_at: string | null }
      | undefined;
    const expected = row?.secret_sha256 ?? Buffer.alloc(32);
    const matches = timingSafeEqual(expected, sha256(secret));
    if (!row || !matches || row.revoked_at !== null || !isRole(row.role)) return undefined;
    return { id: apiKeyActorId(keyId), name: row.name, roles: [row.role], allowed: JSON.parse(row.allowed) as Permission[], via: 'api-key' };
  }

  revoke(keyId: string, now: Date): boolean {
    return this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE key_id = ? AND revoked_at IS NULL').run(now.toISOString(), keyId).changes === 1;
  }

  list(): KeyRecord[] {
    const rows = this.db.prepare('SELECT key_id, name, role, allowed, created_at, revoked_at FROM api_keys ORDER BY created_at').all() as {
      key_id: string;
      name: string;
      role: Role;
      allowed: string;
      created_at: string;
      revoked_at: string | null;
    }[];
    return rows.map((row) => ({ keyId: row.key_id, name: row.name, role: row.role, allowed: JSON.parse(row.allowed) as Permission[], createdAt: row.created_at, revokedAt: row.revoked_at }));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
