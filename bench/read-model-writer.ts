/**
 * The read-model writer alone: what a rebuild of every projection together (as the rebuild
 * workload's "together" row, and a first start) asks of the SQLite document store, recorded
 * once, then replayed through a fresh store, so that the writer thread's CPU a document can be
 * compared between builds without the projections' folds, the log's read and the other
 * runners sharing the two cores.
 *
 *   node --expose-gc dist-bench/bench/read-model-writer.js --size 100000 [--dir /tmp/writer] [--replays 2]
 *
 * With --dir, a log already built there (events.sqlite, by this script or log-builder.ts) is
 * read again. Prints, per replay, the CPU of the process, of the main thread (checking the
 * documents and posting the commits) and of the writer thread (the thread that wrote the most
 * bytes: /proc/self/task/<tid>/io), in µs a document and an event, with the load average.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store.js';
import type { Commit, DocumentStore } from '../src/read-store/document-store.port.js';
import { Projections } from '../src/read-store/projections.js';
import { PROJECTION_DEFINITIONS } from '../src/read-store/read-store.module.js';
import { SqliteDocumentStore } from '../src/read-store/sqlite/sqlite-document-store.js';
import { FixedClock } from '../src/shared/clock.js';
import { quiet } from '../test/support/read-side.js';
import { threads } from './thread-cpu.js';
import { buildLogApart } from './workloads/log-builder.js';

type Call =
  | { readonly op: 'commit'; readonly commit: Commit }
  | { readonly op: 'ensureIndexes'; readonly collection: string; readonly fields: readonly string[] }
  | { readonly op: 'buildIndexes'; readonly collection: string }
  | { readonly op: 'dropCollection'; readonly collection: string; readonly projection: string };

const { values } = parseArgs({ options: { size: { type: 'string', default: '100000' }, dir: { type: 'string' }, replays: { type: 'string', default: '2' } } });
const size = Number(values.size);
const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'read-model-writer-'));
if (!existsSync(join(dir, 'events.sqlite'))) buildLogApart(join(dir, 'events.sqlite'), size);

const calls = await record();
const documents = calls.reduce((sum, call) => sum + (call.op === 'commit' ? call.commit.changes.length : 0), 0);
console.log(`recorded: ${calls.filter((call) => call.op === 'commit').length} commits, ${documents.toLocaleString('en')} documents over ${size.toLocaleString('en')} events`);
for (let replay = 1; replay <= Number(values.replays); replay++) await replayOnce(replay);
if (values.dir === undefined) rmSync(dir, { recursive: true, force: true });

/** The service's projections rebuilt together (its batches: 100, 1000 while catching up), every call to the store recorded as made. */
async function record(): Promise<Call[]> {
  const recorded: Call[] = [];
  const clock = new FixedClock('2022-02-01T00:00:00.000Z');
  const events = new SqliteEventStore({ file: join(dir, 'events.sqlite'), clock, pollIntervalMs: 20 });
  const file = join(dir, 'recorded.sqlite');
  removeStore(file);
  const store = new SqliteDocumentStore({ file });
  const recording: DocumentStore = Object.assign(Object.create(store) as DocumentStore, {
    // A copy: a runner may change a document object it keeps after committing it.
    commit: (commit: Commit) => (recorded.push({ op: 'commit', commit: structuredClone(commit) }), store.commit(commit)),
    ensureIndexes: (collection: string, fields: readonly string[]) => (recorded.push({ op: 'ensureIndexes', collection, fields }), store.ensureIndexes(collection, fields)),
    dropCollection: (collection: string, projection: string) => (recorded.push({ op: 'dropCollection', collection, projection }), store.dropCollection(collection, projection)),
    // The indexes declared on an empty collection and built once it is loaded (with a store that defers them).
    buildIndexes: (collection: string) => (recorded.push({ op: 'buildIndexes', collection }), store.buildIndexes(collection)),
  });
  const projections = new Projections(PROJECTION_DEFINITIONS, events, recording, clock, {
    batchSize: 100,
    catchUpBatchSize: 1000,
    idleFlushMs: 5,
    readWaitMs: 20_000,
    generationPollMs: 50,
    leaseTtlMs: 500,
    log: quiet,
  });
  try {
    const rebuilds = await Promise.all(projections.names().map((name) => projections.rebuild(name)));
    await Promise.all(rebuilds.map((rebuild) => rebuild.done));
  } finally {
    await projections.stop();
    await store.close();
    await events.close();
    removeStore(file);
  }
  return recorded;
}

/** The recorded calls, in order, through a store on a new file; each commit awaited before the next. */
async function replayOnce(replay: number): Promise<void> {
  const file = join(dir, 'replayed.sqlite');
  removeStore(file);
  (globalThis as { gc?: () => void }).gc?.();
  const store = new SqliteDocumentStore({ file });
  const before = threads();
  const started = process.cpuUsage();
  for (const call of calls) {
    if (call.op === 'commit') await store.commit(call.commit);
    else if (call.op === 'ensureIndexes') await store.ensureIndexes(call.collection, call.fields);
    else if (call.op === 'buildIndexes') await store.buildIndexes(call.collection);
    else await store.dropCollection(call.collection, call.projection);
  }
  const after = threads();
  const used = process.cpuUsage(started);
  await store.close();
  removeStore(file);
  const main = String(process.pid);
  const writer = [...after.entries()].filter(([tid]) => tid !== main).sort((a, b) => b[1].written - a[1].written)[0]?.[0] ?? main;
  const cpuMs = (tid: string) => (after.get(tid)?.cpuMs ?? 0) - (before.get(tid)?.cpuMs ?? 0);
  const figures = (ms: number) => `${((ms * 1000) / documents).toFixed(2)} µs a document (${((ms * 1000) / size).toFixed(2)} an event)`;
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`replay ${replay}: process ${figures((used.user + used.system) / 1000)}; main thread ${figures(cpuMs(main))}; writer thread ${figures(cpuMs(writer))}; load ${load}`);
}

function removeStore(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}
