/**
 * The floors: what the machine itself costs for the work a goal cannot do without, measured in
 * the same run as the goals, so the page can say how much of a goal's distance is the machine's.
 * Each row is a bare operation with nothing of the service around it:
 *
 * - a worker_threads postMessage round trip (the writer thread's and the verification thread's hop);
 * - an fsync'd 1-row commit with raw better-sqlite3 (WAL, synchronous=FULL), and a bare fdatasync;
 * - raw read + sha256 of the log's rows on one thread and on two (the replay goal's work);
 * - raw read + JSON.parse of the same rows (what a rebuild cannot avoid);
 * - a raw rebuild of every read model over the same log (floor-rebuild.ts): read in stream order,
 *   the projections' own folds, JSON, aggregates, the store's inserts and indexes, one thread,
 *   each stage timed apart;
 * - a bare Fastify route parsing the registration's JSON body under the HTTP workload's load.
 *
 * The rows of the read floors come from a log built by the service's own store (log-builder.ts,
 * in a child process, not measured), so they are the rows the replay and rebuild workloads read.
 */
import Database from 'better-sqlite3';
import { closeSync, fdatasyncSync, openSync, writeSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { round, type Row, type Workload, type WorkloadOptions, type WorkloadReport } from '../harness.js';
import { bareFastify, CONNECTIONS } from './floor-http.js';
import { readFloor } from './floor-read.js';
import { REBUILD_STAGES, rebuildFloor } from './floor-rebuild.js';
import { roundTrips } from './floor-thread.js';
import { FLOOR, FLOOR_FAMILY, REBUILD_STAGE_ROWS } from './floor-names.js';
import { buildLogApart } from './log-builder.js';
import { sizeLabel } from './memory.js';

/** The stored size of an append's row in the append workload (data + metadata, ~650 bytes). */
const ROW_BYTES = 650;


function timedEach(count: number, op: () => void): { seconds: number; times: Float64Array } {
  const times = new Float64Array(count);
  const started = performance.now();
  for (let i = 0; i < count; i += 1) {
    const at = performance.now();
    op();
    times[i] = performance.now() - at;
  }
  return { seconds: (performance.now() - started) / 1000, times };
}

/** Figures of `count` operations: per second, mean µs, and p50/p99 ms of each. */
function opFigures(count: number, seconds: number, times?: Float64Array): Row['figures'] {
  const sorted = times ? Array.from(times).sort((a, b) => a - b) : undefined;
  const at = (q: number) => (sorted ? round(sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN, 3) : null);
  return { count, seconds: round(seconds, 2), perSecond: Math.round(count / seconds), usEach: round((seconds * 1e6) / count, 1), p50: at(0.5), p99: at(0.99) };
}

function sqliteCommits(dir: string, count: number): Row['figures'] {
  const db = new Database(join(dir, 'floor-commit.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE rows (position INTEGER PRIMARY KEY, data TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO rows (data) VALUES (?)');
    const begin = db.prepare('BEGIN IMMEDIATE');
    const commit = db.prepare('COMMIT');
    const text = 'x'.repeat(ROW_BYTES);
    const commitOne = () => {
      begin.run();
      insert.run(text);
      commit.run();
    };
    for (let i = 0; i < 50; i += 1) commitOne();
    const { seconds, times } = timedEach(count, commitOne);
    return opFigures(count, seconds, times);
  } finally {
    db.close();
  }
}

function fdatasyncs(dir: string, count: number): Row['figures'] {
  const fd = openSync(join(dir, 'floor-fsync.bin'), 'a');
  try {
    const bytes = Buffer.alloc(ROW_BYTES, 120);
    const { seconds, times } = timedEach(count, () => (writeSync(fd, bytes), fdatasyncSync(fd)));
    return opFigures(count, seconds, times);
  } finally {
    closeSync(fd);
  }
}

async function run(options: WorkloadOptions): Promise<WorkloadReport> {
  const events = options.size ?? (options.quick ? 20_000 : 100_000);
  const trips = options.quick ? 20_000 : 100_000;
  const commits = options.quick ? 1_000 : 5_000;
  const httpSeconds = options.quick ? 4 : 20;
  const [loadAtStart] = loadavg();

  const rows: Row[] = [];
  const trip = await roundTrips(trips);
  rows.push({ scenario: FLOOR.roundTrip, figures: { count: trips, seconds: round(trip.seconds, 2), perSecond: Math.round(trips / trip.seconds), usEach: round(trip.meanUs, 1), p50: round(trip.p50Us / 1000, 3), p99: round(trip.p99Us / 1000, 3) } });
  rows.push({ scenario: FLOOR.commit, figures: sqliteCommits(options.dir, commits) });
  rows.push({ scenario: FLOOR.fdatasync, figures: fdatasyncs(options.dir, commits) });

  const file = join(options.dir, 'events.sqlite');
  const built = buildLogApart(file, events);
  for (const [scenario, step, threads] of [[FLOOR.sha256One, 'sha256', 1], [FLOOR.sha256Two, 'sha256', 2], [FLOOR.jsonParse, 'json', 1]] as const) {
    await readFloor(file, events, step, 1); // warms the page cache and the code: the replay reads a warm log too
    const measured = await readFloor(file, events, step, threads);
    if (measured.events !== events) throw new Error(`${scenario}: read ${measured.events} rows, not ${events}`);
    rows.push({ scenario, figures: opFigures(events, measured.seconds) });
  }

  const readModels = join(options.dir, 'floor-read-models.sqlite');
  rebuildFloor(file, readModels); // untimed: warms the page cache and the code, as the read floors
  const rebuilt = rebuildFloor(file, readModels);
  if (rebuilt.events !== events) throw new Error(`the raw rebuild read ${rebuilt.events} events, not ${events}`);
  const perEvent = (ms: number) => opFigures(events, ms / 1000);
  rows.push({ scenario: FLOOR.rebuild, figures: perEvent(rebuilt.ms) });
  rows.push({ scenario: FLOOR.rebuildWrites, figures: perEvent(rebuilt.stages.insert + rebuilt.stages.index) });
  for (const stage of REBUILD_STAGES) rows.push({ scenario: REBUILD_STAGE_ROWS[stage], figures: perEvent(rebuilt.stages[stage]) });

  const http = await bareFastify(httpSeconds, options.quick ? 1 : 3);
  if (http.errors > 0) throw new Error(`the bare Fastify server answered ${http.errors} requests with an error`);
  rows.push({ scenario: FLOOR.http, figures: { count: http.responses, seconds: round(http.seconds, 2), perSecond: http.requestsPerSecond, usEach: round((http.seconds * 1e6) / http.responses, 1), p50: http.p50, p99: http.p99 } });

  return {
    workload: `${FLOOR_FAMILY}-${sizeLabel(events)}`,
    title: 'The floors: bare operations of the machine, beside the goals',
    settings: { events, streams: built.streams, cores: availableParallelism(), rebuiltDocuments: rebuilt.documents, roundTrips: trips, commits, httpSeconds, connections: CONNECTIONS, rowBytes: ROW_BYTES, loadAverageAtStart: round(loadAtStart ?? 0, 2) },
    columns: [
      { key: 'count', label: 'operations' },
      { key: 'seconds', label: 'seconds' },
      { key: 'perSecond', label: 'per second' },
      { key: 'usEach', label: 'µs each (mean)' },
      { key: 'p50', label: 'p50 ms' },
      { key: 'p99', label: 'p99 ms' },
    ],
    rows,
    comparisons: [],
    notes: [
      'Round trip: a worker thread that answers each message at once; the next message is sent when the answer arrives (one at a time, as the writer thread\'s commits are); µs each = wall-clock ÷ round trips, after 2,000 untimed.',
      `Commit: BEGIN IMMEDIATE, one INSERT of a ${ROW_BYTES}-byte text, COMMIT, into a table of two columns of a fresh file in WAL with synchronous=FULL; no index, trigger or hash: the durable commit alone. fdatasync: write(2) of ${ROW_BYTES} bytes appended to a file, then fdatasync(2).`,
      `Read floors: the ${events.toLocaleString('en')} rows of a log built by the service's store (log-builder.ts, in a child process), read with better-sqlite3 alone in position order, pages of 1,000, after one untimed pass (warm page cache). sha256 over each row's stream id, type, data and metadata texts as the replay's limit row does; 2 threads: two worker threads with their own read-only connection, half of the positions each, timed until both are done. JSON.parse: data and metadata of each row parsed, nothing else.`,
      `Raw rebuild: the same log's every read model built from empty with nothing of the service (bench/workloads/floor-rebuild.ts), after one untimed build: each category's events read with better-sqlite3 stream by stream (one statement, iterated), data and metadata parsed; each projection's own fold (applyAll, else apply) over a stream's events; JSON.stringify of each document; the aggregate contributions summed; the documents inserted as JSONB into the read-model file's own tables (the store's DDL, WAL, synchronous=NORMAL) in commits of 2 MiB, the aggregates after them, then the projection's indexes (the store's CREATE INDEX). ${rebuilt.documents.toLocaleString('en')} documents. No checkpoint, lease, yield, thread hand-over or check of the documents. Operations = the log's events, so µs each is a stage's share of an event; "SQLite writes" = inserts + index builds, which one connection makes (SQLite has one writer), whatever the other stages run on.`,
      `HTTP: a bare Fastify ${'server'} in its own process, the service's JSON body parser (src/http/json-body.ts) and one route answering 201 with a small JSON body; autocannon in this process, ${CONNECTIONS} connections, closed loop, ${httpSeconds} s after a warm-up, as the HTTP workload loads the service. A register + report pair is two such requests.`,
      `The log for the read floors (not measured): ${built.events.toLocaleString('en')} events in ${built.seconds} s.`,
    ],
  };
}

export const workload: Workload = { name: FLOOR_FAMILY, run };
