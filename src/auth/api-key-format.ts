import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { apiKeyActorId } from './actor-id.js';
import type { KeyRecord, NewKey } from './api-keys.port.js';
import { APP_GRANTABLE, type Permission } from './permissions.js';
import type { Principal } from './principal.js';
import { isRole, type Role } from './roles.js';

/**
 * A key is `plk_<keyId>_<secret>`; only sha256(secret) is stored (the secret has 256 bits
 * of entropy, so a fast hash suffices), compared in constant time. Every adapter uses these,
 * so a key made by one engine's CLI reads the same everywhere.
 */
const KEY = /^plk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface KeyToStore {
  readonly keyId: string;
  readonly secret: string;
  readonly secretSha256: Buffer;
  readonly name: string;
  readonly role: Role;
  readonly allowed: readonly Permission[];
}

/** Checks the request and draws a fresh id and secret. */
export function newKey(input: NewKey): KeyToStore {
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
  const secret = randomBytes(32).toString('base64url');
  return { keyId: randomBytes(8).toString('hex'), secret, secretSha256: sha256(secret), name, role: input.role, allowed: allowed as Permission[] };
}

export function keyText(key: KeyToStore): string {
  return `plk_${key.keyId}_${key.secret}`;
}

/** The id and secret of a well-formed key; undefined otherwise. */
export function parseKey(key: string): { keyId: string; secret: string } | undefined {
  const match = KEY.exec(key);
  if (!match) return undefined;
  const [, keyId, secret] = match as unknown as [string, string, string];
  return { keyId, secret };
}

/** The stored key this secret opens, as a principal; compared in constant time even when nothing is stored. */
export function principalOf(stored: { secretSha256: Buffer; record: Omit<KeyRecord, 'createdAt'> } | undefined, secret: string): Principal | undefined {
  const expected = stored?.secretSha256.length === 32 ? stored.secretSha256 : Buffer.alloc(32);
  const matches = timingSafeEqual(expected, sha256(secret));
  if (!stored || !matches) return undefined;
  const { keyId, name, role, allowed, revokedAt } = stored.record;
  if (revokedAt !== null || !isRole(role)) return undefined;
  return { id: apiKeyActorId(keyId), name, roles: [role], allowed: [...allowed], via: 'api-key' };
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
