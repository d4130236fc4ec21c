import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appendGeneratedYear, generateBreachYear } from '../support/breaches/generate-breach-year.js';
import { SqliteDocumentStore } from '../../src/read-store/sqlite/sqlite-document-store.js';
import { appendAudits } from '../support/audit-streams.js';
import { allDocuments, readSide } from '../support/read-side.js';
import { tempDir } from '../support/temp-dir.js';

const WORKER = fileURLToPath(new URL('../../dist-bench/test/support/lease-worker.js', import.meta.url));
const TTL_MS = 500;

interface Entry {
  readonly name: string;
  readonly state: string;
  readonly position: bigint;
  readonly holder: string | null;
}

/** A lease worker (a service instance's read side) in a child process, and what it reports. */
class Instance {
  readonly child: ChildProcessByStdio<Writable, Readable, null>;
  readonly reports: { at: number; entries: Entry[] }[] = [];
  private readonly listeners = new Set<() => void>();
  private ready = false;
  exited = false;

  constructor(
    dir: string,
    readonly holder: string,
    batchSize: number,
    ttlMs = TTL_MS,
    /** 'global': no build in stream order of an empty read model, so a catch-up moves its checkpoint batch by batch. */
    order: 'stream' | 'global' = 'stream',
  ) {
    this.child = spawn(process.execPath, [WORKER, dir, String(batchSize), holder, String(ttlMs), order], { stdio: ['pipe', 'pipe', 'inherit'] });
    let buffer = '';
    this.child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'ready') this.ready = true;
        else {
          const entries = (JSON.parse(line) as { name: string; state: string; position: string; holder: string | null }[]).map((e) => ({ ...e, position: BigInt(e.position) }));
          this.reports.push({ at: Date.now(), entries });
        }
      }
      this.listeners.forEach((listener) => listener());
    });
    this.child.once('exit', () => {
      this.exited = true;
      this.listeners.forEach((listener) => listener());
    });
  }

  get last(): Entry[] | undefined {
    return this.reports.at(-1)?.entries;
  }

  start(): void {
    this.child.stdin.write('go\n');
  }

  /** Resolves once `condition` holds (checked on every report), fails after timeoutMs or when the process exits. */
  until(condition: (instance: Instance) => boolean, timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`${this.holder}: condition not met within ${timeoutMs} ms; last report ${show(this.last)}`)), timeoutMs);
      const check = () => {
        if (condition(this)) finish();
        else if (this.exited) finish(new Error(`${this.holder} exited`));
      };
      const finish = (error?: Error) => {
        clearTimeout(timer);
        this.listeners.delete(check);
        if (error) reject(error);
        else resolve();
      };
      this.listeners.add(check);
      check();
    });
  }

  untilReady(): Promise<void> {
    return this.until(() => this.ready);
  }

  async kill(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await exited;
  }
}

const show = (entries: Entry[] | undefined) => JSON.stringify(entries?.map((e) => ({ ...e, position: e.position.toString() })));
const allIn = (entries: Entry[] | undefined, state: string) => entries !== undefined && entries.every((e) => e.state === state);

/** The documents of every projection's first generation in a read-model file, and those of a clean build from the same log. */
async function compareWithCleanBuild(dir: string, head: bigint): Promise<void> {
  const shared = new SqliteDocumentStore({ file: join(dir, 'read-models.sqlite') });
  const clean = readSide(dir, { readModels: 'clean.sqlite' });
  await clean.projections.start();
  try {
    for (const name of clean.projections.names()) {
      const fresh = await clean.projections.readable(name, head);
      expect((await shared.checkpoint(`${name}@1`))?.position).toBeGreaterThanOrEqual(head);
      const documents = await allDocuments(shared, `${name}@1`);
      if (name.startsWith('breach-')) expect(documents.size).toBeGreaterThan(0); // the log holds breaches only
      expect(documents).toEqual(await allDocuments(clean.documents, fresh.collection));
    }
  } finally {
    await clean.close();
    await shared.close();
  }
}

describe('projection leases: two instances on one read store', () => {
  const dirs: ReturnType<typeof tempDir>[] = [];
  const instances: Instance[] = [];
  afterEach(async () => {
    await Promise.all(instances.splice(0).map((instance) => instance.kill()));
    dirs.splice(0).forEach((dir) => dir.remove());
  });

  it('runs each projection in exactly one instance; events appended meanwhile are projected once', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const a = new Instance(dir.path, 'instance-a', 20);
    const b = new Instance(dir.path, 'instance-b', 20);
    instances.push(a, b);
    await Promise.all([a.untilReady(), b.untilReady()]);
    a.start();
    await a.until(() => allIn(a.last, 'running'));
    b.start();
    await b.until(() => b.reports.length > 0);
    expect(b.last?.every((e) => e.state === 'standby' && e.holder === 'instance-a')).toBe(true);

    // Both instances are up while the log grows.
    const writer = readSide(dir.path, { readModels: 'unused.sqlite' });
    await appendGeneratedYear(writer.events, writer.clock, generateBreachYear({ seed: 11, breaches: 60 }), { pipeline: true });
    await appendAudits(writer.events, 3);
    const head = await writer.events.headPosition();
    await writer.close();

    await a.until(() => a.last !== undefined && a.last.every((e) => e.position >= head));
    await b.until(() => b.last !== undefined && b.last.every((e) => e.position >= head)); // b reads the stored checkpoint
    // Across several lease periods, b never ran a projection while a did.
    await new Promise((resolve) => setTimeout(resolve, 2 * TTL_MS));
    expect(a.reports.every((report) => allIn(report.entries, 'running'))).toBe(true);
    expect(b.reports.every((report) => allIn(report.entries, 'standby'))).toBe(true);
    expect(b.last?.every((e) => e.holder === 'instance-a')).toBe(true);

    await compareWithCleanBuild(dir.path, head);
  });

  it('lets the other instance take over from the checkpoint once the holder, killed with SIGKILL mid-batch, lets its lease expire', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const writer = readSide(dir.path, { readModels: 'unused.sqlite' });
    await appendGeneratedYear(writer.events, writer.clock, generateBreachYear({ seed: 2021 }), { pipeline: true });
    await appendAudits(writer.events, 3);
    const head = await writer.events.headPosition();
    await writer.close();

    // Tiny batches in global order, so the holder is killed with some but not all of the log committed.
    const a = new Instance(dir.path, 'instance-a', 3, TTL_MS, 'global');
    const b = new Instance(dir.path, 'instance-b', 3, TTL_MS, 'global');
    instances.push(a, b);
    await Promise.all([a.untilReady(), b.untilReady()]);
    a.start();
    await a.until(() => allIn(a.last, 'running'));
    b.start();
    await b.until(() => b.reports.length > 0);
    expect(allIn(b.last, 'standby')).toBe(true);

    await a.until(() => {
      const entries = a.last ?? [];
      if (entries.every((e) => e.position >= head)) throw new Error('the holder caught up before it could be killed');
      return entries.every((e) => e.position > head / 3n);
    });
    const killedAt = a.last ?? [];
    await a.kill();
    const killed = Date.now();
    expect(killedAt.some((e) => e.position < head)).toBe(true);

    await b.until(() => allIn(b.last, 'running'), 5_000);
    const tookOver = b.reports.find((report) => allIn(report.entries, 'running'))?.at ?? 0;
    expect(tookOver - killed).toBeLessThan(TTL_MS * 3); // once the lease expired, within a renewal period
    expect(b.reports.filter((report) => report.at < killed).every((report) => allIn(report.entries, 'standby'))).toBe(true);
    await b.until(() => b.last !== undefined && b.last.every((e) => e.position >= head && e.holder === 'instance-b'), 10_000);

    await compareWithCleanBuild(dir.path, head);
  });

  it('lets an instance restarted under its own name after SIGKILL take its lease back at once, not after it expires', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const ttlMs = 600_000; // far beyond the test: only the holder's own name can take it back
    const a = new Instance(dir.path, 'instance-a', 20, ttlMs);
    instances.push(a);
    await a.untilReady();
    a.start();
    await a.until(() => allIn(a.last, 'running'));
    await a.kill();

    const stranger = new Instance(dir.path, 'instance-b', 20, ttlMs);
    const restarted = new Instance(dir.path, 'instance-a', 20, ttlMs);
    instances.push(stranger, restarted);
    await Promise.all([stranger.untilReady(), restarted.untilReady()]);
    stranger.start();
    await stranger.until(() => stranger.reports.length > 0);
    restarted.start();
    await restarted.until(() => allIn(restarted.last, 'running') && restarted.last?.every((e) => e.holder === 'instance-a') === true);
    expect(stranger.reports.every((report) => allIn(report.entries, 'standby'))).toBe(true);
  });
});
