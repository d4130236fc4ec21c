import { afterEach, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { appendGeneratedYear, generateBreachYear } from '../support/breaches/generate-breach-year.js';
import { GENERATIONS } from '../../src/read-store/live-projections.js';
import { allDocuments, readSide } from '../support/read-side.js';
import { tempDir } from '../support/temp-dir.js';
import { startTestApp } from '../support/test-app.js';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

const CLI = fileURLToPath(new URL('../../dist-bench/src/cli/projections-rebuild.js', import.meta.url));
const run = promisify(execFile);

/** `npm run projections:rebuild -- <name>` runs this file after building. */
describe('the projections:rebuild command', () => {
  const dirs: ReturnType<typeof tempDir>[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()));

  it('rebuilds a projection into a new generation while the service runs, and the service follows the switch', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const service = readSide(dir.path);
    try {
      await service.projections.start();
      await appendGeneratedYear(service.events, service.clock, generateBreachYear({ seed: 7, breaches: 40 }), { pipeline: true });
      const head = await service.events.headPosition();
      const before = await service.projections.readable('breach-register.v2', head);
      const documents = await allDocuments(service.documents, before.collection);

      const { stdout } = await run(process.execPath, [CLI, 'breach-register.v2'], { env: { ...process.env, DATA_DIR: dir.path, LOG_LEVEL: 'silent' } });
      expect(stdout).toContain('rebuilt and live');
      // Progress: a line when it starts, every 2 s, and the overall rate when it has switched.
      const progress = stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => typeof line.percent === 'number');
      expect(progress.length).toBeGreaterThanOrEqual(2);
      expect(progress[0]).toMatchObject({ targetPosition: head.toString(), msg: expect.stringMatching(/^rebuilding breach-register\.v2: [\d.]+%, /) });
      expect(progress.at(-1)).toMatchObject({
        percent: 100,
        secondsLeft: 0,
        eventsPerSecond: expect.any(Number),
        msg: expect.stringMatching(/^rebuilding breach-register\.v2: 100%, [\d,]+ events\/s, 0 s left$/),
      });
      expect(await service.documents.get(GENERATIONS, 'breach-register.v2')).toMatchObject({ generation: 2, collection: 'breach-register.v2@2' });

      let after = before;
      for (let attempt = 0; attempt < 100 && after.collection === before.collection; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        after = await service.projections.readable('breach-register.v2', head);
      }
      expect(after.collection).toBe('breach-register.v2@2');
      expect(await allDocuments(service.documents, after.collection)).toEqual(documents);
    } finally {
      await service.close();
    }
  });

  it('names the projections when given an unknown one, and exits 2', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const failure = await run(process.execPath, [CLI, 'nope.v1'], { env: { ...process.env, DATA_DIR: dir.path } }).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2, stderr: expect.stringContaining('breach-timeline.v2') });
  });

  it('refuses to rebuild, naming PERSONAL_DATA_KEYS_FILE, when the key file cannot serve the log (it would show breaches as erased)', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const dataDir = join(dir.path, 'data');
    const service = await startTestApp({ dataDir });
    await service.as('privacy-officer').register();
    await service.app.close();
    ['', '-wal', '-shm'].forEach((suffix) => rmSync(join(dataDir, `personal-data-keys.sqlite${suffix}`), { force: true }));
    const failure = await run(process.execPath, [CLI, 'breach-register.v2'], { env: { ...process.env, DATA_DIR: dataDir } }).catch((error: { code: number; stderr: string; stdout: string }) => error);
    expect(failure).toMatchObject({ code: 1, stderr: expect.stringContaining('PERSONAL_DATA_KEYS_FILE') });
    expect((failure as { stdout: string }).stdout).not.toContain('rebuilt and live');
  });
});
