import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { appendGeneratedYear, generateBreachYear } from '../../src/breaches/testing/generate-breach-year.js';
import { appendAudits, expectedDocuments } from '../support/audit-streams.js';
import { allDocuments, readSide } from '../support/read-side.js';
import { tempDir } from '../support/temp-dir.js';

const WORKER = fileURLToPath(new URL('../../dist/test/support/projection-worker.js', import.meta.url));

describe('projections killed mid-batch', () => {
  const dirs: ReturnType<typeof tempDir>[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()));

  it('give the same documents after a restart as a clean build, when the process is killed with SIGKILL', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const writer = readSide(dir.path, { readModels: 'unused.sqlite' });
    await appendGeneratedYear(writer.events, writer.clock, generateBreachYear({ seed: 2021 }), { pipeline: true });
    await appendAudits(writer.events, 4);
    const head = await writer.events.headPosition();
    await writer.events.close();
    await writer.documents.close();

    // A worker with tiny batches, killed once it has committed some but not all of the log.
    const child = spawn(process.execPath, [WORKER, dir.path, '3'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let killedAt: bigint[] = [];
    await new Promise<void>((resolve, reject) => {
      let buffer = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) {
          const positions = (JSON.parse(line) as { position: string }[]).map((p) => BigInt(p.position));
          if (positions.every((p) => p >= head)) {
            child.kill('SIGKILL');
            reject(new Error('the worker caught up before it could be killed'));
            return;
          }
          if (positions.every((p) => p > head / 3n) && positions.some((p) => p < head)) {
            killedAt = positions;
            child.kill('SIGKILL');
            resolve();
            return;
          }
        }
      });
      child.once('exit', () => reject(new Error('the worker exited before it was killed')));
    });
    await new Promise((resolve) => child.once('exit', resolve));
    expect(killedAt.some((p) => p < head)).toBe(true);

    const restarted = readSide(dir.path);
    await restarted.projections.start();
    const clean = readSide(dir.path, { readModels: 'clean.sqlite' });
    await clean.projections.start();
    try {
      for (const name of restarted.projections.names()) {
        const after = await restarted.projections.readable(name, head);
        const fresh = await clean.projections.readable(name, head);
        const documents = await allDocuments(restarted.documents, after.collection);
        expect([name, documents.size]).toEqual([name, expectedDocuments(name, { breaches: 255, audits: 4 })]);
        expect(documents).toEqual(await allDocuments(clean.documents, fresh.collection));
      }
    } finally {
      await restarted.close();
      await clean.close();
    }
  });
});
