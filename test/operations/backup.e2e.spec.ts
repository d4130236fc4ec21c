import { jest, afterEach, describe, expect, it } from '@jest/globals';

// Each case runs the command line in child processes (and a service): slow on a loaded machine.
jest.setTimeout(120_000);
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { backupDataFolder, restoreBackup, type BackupManifest } from '../../src/cli/backup.js';
import { loadConfig } from '../../src/config/config.js';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';
import { startTestApp, type TestApp } from '../support/test-app.js';




/**
 * `privacy-ledger backup` of a running service's data folder, restored into a fresh folder
 * with `privacy-ledger restore`, where the service starts, verifies its log and reads the
 * breaches (their personal fields decrypted with the restored keys).
 */
describe('backup and restore of the data folder', () => {
  const apps: TestApp[] = [];
  const dirs: ReturnType<typeof tempDir>[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.dispose().catch(() => undefined);
    dirs.splice(0).forEach((dir) => dir.remove());
  });
  const folder = () => {
    const dir = tempDir();
    dirs.push(dir);
    return dir.path;
  };
  const start = async (dataDir: string): Promise<TestApp> => {
    const app = await startTestApp({ dataDir });
    apps.push(app);
    return app;
  };

  it('copies a running service consistently: the restored log verifies, has the same Merkle root, and its breaches read in the clear', async () => {
    const root = folder();
    const dataDir = join(root, 'data');
    const original = await start(dataDir);
    const officer = original.as('privacy-officer');
    const first = await officer.register({ title: 'Youth-care decision sent to the wrong address' });
    expect((await original.as('dpo').post('/audit/checkpoints', {})).status).toBe(201);

    // Commands keep coming while the backup runs in another process.
    let writing = true;
    const registered: string[] = [];
    const writer = (async () => {
      while (writing) registered.push(await officer.register({ title: `Registered during the backup ${registered.length}` }));
    })();
    const backupDir = join(root, 'backup');
    const backup = await runCli({ DATA_DIR: dataDir }, 'backup', backupDir);
    writing = false;
    await writer;
    expect(backup).toMatchObject({ code: 0 });
    expect(backup.stderr).toContain('backup complete');
    expect(registered.length).toBeGreaterThan(0);

    const manifest = JSON.parse(readFileSync(join(backupDir, 'BACKUP.json'), 'utf8')) as BackupManifest;
    expect(manifest.files.map((file) => file.name).sort()).toEqual(
      ['access-log.sqlite', 'api-keys.sqlite', 'events.sqlite', 'ledger-signing-key.pem', 'personal-data-keys.sqlite', 'read-models.sqlite', 'request-fingerprint.key'].sort(),
    );
    expect(manifest.files.find((file) => file.name === 'events.sqlite')).toMatchObject({ kind: 'sqlite', setting: 'SQLITE_EVENTS_FILE' });
    // Only whole databases: no WAL or shared-memory file is copied, none is left behind.
    expect(existsSync(join(backupDir, 'events.sqlite-wal'))).toBe(false);
    const events = Number(manifest.log?.events);
    expect(events).toBeGreaterThanOrEqual(2);

    const restoredDir = join(root, 'restored');
    const restore = await runCli({}, 'restore', backupDir, restoredDir);
    expect(restore).toMatchObject({ code: 0 });
    expect(restore.stdout).toContain(`DATA_DIR=${restoredDir}`);

    const restored = await start(restoredDir);
    const auditor = restored.as('auditor');
    const verification = await auditor.get('/audit/verification');
    expect(verification.body).toMatchObject({ ok: true, events });
    // The restored log is the original's first `events` events: the same tree of that size.
    const rootOf = async (app: TestApp) => (await app.as('auditor').get(`/audit/proofs/inclusion?position=1&treeSize=${events}`)).body.rootHash;
    expect(await rootOf(restored)).toBe(await rootOf(original));
    // The checkpoint signed before the backup is there, with the same root, under the same key.
    expect((await auditor.get('/audit/checkpoints')).body).toEqual((await original.as('auditor').get('/audit/checkpoints')).body);
    expect((await auditor.get('/audit/public-key')).body).toEqual((await original.as('auditor').get('/audit/public-key')).body);

    // The breaches read in the clear: the personal-data keys came along.
    const dossier = await restored.as('privacy-officer').get(`/breaches/${first}/dossier`);
    expect(dossier.status).toBe(200);
    expect(dossier.body).toMatchObject({ personalData: 'readable', facts: { title: { value: 'Youth-care decision sent to the wrong address' } } });
    // And the restored service takes new commands after the restored log.
    const after = await restored.as('privacy-officer').register({ title: 'After the restore' });
    expect((await restored.as('privacy-officer').get(`/breaches/${after}/dossier`)).body).toMatchObject({ personalData: 'readable' });
  });

  it('refuses a backup folder that is not empty, and a backup whose files were changed', async () => {
    const root = folder();
    const dataDir = join(root, 'data');
    const original = await start(dataDir);
    await original.as('privacy-officer').register();
    const fresh = join(root, 'fresh');
    writeFileSync(join(root, 'x'), '');
    const full = await runCli({ DATA_DIR: dataDir }, 'backup', root);
    expect(full.code).toBe(2);
    expect(full.stderr).toContain('is not empty');

    const backupDir = join(root, 'backup');
    expect((await runCli({ DATA_DIR: dataDir }, 'backup', backupDir)).code).toBe(0);
    writeFileSync(join(backupDir, 'ledger-signing-key.pem'), 'tampered');
    const restore = await runCli({}, 'restore', backupDir, fresh);
    expect(restore.code).toBe(2);
    expect(restore.stderr).toContain('ledger-signing-key.pem in the backup is not the file that was backed up');
    expect(existsSync(fresh)).toBe(false);
  });

  it('takes the key files a setting keeps outside the data folder, and says where they belong on restore', async () => {
    const root = folder();
    const dataDir = join(root, 'data');
    const env = { DATA_DIR: dataDir, SIGNING_KEY_FILE: join(root, 'secrets', 'signing.pem') };
    const service = await startTestApp({ dataDir, env });
    apps.push(service);
    expect((await service.as('dpo').post('/audit/checkpoints', {})).status).toBe(201);
    const progress: string[] = [];
    const manifest = await backupDataFolder(loadConfig(env), join(root, 'backup'), (line) => progress.push(line));
    expect(manifest.files.find((file) => file.setting === 'SIGNING_KEY_FILE')).toMatchObject({ name: 'signing.pem', path: env.SIGNING_KEY_FILE });
    expect(progress).toContain('backup: events.sqlite done (' + String(manifest.files.find((file) => file.name === 'events.sqlite')?.bytes) + ' bytes)');
    const { outside } = await restoreBackup(join(root, 'backup'), join(root, 'restored'));
    expect(outside.map((file) => [file.name, file.setting])).toEqual([['signing.pem', 'SIGNING_KEY_FILE']]);
    expect(readFileSync(join(root, 'restored', 'signing.pem'), 'utf8')).toBe(readFileSync(env.SIGNING_KEY_FILE, 'utf8'));
  });

  it('refuses to back up a folder that is not the service\'s', async () => {
    const root = folder();
    const outcome = await runCli({ DATA_DIR: root }, 'backup', join(root, '..', `backup-${Date.now()}`));
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/SQLITE_EVENTS_FILE .*events\.sqlite does not exist: DATA_DIR .* is empty/);
  });
});
