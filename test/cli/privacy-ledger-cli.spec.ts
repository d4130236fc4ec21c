import { jest, afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';

// Each case runs the command line in child processes (and a service): slow on a loaded machine.
jest.setTimeout(120_000);
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ROLES } from '../../src/auth/roles.js';
import { realisticBreachCsv } from '../support/realistic-import.js';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const COMMANDS = ['keys', 'projections', 'verify', 'verify-answer', 'witness', 'cosign', 'import', 'backup', 'restore'];


/** `privacy-ledger <command>`, the package's bin, as a user runs it. */
describe('the privacy-ledger command line', () => {
  const dirs: ReturnType<typeof tempDir>[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()));
  const folder = () => {
    const dir = tempDir();
    dirs.push(dir);
    return dir.path;
  };


  it('lists its commands, and gives each command\'s usage with --help (exit 0)', async () => {
    const overview = await runCli({}, '--help');
    expect(overview.code).toBe(0);
    for (const command of COMMANDS) expect(overview.stdout).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
    const helps = await Promise.all(COMMANDS.map((command) => runCli({}, command, '--help')));
    helps.forEach((help, i) => {
      expect(help).toMatchObject({ code: 0, stderr: '' });
      expect(help.stdout).toMatch(new RegExp(`usage:\\s+privacy-ledger ${COMMANDS[i]} `));
    });
    expect((await runCli({}, 'help', 'backup')).stdout).toContain('usage: privacy-ledger backup <folder>');
  });

  it('names an unknown command and lists the commands (exit 2); without one it shows them too', async () => {
    const unknown = await runCli({}, 'wizard');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`unknown command wizard; the commands are: ${COMMANDS.join(', ')}`);
    const none = await runCli({});
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('usage: privacy-ledger <command>');
  });

  it('says that a role is unknown and lists the roles, before anything is written', async () => {
    const dataDir = folder();
    const outcome = await runCli({ DATA_DIR: dataDir }, 'keys', 'create', '--role', 'wizard', '--name', 'Merlin');
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain(`unknown role wizard; the roles are: ${ROLES.join(', ')}`);
    expect(outcome.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(dataDir)).toEqual([]);
    const allowed = await runCli({ DATA_DIR: dataDir }, 'keys', 'create', '--role', 'app', '--name', 'Intake', '--allow', 'register-breach,erase-personal-data');
    expect(allowed.code).toBe(2);
    expect(allowed.stderr).toMatch(/an app key cannot be allowed erase-personal-data; it may be allowed: register-breach, .*read-metrics/);
    const notApp = await runCli({ DATA_DIR: dataDir }, 'keys', 'create', '--role', 'dpo', '--name', 'FG', '--allow', 'register-breach');
    expect(notApp.stderr).toContain('--allow is for --role app only');
  });

  it('creates, lists and revokes keys through the one entry', async () => {
    const dataDir = folder();
    const created = await runCli({ DATA_DIR: dataDir }, 'keys', 'create', '--role', 'app', '--name', 'Prometheus', '--allow', 'read-metrics');
    expect(created.code).toBe(0);
    const { keyId } = JSON.parse(created.stdout) as { keyId: string };
    expect(created.stderr).toContain('holds no event log yet');
    const listed = await runCli({ DATA_DIR: dataDir }, 'keys', 'list');
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ keyId, role: 'app', allowed: ['read-metrics'] })]);
    expect((await runCli({ DATA_DIR: dataDir }, 'keys', 'revoke', keyId)).stdout).toContain(`revoked ${keyId}`);
  });

  describe('checks the data folder', () => {
    it('says so when DATA_DIR does not exist, instead of creating stores there', async () => {
      const missing = join(folder(), 'typo');
      for (const args of [['keys', 'list'], ['keys', 'create', '--role', 'dpo', '--name', 'FG'], ['projections', 'rebuild', 'breach-register.v2'], ['backup', join(folder(), 'b')]]) {
        const outcome = await runCli({ DATA_DIR: missing }, ...args);
        expect(outcome.code).toBe(2);
        expect(outcome.stderr).toContain(`DATA_DIR ${missing} does not exist`);
      }
      expect(existsSync(missing)).toBe(false);
    });

    it('says an empty folder is empty, rather than reporting a rebuild "live" at position 0', async () => {
      const empty = folder();
      const outcome = await runCli({ DATA_DIR: empty }, 'projections', 'rebuild', 'breach-register.v2');
      expect(outcome.code).toBe(2);
      expect(outcome.stderr).toContain(`DATA_DIR ${empty} is empty (the service never ran on it)`);
      expect(outcome.stdout).not.toContain('rebuilt and live');
      expect(readdirSync(empty)).toEqual([]);
    });

    it('names what a wrong folder holds', async () => {
      const wrong = folder();
      writeFileSync(join(wrong, 'notes.txt'), 'not a data folder');
      mkdirSync(join(wrong, 'photos'));
      const outcome = await runCli({ DATA_DIR: wrong }, 'keys', 'list');
      expect(outcome.code).toBe(2);
      expect(outcome.stderr).toMatch(/API_KEYS_FILE .*api-keys\.sqlite does not exist: DATA_DIR .* holds 2 other file\(s\) \(notes\.txt, photos\) but not this one/);
    });

    it('says a log without events has nothing to rebuild', async () => {
      const root = folder();
      const dataDir = join(root, 'data');
      const service = await startTestApp({ dataDir });
      await service.app.close();
      const outcome = await runCli({ DATA_DIR: dataDir }, 'projections', 'rebuild', 'breach-register.v2');
      expect(outcome.code).toBe(2);
      expect(outcome.stderr).toContain('holds no events: there is nothing to work on');
    });
  });

  describe('against a running service', () => {
    let service: TestApp;
    let url: string;
    beforeAll(async () => {
      service = await startTestApp();
      await service.app.listen(0, '127.0.0.1');
      url = `http://127.0.0.1:${(service.app.getHttpServer().address() as AddressInfo).port}`;
    });
    afterAll(async () => service.dispose());

    it('imports a CSV register, a dry run first, and says when the same file comes again', async () => {
      const dir = folder();
      const file = join(dir, 'datalekken.csv');
      writeFileSync(file, realisticBreachCsv(12));
      const env = { PRIVACY_LEDGER_URL: url, PRIVACY_LEDGER_KEY: service.keys['privacy-officer'] };
      const dry = await runCli(env, 'import', 'breaches', file, '--dry-run');
      expect(dry.code).toBe(0);
      expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, rows: 12, accepted: 12, refused: [] });
      const imported = await runCli(env, 'import', 'breaches', file);
      expect(imported.code).toBe(0);
      expect(JSON.parse(imported.stdout)).toMatchObject({ kind: 'breaches', rows: 12, replayed: false });
      expect(imported.stderr).toMatch(/imported 12 rows as \d+ events/);
      expect((await runCli(env, 'import', 'breaches', file)).stderr).toContain('imported before');
      // An auditor may not import: the service's refusal is shown, exit 1.
      const refused = await runCli({ ...env, PRIVACY_LEDGER_KEY: service.keys.auditor }, 'import', 'breaches', file);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('refused (403');
      const unknownKind = await runCli(env, 'import', 'dpias', file);
      expect(unknownKind.code).toBe(2);
      expect(unknownKind.stderr).toContain('unknown import dpias; the imports are: breaches, processing-activities');
    });

    it('cosigns a checkpoint with the party\'s own key; the service records the cosignature', async () => {
      const dir = folder();
      const checkpoint = await service.as('dpo').post('/audit/checkpoints', {});
      expect(checkpoint.status).toBe(201);
      const treeSize = checkpoint.body.treeSize as number;
      writeFileSync(join(dir, 'checkpoint.json'), JSON.stringify(checkpoint.body));
      writeFileSync(join(dir, 'ledger.pub'), (await service.as('auditor').get('/audit/public-key')).body.verifierKey as string);
      const { privateKey } = generateKeyPairSync('ed25519');
      writeFileSync(join(dir, 'auditor.pem'), privateKey.export({ format: 'pem', type: 'pkcs8' }));

      const cosigned = await runCli({}, 'cosign', join(dir, 'checkpoint.json'), '--key', join(dir, 'auditor.pem'), '--name', 'audit.example', '--log-key', join(dir, 'ledger.pub'));
      expect(cosigned.code).toBe(0);
      expect(cosigned.stderr).toContain(`/audit/checkpoints/${treeSize}/cosignatures`);
      const recorded = await service.as('auditor').post(`/audit/checkpoints/${treeSize}/cosignatures`, JSON.parse(cosigned.stdout));
      expect(recorded.status).toBe(201);
      expect(recorded.body.cosigners).toEqual(['audit.example']);

      // Another log's key: the checkpoint is not cosigned.
      const other = generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' });
      writeFileSync(join(dir, 'other.pub'), other);
      const refused = await runCli({}, 'cosign', join(dir, 'checkpoint.json'), '--key', join(dir, 'auditor.pem'), '--name', 'audit.example', '--log-key', join(dir, 'other.pub'));
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe('');
    });
  });
});
