/**
 * Workload (a): `size` events over size/10 streams appended through the port with
 * 1 and with 16 writers, beside the limit measured on the same rows in the same run (raw
 * better-sqlite3 inserts with the same durability, bare sha256 over the bytes the hash chain
 * hashed). bench/README.md describes what each row measures.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { comparison, type Workload, type WorkloadOptions, type WorkloadReport } from '../harness.js';
import { appendPlan, EVENTS_PER_STREAM, eventBytes, paddingFor, TARGET_EVENT_BYTES } from './append-events.js';
import { rawInserts, rawInsertsInThread, sha256OverChain, storedBytesPerEvent } from './append-limit.js';
import { COLUMNS, eventsPerSecond, row, Samples, type Measurement } from './append-measure.js';
import { appendThroughPort, readEveryStream } from './append-port.js';

const SIZES = { full: 1_000_000, quick: 20_000 };
const WRITERS = [1, 16] as const;
const WARM_UP = { size: 2000, writers: 16 };

const SCENARIOS = {
  port1: 'port, 1 writer',
  port16: 'port, 16 writers',
  raw1: 'raw better-sqlite3, 1 tx per append',
  rawThread1: 'raw better-sqlite3 in a worker thread, 1 tx per append, each answered by postMessage',
  rawBatched: 'raw better-sqlite3, batched as group commit',
  rawThreadBatched: 'raw better-sqlite3 in a worker thread, batched as group commit, each answered by postMessage',
  sha256: 'sha256 over the same bytes',
  read: 'port, read every stream back',
} as const;

const PEER_NOTE = [
  'No peer: Emmett\'s SQLite event store could not be measured honestly here. @event-driven-io/emmett-sqlite exists on this registry in 0.38.5 and 0.42.4 only.',
  '0.42.4 pins its peer @event-driven-io/emmett to exactly 0.42.4, which the registry lacks (newest 0.42.0): npm ETARGET "No matching version found for @event-driven-io/emmett@0.42.4".',
  '0.38.5 (+ emmett 0.38.5 + sqlite3 5.1.7) installs, but only as sqlite3\'s install script falls back: `prebuild-install -r napi` tries to download a prebuilt binary from GitHub (ENOTFOUND here),',
  'then `node-gyp rebuild` compiles its bundled SQLite 3.44.2 (~70 s). Both versions import `sqlite3` directly; neither can use better-sqlite3, node:sqlite or a wasm driver.',
  'And 0.38.5 cannot run this workload: each operation opens a connection that the store instance closes when any operation ends, so 16 writers on one store failed 305 of 320 appends',
  '(SQLITE_MISUSE "Database handle is closed", SQLITE_BUSY), 16 stores on one file failed 1,587 of 1,600 (SQLITE_BUSY "database is locked"), and even 1 writer lost 8–10 of 300 appends',
  '(SQLITE_BUSY "cannot commit transaction - SQL statements in progress") at ~230 appends/s. A ratio against a store that drops appends would mislead, so the comparisons keep the limit only.',
].join(' ');

async function run(options: WorkloadOptions): Promise<WorkloadReport> {
  const plan = appendPlan(options.size ?? (options.quick ? SIZES.quick : SIZES.full));
  const padding = paddingFor(TARGET_EVENT_BYTES);
  const samples = new Samples(Math.max(plan.size, plan.streams));
  const file = (name: string) => join(options.dir, `${name}.sqlite`);
  const remove = (name: string) => ['', '-wal', '-shm'].forEach((suffix) => rmSync(`${file(name)}${suffix}`, { force: true }));

  await appendThroughPort({ file: file('warm-up'), plan: appendPlan(WARM_UP.size), writers: WARM_UP.writers, padding, samples });
  remove('warm-up');

  // One writer, then the limit on its rows: one transaction per append, as the store commits them.
  const port1 = await appendThroughPort({ file: file('port-1'), plan, writers: WRITERS[0], padding, samples });
  const raw1 = rawInserts(file('port-1'), file('raw-1'), (index) => index, samples);
  remove('raw-1');
  const rawThread1 = await rawInsertsInThread(file('port-1'), file('raw-thread-1'), (index) => index, samples);
  remove('raw-thread-1');
  remove('port-1');

  // Sixteen writers, then the limit on their rows, in the very batches group commit made.
  const commitOf = new Uint32Array(plan.size);
  const port16 = await appendThroughPort({ file: file('port-16'), plan, writers: WRITERS[1], padding, samples, commitOf });
  const rawBatched = rawInserts(file('port-16'), file('raw-batched'), (index) => commitOf[index] ?? 0);
  remove('raw-batched');
  const rawThreadBatched = await rawInsertsInThread(file('port-16'), file('raw-thread-batched'), (index) => commitOf[index] ?? 0, undefined, 0);
  remove('raw-thread-batched');
  const sha256 = sha256OverChain(file('port-16'));
  const read = await readEveryStream(file('port-16'), plan, samples);
  const storedBytes = storedBytesPerEvent(file('port-16'));
  remove('port-16');

  const measured: Record<keyof typeof SCENARIOS, Measurement> = { port1, port16, raw1, rawThread1, rawBatched, rawThreadBatched, sha256, read };
  const rate = (key: keyof typeof SCENARIOS) => eventsPerSecond(measured[key]);
  return {
    workload: 'append',
    title: `Appends through the port: ${plan.size.toLocaleString('en')} events over ${plan.streams.toLocaleString('en')} streams, beside the limit`,
    settings: {
      events: plan.size,
      streams: plan.streams,
      eventsPerStream: EVENTS_PER_STREAM,
      writers: WRITERS,
      eventsPerAppend: 1,
      eventBytesAsSent: eventBytes(padding),
      storedBytesPerEvent: storedBytes,
      hashedBytesPerEvent: sha256.bytesPerEvent,
      durability: 'WAL, synchronous=FULL (the store\'s own opening, for the raw files too)',
      maxBatch: 'store default (500)',
      bareRoundTripMicros: rawThread1.pingMicros,
      warmUp: `${WARM_UP.size} appends, ${WARM_UP.writers} writers, not reported`,
    },
    columns: COLUMNS,
    rows: (Object.keys(SCENARIOS) as (keyof typeof SCENARIOS)[]).map((key) => row(SCENARIOS[key], measured[key])),
    comparisons: [
      comparison(SCENARIOS.port1, SCENARIOS.raw1, 'events/s', rate('port1'), rate('raw1')),
      comparison(SCENARIOS.port16, SCENARIOS.rawBatched, 'events/s', rate('port16'), rate('rawBatched')),
      comparison(SCENARIOS.rawThread1, SCENARIOS.raw1, 'events/s', rate('rawThread1'), rate('raw1')),
      comparison(SCENARIOS.port1, SCENARIOS.rawThread1, 'events/s', rate('port1'), rate('rawThread1')),
      comparison(SCENARIOS.rawThreadBatched, SCENARIOS.rawBatched, 'events/s', rate('rawThreadBatched'), rate('rawBatched')),
      comparison(SCENARIOS.port16, SCENARIOS.rawThreadBatched, 'events/s', rate('port16'), rate('rawThreadBatched')),
      comparison(SCENARIOS.port1, SCENARIOS.sha256, 'events/s', rate('port1'), rate('sha256')),
      comparison(SCENARIOS.port16, SCENARIOS.sha256, 'events/s', rate('port16'), rate('sha256')),
    ],
    notes: [
      `Port rows: SqliteEventStore.append, one event per append with the expected revision, each writer waiting for its acknowledgement; a fresh file per writer count. Writer w owns the streams ≡ w (mod writers) and appends one event to each of them per round, ${EVENTS_PER_STREAM} rounds. events/s is events ÷ wall-clock seconds; p50/p99 are call-to-acknowledgement latencies of one append; commits are the store's transactions (commitStats), each one fsync of the WAL.`,
      `"${SCENARIOS.raw1}": the rows the 1-writer run stored, read back in position order and inserted with one prepared INSERT of the store's columns into a fresh file opened as the store opens its own (same schema, triggers, WAL, synchronous=FULL), one BEGIN IMMEDIATE … COMMIT per row. Only the transactions are timed; p50/p99 are per transaction. No head lookup, validation, canonical JSON, hashing or promises: that difference is the service's cost.`,
      `"${SCENARIOS.rawBatched}": the rows the 16-writer run stored, inserted the same way, one transaction per commit the store made (the same rows in the same batches). Only the transactions are timed.`,
      `"${SCENARIOS.rawThread1}" and "${SCENARIOS.rawThreadBatched}": the same raw inserts (the same rows, the same batches), made by a worker thread that owns the connection, each batch posted to it and answered by one message, the main thread doing nothing else: the floor of any design that keeps the commit and its fsync off the event loop. Timed per batch from the post to the answer, summed; at most the first 200,000 rows (their events column says how many). bareRoundTripMicros in the settings is a postMessage to that thread and its answer with no SQLite at all (mean of 2,000).`,
      `"${SCENARIOS.sha256}": node:crypto sha256 over exactly the bytes the hash chain hashed for each row of the 16-writer run (prevHash then the canonical JSON of the envelope without hash), prepared outside the timed part; every digest is checked against the stored hash.`,
      `"${SCENARIOS.read}": readStream of each of the ${plan.streams.toLocaleString('en')} streams of the 16-writer file, one after another; p50/p99 are per readStream (${EVENTS_PER_STREAM} events). Kept as the read half of the peer workload.`,
      PEER_NOTE,
    ],
  };
}

export const workload: Workload = { name: 'append', run };
