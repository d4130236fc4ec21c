import { afterAll, describe, expect, it } from '@jest/globals';
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
});
