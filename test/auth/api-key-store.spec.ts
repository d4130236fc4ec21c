import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiKeyStore } from '../../src/auth/api-key-store.js';
import { tempDir } from '../support/temp-dir.js';

describe('API keys', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: ApiKeyStore;
  const now = new Date('2026-03-01T10:00:00Z');
  beforeEach(() => {
    dir = tempDir();
    store = new ApiKeyStore(join(dir.path, 'keys.sqlite'));
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  it('creates a key that authenticates as its role, and stores only a hash of it', () => {
    const created = store.create({ role: 'privacy-officer', name: 'Officer Jansen' }, now);
    expect(created.key).toMatch(/^plk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(store.verify(created.key)).toEqual({ id: `api-key:${created.keyId}`, name: 'Officer Jansen', roles: ['privacy-officer'], allowed: [], via: 'api-key' });
    store.close();
    const bytes = readFileSync(join(dir.path, 'keys.sqlite')).toString('latin1') + readFileSync(join(dir.path, 'keys.sqlite-wal'), { flag: 'a+' }).toString('latin1');
    expect(bytes).not.toContain(created.key.slice(`plk_${created.keyId}_`.length));
    store = new ApiKeyStore(join(dir.path, 'keys.sqlite'));
    expect(store.verify(created.key)).toBeDefined();
  });

  it('refuses a wrong secret, an unknown id and a malformed key', () => {
    const { key, keyId } = store.create({ role: 'auditor', name: 'Audit' }, now);
    const wrong = `plk_${keyId}_${'A'.repeat(43)}`;
    for (const attempt of [wrong, key.replace(keyId, '0123456789abcdef'), `${key}x`, 'plk_', '']) expect(store.verify(attempt)).toBeUndefined();
  });

  it('refuses a revoked key', () => {
    const { key, keyId } = store.create({ role: 'admin', name: 'Ops' }, now);
    expect(store.revoke(keyId, now)).toBe(true);
    expect(store.verify(key)).toBeUndefined();
    expect(store.revoke(keyId, now)).toBe(false);
    expect(store.list()).toEqual([expect.objectContaining({ keyId, revokedAt: now.toISOString() })]);
  });

  it('needs an app key to list its commands, from those an app may be allowed', () => {
    expect(() => store.create({ role: 'app', name: 'Intake' }, now)).toThrow(/must list the commands/);
    expect(() => store.create({ role: 'app', name: 'Intake', allowed: ['give-dpo-advice'] }, now)).toThrow(/may not be allowed give-dpo-advice/);
    expect(() => store.create({ role: 'dpo', name: 'FG', allowed: ['register-breach'] }, now)).toThrow(/app keys only/);
    const app = store.create({ role: 'app', name: 'Intake', allowed: ['register-breach', 'take-measure'] }, now);
    expect(store.verify(app.key)?.allowed).toEqual(['register-breach', 'take-measure']);
  });
});
