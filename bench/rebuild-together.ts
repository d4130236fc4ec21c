/**
 * The rebuild workload's "together" row alone, with every thread's CPU: every projection rebuilt
 * at once over one shared read (the service's batches: 100, 1000 while catching up) into a new
 * read-model file, over a log built once in a folder (`events.sqlite`, by this script or
 * log-builder.ts), so that builds can be alternated on the same log.
 *
 *   node --expose-gc dist-bench/bench/rebuild-together.js --size 100000 --dir /tmp/rebuild-100k [--runs 1] [--digest]
 *
 * Prints, per run: wall time, the CPU of the process (`process.cpuUsage`) and of each thread
 * (`/proc/self/task/<tid>/stat`, read before the stores close: the main thread, the read-model
 * writer thread (the thread that wrote the most bytes), the log's reader thread (the busiest
 * other thread), the other threads (V8's and libuv's helpers) together) in µs an event, the young and full collections
 * (`gc` performance entries: young, and all others) and the load average. With --digest, the SHA-256 over every
 * document and checkpoint of the rebuilt file (generation numbers and checkpoint times left
 * out): equal between builds when the read models are byte-identical.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { readSide } from '../test/support/read-side.js';
import { threads, type ThreadFigures } from './thread-cpu.js';
import { buildLogApart } from './workloads/log-builder.js';

const { values } = parseArgs({ options: { size: { type: 'string', default: '100000' }, dir: { type: 'string' }, runs: { type: 'string', default: '1' }, digest: { type: 'boolean', default: false } } });
const size = Number(values.size);
if (values.dir === undefined) throw new Error('usage: rebuild-together --size N --dir D [--runs R] [--digest]');
const dir = values.dir;
if (!existsSync(join(dir, 'events.sqlite'))) buildLogApart(join(dir, 'events.sqlite'), size);

for (let run = 1; run <= Number(values.runs); run++) await once(run);

async function once(run: number): Promise<void> {
  const file = 'read-models-measured.sqlite';
  removeStore(join(dir, file));
  (globalThis as { gc?: () => void }).gc?.();
  const collections = { young: 0, full: 0, youngMs: 0, fullMs: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
      if (kind === 1) {
        collections.young += 1;
        collections.youngMs += entry.duration;
      } else {
        collections.full += 1;
        collections.fullMs += entry.duration;
      }
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const side = readSide(dir, { batchSize: 100, catchUpBatchSize: 1000, readModels: file });
  const before = threads();
  const cpu = process.cpuUsage();
  const started = performance.now();
  let after: Map<string, ThreadFigures>;
  let used: NodeJS.CpuUsage;
  let seconds: number;
  try {
    const rebuilds = await Promise.all(side.projections.names().map((name) => side.projections.rebuild(name)));
    await Promise.all(rebuilds.map((rebuild) => rebuild.done));
    seconds = (performance.now() - started) / 1000;
    used = process.cpuUsage(cpu);
    after = threads();
  } finally {
    await side.close();
    observer.disconnect();
  }
  const main = String(process.pid);
  const delta = (tid: string) => (after.get(tid)?.cpuMs ?? 0) - (before.get(tid)?.cpuMs ?? 0);
  const others = [...after.entries()].filter(([tid]) => tid !== main);
  const writer = others.sort((a, b) => b[1].written - a[1].written)[0]?.[0];
  // Every thread is named "node": the log's reader is the busiest thread beside the writer, the rest V8's and libuv's helpers.
  const reader = others.filter(([tid]) => tid !== writer).sort((a, b) => delta(b[0]) - delta(a[0]))[0]?.[0];
  const helpers = others.filter(([tid]) => tid !== writer && tid !== reader).reduce((sum, [tid]) => sum + delta(tid), 0);
  const us = (ms: number) => ((ms * 1000) / size).toFixed(1);
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(
    `run ${run}: ${seconds.toFixed(2)} s (${Math.round(size / seconds).toLocaleString('en')} events/s); µs CPU an event: process ${us((used.user + used.system) / 1000)}, main ${us(delta(main))}, writer ${writer ? us(delta(writer)) : '-'}, reader ${reader ? us(delta(reader)) : '-'}, other threads ${us(helpers)}; collections ${collections.young} young (${Math.round(collections.youngMs)} ms), ${collections.full} others (${Math.round(collections.fullMs)} ms); load ${load}`,
  );
  if (values.digest) console.log(`digest: ${digest(join(dir, file))}`);
  removeStore(join(dir, file));
}

/** SHA-256 over every document and checkpoint, in order, generation numbers and checkpoint times left out. */
function digest(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const hash = createHash('sha256');
    const strip = (name: string) => name.replace(/@\d+/, '@');
    // A table per collection ("collection/<name>"), each document stored as JSONB: read back as text.
    const tables = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'collection/%'`).pluck().all() as string[];
    const rows = tables.flatMap((table) =>
      (db.prepare(`SELECT id, json(doc) FROM "${table}"`).raw().all() as [string, string][]).map(([id, doc]): [string, string, string] => [table.slice('collection/'.length), id, doc]),
    );
    rows.map(([collection, id, doc]) => `${strip(collection)}\u0000${id}\u0000${doc}`).sort().forEach((line) => hash.update(`${line}\n`));
    const checkpoints = db.prepare('SELECT projection, position FROM checkpoints').raw().all() as [string, bigint | number][];
    checkpoints.map(([projection, position]) => `${strip(projection)}\u0000${position}`).sort().forEach((line) => hash.update(`${line}\n`));
    return `${hash.digest('hex')} (${rows.length} documents, ${checkpoints.length} checkpoints)`;
  } finally {
    db.close();
  }
}

function removeStore(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}
