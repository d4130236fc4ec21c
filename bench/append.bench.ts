/**
 * Appends per second of the SQLite event store with 1, 10, 100 and 1000 concurrent
 * appenders: how well group commit turns concurrent appends into few fsyncs under
 * synchronous=FULL. Never part of `npm test`. Run with `npm run bench`
 * (options: `npm run bench -- --appends 5000 --concurrency 1,10,100,1000`).
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, platform, release } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { canonicalJson } from '../src/event-store/canonical-json.js';
import type { ExpectedRevision, NewEvent, StoredEvent } from '../src/event-store/event-store.port.js';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store.js';
import { tempDir } from '../test/support/temp-dir.js';

const TARGET_EVENT_BYTES = 500;
const WARM_UP = { appenders: 10, appends: 500 };

interface Scenario {
  readonly appenders: number;
  readonly appends: number;
  readonly seconds: number;
  readonly appendsPerSecond: number;
  readonly commits: number;
  readonly appendsPerCommit: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
}

function options(): { appends: number; concurrency: number[] } {
  const { values } = parseArgs({
    options: { appends: { type: 'string', default: '5000' }, concurrency: { type: 'string', default: '1,10,100,1000' } },
  });
  const appends = Number(values.appends);
  const concurrency = values.concurrency.split(',').map(Number);
  if (!Number.isSafeInteger(appends) || appends < 1) throw new Error('--appends must be a positive integer');
  if (concurrency.some((n) => !Number.isSafeInteger(n) || n < 1)) throw new Error('--concurrency must be positive integers, comma-separated');
  return { appends, concurrency };
}

/** One event as a command handler would send it, padded so its canonical JSON is ~500 bytes. */
function makeEvent(n: number, padding: string): NewEvent {
  const commandId = randomUUID();
  return {
    type: 'BreachDetected',
    data: { n, title: 'Letter with health data sent to the wrong address', affectedPersons: 3, detectedAt: '2026-03-01T10:15:30.123Z', notes: padding },
    metadata: { actor: { id: 'privacy-officer-7', role: 'privacy-officer' }, commandId, correlationId: commandId, causationId: commandId },
  };
}

function paddingFor(targetBytes: number): string {
  const bytes = Buffer.byteLength(canonicalJson(makeEvent(0, '')), 'utf8');
  return 'x'.repeat(Math.max(0, targetBytes - bytes));
}

function storedBytes(event: StoredEvent): number {
  return Buffer.byteLength(JSON.stringify(event.data), 'utf8') + Buffer.byteLength(JSON.stringify(event.metadata), 'utf8');
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

/** `appenders` streams, each appending one event at a time with its expected revision, all at once. */
async function run(appenders: number, totalAppends: number, padding: string, onStored?: (event: StoredEvent) => void): Promise<Scenario> {
  const perAppender = Math.ceil(totalAppends / appenders);
  const dir = tempDir('privacy-ledger-bench-');
  const store = new SqliteEventStore({ file: join(dir.path, 'events.sqlite') });
  const latencies: number[] = [];
  try {
    const appender = async (streamId: string): Promise<void> => {
      let expectedRevision: ExpectedRevision = 'no_stream';
      for (let n = 0; n < perAppender; n += 1) {
        const event = makeEvent(n, padding);
        const started = performance.now();
        const result = await store.append(streamId, [event], { expectedRevision });
        latencies.push(performance.now() - started);
        expectedRevision = result.nextExpectedRevision;
        if (n === 0) onStored?.(result.events[0] as StoredEvent);
      }
    };
    const before = store.commitStats();
    const started = performance.now();
    await Promise.all(Array.from({ length: appenders }, () => appender(`bench-${randomUUID()}`)));
    const seconds = (performance.now() - started) / 1000;
    const after = store.commitStats();
    const appends = appenders * perAppender;
    const head = await store.headPosition();
    if (head !== BigInt(appends) || after.requests - before.requests !== appends) {
      throw new Error(`expected ${appends} appends, the store has ${head} events and counted ${after.requests - before.requests} requests`);
    }
    const commits = after.commits - before.commits;
    latencies.sort((a, b) => a - b);
    return {
      appenders,
      appends,
      seconds: round(seconds, 3),
      appendsPerSecond: Math.round(appends / seconds),
      commits,
      appendsPerCommit: round(appends / commits, 1),
      latencyMs: { p50: round(percentile(latencies, 0.5), 2), p99: round(percentile(latencies, 0.99), 2), max: round(latencies.at(-1) ?? Number.NaN, 2) },
    };
  } finally {
    await store.close();
    dir.remove();
  }
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function table(scenarios: readonly Scenario[]): string {
  const header = ['appenders', 'appends', 'seconds', 'appends/s', 'commits', 'appends/commit', 'p50 ms', 'p99 ms'];
  const rows = scenarios.map((s) => [s.appenders, s.appends, s.seconds.toFixed(3), s.appendsPerSecond, s.commits, s.appendsPerCommit.toFixed(1), s.latencyMs.p50.toFixed(2), s.latencyMs.p99.toFixed(2)].map(String));
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => cell.padStart(widths[i] ?? 0)).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The repository root: this file runs as dist/bench/append.bench.js. */
function repositoryRoot(): string {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  return existsSync(join(root, 'package.json')) ? root : process.cwd();
}

/** ISO 8601 in its basic format (20261129T101530Z): no colons, so the name is safe on every file system. */
function fileTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

async function main(): Promise<void> {
  const { appends, concurrency } = options();
  const startedAt = new Date();
  const padding = paddingFor(TARGET_EVENT_BYTES);
  const appendedBytes = Buffer.byteLength(canonicalJson(makeEvent(0, padding)), 'utf8');
  const memory = new Database(':memory:');
  const sqliteVersion = (memory.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  memory.close();
  console.log(`SQLite event store, appends per second — Node ${process.version}, SQLite ${sqliteVersion}, ${cpus().length} CPUs, WAL + synchronous=FULL`);
  console.log(`one event per append (${appendedBytes} bytes as sent), ${appends} appends per scenario, a fresh file per scenario`);

  await run(WARM_UP.appenders, WARM_UP.appends, padding);
  let stored = 0;
  const scenarios: Scenario[] = [];
  for (const appenders of concurrency) {
    scenarios.push(await run(appenders, appends, padding, (event) => (stored = storedBytes(event))));
  }
  console.log(`(stored row: ~${stored} bytes of data + metadata JSON, with recordedAt and the hash chain)\n`);
  console.log(table(scenarios));

  const result = {
    benchmark: 'sqlite-event-store-append',
    startedAt: startedAt.toISOString(),
    environment: { node: process.version, sqlite: sqliteVersion, platform: platform(), release: release(), arch: process.arch, cpus: cpus().length, cpuModel: cpus()[0]?.model },
    settings: {
      journalMode: 'wal',
      synchronous: 'FULL (set by the store)',
      maxBatch: 'store default (500)',
      eventsPerAppend: 1,
      appendedEventBytes: appendedBytes,
      storedEventBytes: stored,
      appendsPerScenario: appends,
      warmUp: WARM_UP,
    },
    scenarios,
  };
  const folder = join(repositoryRoot(), 'bench', 'results');
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `append-${fileTimestamp(startedAt)}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwritten to ${file}`);
}

await main();
