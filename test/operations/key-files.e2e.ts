import { afterEach, describe, expect, it } from '@jest/globals';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registrationBody } from '../support/breach-requests.js';
import { tempDir } from '../support/temp-dir.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The key files beside the log: the personal-data keys (PERSONAL_DATA_KEYS_FILE) and the
 * signing key (SIGNING_KEY_FILE). Losing or swapping one must never pass unnoticed.
 */
describe('lost or replaced key files', () => {
  const apps: TestApp[] = [];
  const dirs: ReturnType<typeof tempDir>[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.dispose().catch(() => undefined);
    dirs.splice(0).forEach((dir) => dir.remove());
  });
  const start = async (dataDir?: string): Promise<TestApp> => {
    const app = await startTestApp(dataDir ? { dataDir } : {});
    apps.push(app);
    return app;
  };
  /** A data folder the test removes, with the service stopped after registering a breach in it. */
  const folderWithABreach = async (): Promise<{ dataDir: string; breachId: string }> => {
    const dir = tempDir();
    dirs.push(dir);
    const dataDir = join(dir.path, 'data');
    const first = await start(dataDir);
    const breachId = await first.as('privacy-officer').register();
    await first.app.close();
    return { dataDir, breachId };
  };
  /** The start's error; a start that succeeds fails the test (and is closed afterwards). */
  const refusedStart = async (dataDir: string): Promise<Error> => {
    try {
      apps.push(await startTestApp({ dataDir }));
    } catch (error) {
      return error as Error;
    }
    throw new Error('the service started');
  };
  const keysFile = (dataDir: string) => join(dataDir, 'personal-data-keys.sqlite');
  const removeKeys = (dataDir: string) => ['', '-wal', '-shm'].forEach((suffix) => rmSync(keysFile(dataDir) + suffix, { force: true }));

  it('refuses to start, naming PERSONAL_DATA_KEYS_FILE, when the key file of a log with breaches is gone', async () => {
    const { dataDir } = await folderWithABreach();
    removeKeys(dataDir);
    expect((await refusedStart(dataDir)).message).toMatch(/PERSONAL_DATA_KEYS_FILE .*personal-data-keys\.sqlite/);
  });

  it('refuses to start when the key file lacks the key of a breach that was never erased (an older copy)', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const dataDir = join(dir.path, 'data');
    const first = await start(dataDir);
    await first.as('privacy-officer').register();
    await first.app.close();
    // A copy of the key file as it was after the first breach: the second breach's key is not in it.
    const copy = join(dir.path, 'keys-copy.sqlite');
    const { default: Database } = await import('better-sqlite3');
    const source = new Database(keysFile(dataDir));
    await source.backup(copy);
    source.close();
    const second = await start(dataDir);
    const breachId = await second.as('privacy-officer').register();
    await second.app.close();
    removeKeys(dataDir);
    renameSync(copy, keysFile(dataDir));
    expect((await refusedStart(dataDir)).message).toMatch(new RegExp(`PERSONAL_DATA_KEYS_FILE[\\s\\S]*${breachId}`));
  });

  it('starts again on its own key file, also after an erasure', async () => {
    const { dataDir, breachId } = await folderWithABreach();
    const again = await start(dataDir);
    await again.as('privacy-officer').closeAsNotReportable(breachId);
    const erased = await again.as('dpo').post(`/breaches/${breachId}/personal-data-erasure`, { reason: 'The retention period has ended.' });
    expect(erased.status).toBe(201);
    await again.app.close();
    await start(dataDir);
  });

  it('answers 503 personal-data-keys-unavailable to writes, and /health names the file, once the key file is deleted while running', async () => {
    const test = await start();
    const officer = test.as('privacy-officer');
    const breachId = await officer.register();
    removeKeys(test.dataDir);
    const registered = await officer.post('/breaches', registrationBody());
    expect(registered.status).toBe(503);
    expect(registered.headers['retry-after']).toBeDefined();
    expect(registered.body).toMatchObject({ code: 'personal-data-keys-unavailable', detail: expect.stringContaining('PERSONAL_DATA_KEYS_FILE') });
    const informed = await officer.post(`/breaches/${breachId}/dpo-notifications`, { informedAt: '2026-03-02T10:30:00+01:00', informedBy: 'J. de Vries' });
    expect(informed.status).toBe(503);
    const health = await test.app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ status: 'degraded', checks: { personalDataKeys: { status: 'down', error: expect.stringContaining('PERSONAL_DATA_KEYS_FILE') } } });
  });

  it('does not take a new key file put in place of the open one while running', async () => {
    const test = await start();
    const officer = test.as('privacy-officer');
    await officer.register();
    removeKeys(test.dataDir);
    writeFileSync(keysFile(test.dataDir), '');
    const registered = await officer.post('/breaches', registrationBody());
    expect(registered.status).toBe(503);
    expect(registered.body).toMatchObject({ code: 'personal-data-keys-unavailable' });
  });

  it('reports /health degraded, naming SIGNING_KEY_FILE, once the signing key file is deleted while running', async () => {
    const test = await start();
    const before = await test.app.inject({ method: 'GET', url: '/health' });
    expect(before.json()).toMatchObject({ checks: { signingKey: { status: 'up' } } });
    rmSync(join(test.dataDir, 'ledger-signing-key.pem'));
    const health = await test.app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ status: 'degraded', checks: { signingKey: { status: 'down', error: expect.stringContaining('SIGNING_KEY_FILE') } } });
  });

  describe('the other files of the data folder, deleted while running', () => {
    const remove = (dataDir: string, name: string) => ['', '-wal', '-shm'].forEach((suffix) => rmSync(join(dataDir, name + suffix), { force: true }));
    const dataFilesCheck = async (test: TestApp) => {
      const health = await test.app.inject({ method: 'GET', url: '/health' });
      expect(health.statusCode).toBe(503);
      return (health.json() as { status: string; checks: { dataFiles: { status: string; error?: string } } });
    };

    it('refuses appends once the log file is gone (nothing acknowledged into an unlinked file), and /health names SQLITE_EVENTS_FILE', async () => {
      const test = await start();
      const officer = test.as('privacy-officer');
      await officer.register();
      const healthy = await test.app.inject({ method: 'GET', url: '/health' });
      expect(healthy.json()).toMatchObject({ checks: { dataFiles: { status: 'up' } } });
      remove(test.dataDir, 'events.sqlite');
      const registered = await officer.post('/breaches', registrationBody());
      expect(registered.status).toBe(503);
      expect(registered.body).toMatchObject({ code: 'service-unavailable' });
      expect(await dataFilesCheck(test)).toMatchObject({ status: 'degraded', checks: { dataFiles: { status: 'down', error: expect.stringContaining('SQLITE_EVENTS_FILE was deleted') } } });
    });

    it('checks no credential against an API key file that was deleted or replaced (a key revoked in the new file would pass): 503, and /health names API_KEYS_FILE', async () => {
      const test = await start();
      const officer = test.as('privacy-officer');
      expect((await officer.get('/breaches')).status).toBe(200);
      remove(test.dataDir, 'api-keys.sqlite');
      writeFileSync(join(test.dataDir, 'api-keys.sqlite'), '');
      const listed = await officer.get('/breaches');
      expect(listed.status).toBe(503);
      expect(listed.body).toMatchObject({ code: 'api-keys-unavailable', detail: expect.stringContaining('API_KEYS_FILE') });
      expect(await dataFilesCheck(test)).toMatchObject({ checks: { dataFiles: { status: 'down', error: expect.stringContaining('API_KEYS_FILE was replaced') } } });
    });

    it('serves no logged read once the access log is gone (it would be logged nowhere), and /health names ACCESS_LOG_FILE', async () => {
      const test = await start();
      const auditor = test.as('auditor');
      expect((await auditor.get('/audit/events')).status).toBe(200);
      remove(test.dataDir, 'access-log.sqlite');
      const read = await auditor.get('/audit/events');
      expect(read.status).toBe(503);
      expect(read.body).toMatchObject({ code: 'access-log-unavailable' });
      expect(await dataFilesCheck(test)).toMatchObject({ checks: { dataFiles: { status: 'down', error: expect.stringContaining('ACCESS_LOG_FILE was deleted') } } });
    });
  });
});
