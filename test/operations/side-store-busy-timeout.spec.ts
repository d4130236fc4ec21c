import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig, type AppConfig } from '../../src/config/config.js';
import { openAccessLog, openApiKeys, openPersonalDataKeys } from '../../src/engines.js';
import { openDurableSqlite } from '../../src/shared/durable-sqlite.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * SQLITE_BUSY_TIMEOUT_MS reaches the side stores of the data folder: a write waits that long
 * for another connection's lock (the keys CLI, another instance), then fails with
 * SQLITE_BUSY. With 0 a store fails at once where the default would wait five seconds.
 */
describe('the busy timeout of the side stores', () => {
  let dir: ReturnType<typeof tempDir>;
  const holders: Database.Database[] = [];
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => {
    for (const holder of holders.splice(0)) {
      if (holder.inTransaction) holder.exec('ROLLBACK');
      holder.close();
    }
    dir.remove();
  });

  /** Another connection takes the file's write lock and keeps it until the test ends. */
  const holdWriteLock = (file: string): void => {
    const holder = new Database(file);
    holder.exec('BEGIN IMMEDIATE');
    holders.push(holder);
  };

  /** How long `attempt` took to fail, in milliseconds, and with which SQLite code. */
  const failure = async (attempt: () => unknown): Promise<{ ms: number; busy: boolean }> => {
    const start = performance.now();
    try {
      await attempt();
    } catch (error) {
      const text = `${(error as { code?: string }).code ?? ''} ${(error as Error).message} ${String((error as { cause?: unknown }).cause ?? '')}`;
      return { ms: performance.now() - start, busy: /SQLITE_BUSY|database is locked/.test(text) };
    }
    throw new Error('expected the write to fail while another connection holds the lock');
  };

  it('openDurableSqlite: a write waits busyTimeoutMs for a held lock, then fails with SQLITE_BUSY', async () => {
    const file = join(dir.path, 'side.sqlite');
    const setUp = openDurableSqlite(file);
    setUp.exec('CREATE TABLE t (x INTEGER) STRICT');
    setUp.close();
    holdWriteLock(file);

    const impatient = openDurableSqlite(file, 0);
    const atOnce = await failure(() => impatient.prepare('INSERT INTO t (x) VALUES (1)').run());
    impatient.close();
    expect(atOnce.busy).toBe(true);
    expect(atOnce.ms).toBeLessThan(150);

    const patient = openDurableSqlite(file, 400);
    const afterWaiting = await failure(() => patient.prepare('INSERT INTO t (x) VALUES (1)').run());
    patient.close();
    expect(afterWaiting.busy).toBe(true);
    expect(afterWaiting.ms).toBeGreaterThanOrEqual(350);
  });

  describe('each store opened from the configuration is given SQLITE_BUSY_TIMEOUT_MS', () => {
    let config: AppConfig;
    beforeEach(() => {
      config = loadConfig({ DATA_DIR: join(dir.path, 'data'), SQLITE_BUSY_TIMEOUT_MS: '0' });
    });

    it('the API keys', async () => {
      const keys = await openApiKeys(config);
      try {
        holdWriteLock(config.auth.apiKeysFile);
        const failed = await failure(() => keys.create({ role: 'privacy-officer', name: 'Officer' }, new Date('2026-03-01T10:00:00Z')));
        expect(failed.busy).toBe(true);
        expect(failed.ms).toBeLessThan(1000);
      } finally {
        await keys.close();
      }
    });

    it('the access log', async () => {
      const log = await openAccessLog(config);
      try {
        holdWriteLock(config.auth.accessLogFile);
        const entry = { at: '2026-03-01T10:00:00.000Z', actor: { id: 'api-key:0000000000000001', role: 'auditor' }, method: 'GET', route: '/ledger/export', url: '/ledger/export', status: 200 } as const;
        const failed = await failure(() => log.record(entry));
        expect(failed.busy).toBe(true);
        expect(failed.ms).toBeLessThan(1000);
      } finally {
        await log.close();
      }
    });

    it('the personal-data keys', async () => {
      await (await openPersonalDataKeys(config)).close();
      holdWriteLock(config.personalData.keysFile);
      const failed = await failure(() => openPersonalDataKeys(config));
      expect(failed.busy).toBe(true);
      expect(failed.ms).toBeLessThan(1000);
    });
  });
});
