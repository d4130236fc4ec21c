import { afterAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteApiKeys } from '../../src/auth/sqlite/sqlite-api-keys.js';
import { tempDir } from '../support/temp-dir.js';
import { describeApiKeysConformance } from './api-keys.conformance.js';

const dir = tempDir();
const file = join(dir.path, 'api-keys.sqlite');
afterAll(() => dir.remove());

describeApiKeysConformance('sqlite', {
  open: async () => new SqliteApiKeys(file),
  reopen: async (store) => {
    await store.close();
    return new SqliteApiKeys(file);
  },
});

describe('the SQLite API keys', () => {
  it('keep only a hash of the secret in the file and its WAL', async () => {
    const store = new SqliteApiKeys(file);
    const created = await store.create({ role: 'privacy-officer', name: 'Officer Jansen' }, new Date('2026-03-01T10:00:00Z'));
    await store.close();
    const bytes = readFileSync(file).toString('latin1') + readFileSync(`${file}-wal`, { flag: 'a+' }).toString('latin1');
    expect(bytes).toContain(created.keyId);
    expect(bytes).not.toContain(created.key.slice(`plk_${created.keyId}_`.length));
  });

  it('fail a key at the next check once another process revokes it, and at once when revoked through this handle, though checked keys are kept', async () => {
    const store = new SqliteApiKeys(file);
    try {
      const now = new Date('2026-03-01T10:00:00Z');
      const elsewhere = await store.create({ role: 'privacy-officer', name: 'Revoked elsewhere' }, now);
      const here = await store.create({ role: 'privacy-officer', name: 'Revoked here' }, now);
      const renamed = await store.create({ role: 'dpo', name: 'Before' }, now);
      for (const { key } of [elsewhere, here, renamed]) expect(await store.verify(key)).toBeDefined();
      expect(await store.verify(elsewhere.key)).toBeDefined();

      // Another process (as the keys CLI): its commit is seen by the very next check.
      const script = `const D = require("better-sqlite3"); const db = new D(process.argv[1]); db.prepare("UPDATE api_keys SET revoked_at = ? WHERE key_id = ?").run('2026-03-02T00:00:00.000Z', process.argv[2]); db.close();`;
      await new Promise<void>((resolve, reject) => execFile(process.execPath, ['-e', script, file, elsewhere.keyId], (error) => (error ? reject(error) : resolve())));
      expect(await store.verify(elsewhere.key)).toBeUndefined();

      // Another connection in this process, changing a kept key's record.
      const other = new Database(file);
      other.prepare('UPDATE api_keys SET name = ? WHERE key_id = ?').run('After', renamed.keyId);
      other.close();
      expect(await store.verify(renamed.key)).toMatchObject({ name: 'After' });

      expect(await store.revoke(here.keyId, now)).toBe(true);
      expect(await store.verify(here.key)).toBeUndefined();
      expect(await store.verify(renamed.key)).toMatchObject({ name: 'After' });
    } finally {
      await store.close();
    }
  });
});
