import { afterEach, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { tempDir } from '../support/temp-dir.js';

const CLI = fileURLToPath(new URL('../../dist-bench/src/cli/keys.js', import.meta.url));
const run = promisify(execFile);

type Outcome = { code: number; stdout: string; stderr: string };

/** `npm run keys:create|list|revoke` run this file after building. */
describe('the keys command', () => {
  const dirs: ReturnType<typeof tempDir>[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()));

  const keysWith = async (env: NodeJS.ProcessEnv, ...args: string[]): Promise<Outcome & { dataDir: string }> => {
    const dir = tempDir();
    dirs.push(dir);
    try {
      const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env: { ...process.env, DATA_DIR: dir.path, LOG_LEVEL: 'silent', ...env } });
      return { code: 0, stdout, stderr, dataDir: dir.path };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr, dataDir: dir.path };
    }
  };
  const keys = (...args: string[]) => keysWith({}, ...args);

  it('uses the store READ_STORE chooses: with mongodb, MongoDB and no file of the data folder', async () => {
    const outcome = await keysWith(
      { READ_STORE: 'mongodb', MONGODB_URI: 'mongodb://127.0.0.1:9/?replicaSet=rs0&serverSelectionTimeoutMS=300', SIGNING_KEY_FILE: '/run/secrets/ledger-signing-key' },
      'list',
    );
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('MongoDB at mongodb://127.0.0.1:9/');
    expect(outcome.stderr).toContain('is unreachable');
    expect(existsSync(join(outcome.dataDir, 'api-keys.sqlite'))).toBe(false);
  });

  it('creates a key and prints it once', async () => {
    const created = await keys('create', '--role', 'privacy-officer', '--name', 'Privacy officer Jansen');
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ role: 'privacy-officer', name: 'Privacy officer Jansen', key: expect.stringMatching(/^plk_/) });
  });

  it('answers an unknown option or command with the usage, exit code 2 and no stack trace', async () => {
    for (const args of [['create', '--help'], ['create', '--role'], ['rotate']]) {
      const outcome = await keys(...args);
      expect(outcome.code).toBe(2);
      expect(outcome.stderr).toContain('usage: privacy-ledger keys create');
      expect(outcome.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
