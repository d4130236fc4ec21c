/**
 * The log the replay and rebuild workloads read: a fresh SQLite event store (WAL,
 * synchronous=FULL, as SqliteEventStore sets it) holding exactly `size` events of the
 * service's own types, written through the port with the real hash chain. Mostly breaches
 * (the seeded generator, decided through the slices' decide functions), with the year's
 * processing activities, DPIAs and audits interleaved by recording time, so every
 * projection has work. Year by year: only one year's events are ever in memory.
 *
 * `buildLogApart` builds it in a child process (`node log-builder.js --file F --size N`), so
 * the workload's own process, whose peak RSS the runner reports, holds none of it.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { BREACH_EVENT_SCHEMA_VERSIONS } from '../../src/breaches/breach.events.js';
import { generateBreachYear, type GeneratedBreachEvent } from '../../test/support/breaches/generate-breach-year.js';
import { categoryOf } from '../../projections/projection.js';
import type { AppendResult, ExpectedRevision } from '../../src/event-store/event-store.port.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import type { JsonObject } from '../../src/shared/json.js';
import { FixedClock } from '../../src/shared/clock.js';
import { peakRssMb, round } from '../harness.js';
import { generateGovernanceYear, GOVERNANCE_PER_1000_BREACHES, type LogEvent } from './governance-year.js';

/** Breaches a year: a large organisation's register (the FG's municipality registers ~255, the AP ~25,000 nationally). */
export const BREACHES_PER_YEAR = 2_500;
export const FIRST_YEAR = 2000;
const SEED = 9_000;
/** Appends per commit: the store's largest batch for the build (the service's default is 500, one fsync each). */
const BUILD_MAX_BATCH = 5_000;

export interface BuiltLog {
  readonly events: number;
  readonly streams: number;
  readonly years: number;
  readonly byCategory: Readonly<Record<string, number>>;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly commits: number;
  readonly peakRssMb: number;
  readonly fileMb: number;
}

/** What a report shows of how the log was made. */
export const BUILD_SETTINGS = {
  generator: `generateBreachYear (seeds ${SEED}+, years ${FIRST_YEAR}+, ${BREACHES_PER_YEAR} breaches a year) + generateGovernanceYear (per 1,000 breaches: ${JSON.stringify(GOVERNANCE_PER_1000_BREACHES)})`,
  buildMaxBatch: BUILD_MAX_BATCH,
} as const;

/** Appends `size` events to a new store at `file`, year by year, each year's appends pipelined. */
export async function buildLog(file: string, size: number): Promise<BuiltLog> {
  if (existsSync(file)) throw new Error(`${file} exists: the log builder writes a fresh store`);
  const clock = new FixedClock(`${FIRST_YEAR}-01-01T00:00:00.000Z`);
  const store = new SqliteEventStore({ file, clock, maxBatch: BUILD_MAX_BATCH });
  const byCategory: Record<string, number> = {};
  let appended = 0;
  let streams = 0;
  let years = 0;
  const started = performance.now();
  try {
    while (appended < size) {
      const year = FIRST_YEAR + years;
      const breaches = generateBreachYear({ seed: SEED + years, year, breaches: BREACHES_PER_YEAR }).events.map(fromBreach);
      const others = generateGovernanceYear({ seed: SEED + 50_000 + years, year, breaches: BREACHES_PER_YEAR });
      const events = mergeByRecordedAt(breaches, others).slice(0, size - appended);
      streams += await appendPipelined(store, clock, events);
      for (const event of events) byCategory[categoryOf(event.streamId)] = (byCategory[categoryOf(event.streamId)] ?? 0) + 1;
      appended += events.length;
      years += 1;
    }
    const head = await store.headPosition();
    if (head !== BigInt(size)) throw new Error(`the log builder wrote ${head} events, not ${size}`);
  } finally {
    await store.close();
  }
  const seconds = (performance.now() - started) / 1000;
  return { events: appended, streams, years, byCategory, seconds: round(seconds, 2), eventsPerSecond: Math.round(appended / seconds), commits: store.commitStats().commits, peakRssMb: peakRssMb(), fileMb: logFileMb(file) };
}

/** The store's files (database, WAL, shared memory) in MB. */
export function logFileMb(file: string): number {
  const bytes = ['', '-wal', '-shm'].map((suffix) => (existsSync(file + suffix) ? statSync(file + suffix).size : 0)).reduce((a, b) => a + b, 0);
  return round(bytes / 2 ** 20, 1);
}

/** As appendGeneratedYear writes a generated breach event: one command, one append. */
function fromBreach(g: GeneratedBreachEvent): LogEvent {
  if (g.imported) throw new Error('the log builder generates no imported history');
  const { type, data } = g.event;
  return { streamId: g.streamId, recordedAt: g.recordedAt, eventId: g.eventId, type, schemaVersion: BREACH_EVENT_SCHEMA_VERSIONS[type], data: data as unknown as JsonObject, actor: g.actor, commandId: g.commandId };
}

function mergeByRecordedAt(a: readonly LogEvent[], b: readonly LogEvent[]): LogEvent[] {
  const merged: LogEvent[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i]!.recordedAt <= b[j]!.recordedAt) ? a[i++] : b[j++];
    merged.push(next!);
  }
  return merged;
}

/**
 * Every event its own append with its expected revision, as a command handler makes it, all
 * submitted at once so group commit writes them in few transactions (appendGeneratedYear's
 * pipeline, for events of any stream). The clock is set to each event's recording time.
 * Returns the number of new streams.
 */
async function appendPipelined(store: SqliteEventStore, clock: FixedClock, events: readonly LogEvent[]): Promise<number> {
  const revisions = new Map<string, number>();
  let pending: Promise<AppendResult>[] = [];
  for (const e of events) {
    const expectedRevision: ExpectedRevision = revisions.get(e.streamId) ?? 'no_stream';
    revisions.set(e.streamId, expectedRevision === 'no_stream' ? 0 : expectedRevision + 1);
    const requestHash = createHash('sha256').update(JSON.stringify({ streamId: e.streamId, type: e.type, data: e.data })).digest('hex');
    const metadata = { actor: e.actor, commandId: e.commandId, correlationId: e.commandId, causationId: e.commandId, extensions: { requestHash } };
    clock.set(e.recordedAt);
    pending.push(store.append(e.streamId, [{ eventId: e.eventId, type: e.type, schemaVersion: e.schemaVersion, data: e.data, metadata }], { expectedRevision }));
    // One commit's worth in flight at a time: the same fsyncs, far less garbage held at once.
    if (pending.length === BUILD_MAX_BATCH) pending = (await Promise.all(pending), []);
  }
  await Promise.all(pending);
  return revisions.size;
}

/** Builds the log in a child process and returns what it reports. */
export function buildLogApart(file: string, size: number): BuiltLog {
  const script = fileURLToPath(import.meta.url);
  const out = execFileSync(process.execPath, [script, '--file', file, '--size', String(size)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
  return JSON.parse(out) as BuiltLog;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { file: { type: 'string' }, size: { type: 'string' } } });
  const size = Number(values.size);
  if (values.file === undefined || !(Number.isSafeInteger(size) && size > 0)) throw new Error('usage: log-builder --file <events.sqlite> --size N');
  process.stdout.write(`${JSON.stringify(await buildLog(values.file, size))}\n`);
}
