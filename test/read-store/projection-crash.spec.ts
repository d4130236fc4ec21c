import { afterEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appendGeneratedYear, generateBreachYear } from '../support/breaches/generate-breach-year.js';
import { appendAudits, expectedDocuments } from '../support/audit-streams.js';
import { allDocuments, readSide } from '../support/read-side.js';
import { tempDir } from '../support/temp-dir.js';

const WORKER = fileURLToPath(new URL('../../dist-bench/test/support/projection-worker.js', import.meta.url));

/** A log of a generated year (255 breaches) and 4 audits in a folder; its head. */
async function logOf(dir: string, seed: number): Promise<bigint> {
  const writer = readSide(dir, { readModels: 'unused.sqlite' });
  await appendGeneratedYear(writer.events, writer.clock, generateBreachYear({ seed }), { pipeline: true });
  await appendAudits(writer.events, 4);
  const head = await writer.events.headPosition();
  await writer.events.close();
  await writer.documents.close();
  return head;
}

/** Started again on the killed worker's read models, every projection equals a clean build in global order. */
async function expectSameAsCleanBuild(dir: string, head: bigint): Promise<void> {
  const restarted = readSide(dir);
  await restarted.projections.start();
  const clean = readSide(dir, { readModels: 'clean.sqlite', buildInStreamOrder: false });
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
}

describe('projections killed mid-batch', () => {
  const dirs: ReturnType<typeof tempDir>[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()));

  it('give the same documents after a restart as a clean build, when the process is killed with SIGKILL', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const head = await logOf(dir.path, 2021);

    // A worker with tiny batches in global order, killed once it has committed some but not all of the log.
    const child = spawn(process.execPath, [WORKER, dir.path, '3', 'global'], { stdio: ['ignore', 'pipe', 'inherit'] });
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

    await expectSameAsCleanBuild(dir.path, head);
  });

  it('give the same documents after a restart as a clean build, when the process is killed with SIGKILL in the middle of a build in stream order', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const head = await logOf(dir.path, 2022);

    // Commits of 2 kB: killed once a breach projection holds documents but no checkpoint yet.
    const child = spawn(process.execPath, [WORKER, dir.path, '3', '2048'], { stdio: ['ignore', 'ignore', 'inherit'] });
    let childExited = false;
    const exited = new Promise((resolve) => child.once('exit', resolve)).then(() => (childExited = true));
    const file = join(dir.path, 'read-models.sqlite');
    let look: Database.Database | undefined;
    let killedMidBuild = false;
    // Watched until the worker ends (or two minutes pass): on a loaded machine its start alone can
    // take seconds, so a fixed number of looks may end before the build has begun.
    const giveUpAt = Date.now() + 120_000;
    try {
      while (!killedMidBuild && !childExited && Date.now() < giveUpAt) {
        await new Promise((resolve) => setTimeout(resolve, 2));
        if (!look) {
          if (!existsSync(`${file}-wal`)) continue; // opened by the worker (WAL), never created here
          look = new Database(file, { readonly: true, fileMustExist: true });
          look.pragma('busy_timeout = 5000');
        }
        const tables = look.prepare(`SELECT name FROM sqlite_master WHERE name IN ('collection/breach-timeline.v2@1', 'checkpoints')`).all();
        if (tables.length < 2) continue;
        const unfinished = look
          .prepare(`SELECT count(*) AS n FROM "collection/breach-timeline.v2@1" WHERE NOT EXISTS (SELECT 1 FROM checkpoints WHERE projection = 'breach-timeline.v2@1')`)
          .get() as { n: number };
        if (unfinished.n > 0) {
          child.kill('SIGKILL');
          killedMidBuild = true;
        }
      }
    } finally {
      look?.close();
    }
    if (!killedMidBuild) child.kill('SIGKILL');
    await exited;
    expect(killedMidBuild).toBe(true);

    await expectSameAsCleanBuild(dir.path, head);
  });
});
