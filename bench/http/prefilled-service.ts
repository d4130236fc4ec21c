/**
 * The service as the HTTP workload loads it: `node dist/src/main.js` in its own process on
 * the embedded default, over a data folder whose log already holds a generated year, with an
 * API key made by the keys CLI (as the README says) and the rate limit raised.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { appendGeneratedYear, generateBreachYear } from '../../test/support/breaches/generate-breach-year.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { FixedClock } from '../../src/shared/clock.js';
import { runService } from '../../test/support/service-process.js';
import { buildRoot, round, serviceNodeFlags } from '../harness.js';

/** The default (600 a minute per credential) would answer 429 within the first second. */
export const RATE_LIMIT_PER_MINUTE = 1_000_000;

export interface PrefilledYear {
  readonly year: number;
  readonly seed: number;
  readonly breachIds: readonly string[];
  readonly registered: number;
  readonly events: number;
  readonly head: bigint;
}

export interface RunningService {
  readonly url: string;
  /** `Authorization: Bearer <key>` of a privacy officer: every route the workload calls. */
  readonly headers: Readonly<Record<string, string>>;
  readonly prefilled: PrefilledYear;
  /** The service's own peak resident set so far, MB (Linux; null elsewhere). */
  peakRssMb(): number | null;
  /** The CPU time the service used so far (user + system, ms): all its threads, and its main thread (the event loop) alone; null off Linux. */
  cpuMs(): ServiceCpu | null;
  /** SIGTERM, and the exit code (0: it finished its requests and closed the log). */
  stop(): Promise<number | null>;
}

/** CPU time of the service process, in ms of user + system time. */
export interface ServiceCpu {
  /** Every thread: the event loop, the SQLite writer threads, V8's GC helpers. */
  readonly process: number;
  /** The main thread alone: what the event loop spent. */
  readonly mainThread: number;
}

/** User + system time (ms) from a /proc stat line: fields 14 and 15, counted after the command name's closing parenthesis. */
export function statCpuMs(statLine: string): number {
  const fields = statLine.slice(statLine.lastIndexOf(')') + 2).split(' ');
  const ticksPerMs = 100 / 1000; // USER_HZ is 100 on Linux
  return (Number(fields[11]) + Number(fields[12])) / ticksPerMs;
}

/** The CPU time of a process and of its main thread (Linux /proc; null elsewhere or once it exited). */
export function cpuTimeMs(pid: number | undefined): ServiceCpu | null {
  try {
    return { process: statCpuMs(readFileSync(`/proc/${String(pid)}/stat`, 'utf8')), mainThread: statCpuMs(readFileSync(`/proc/${String(pid)}/task/${String(pid)}/stat`, 'utf8')) };
  } catch {
    return null;
  }
}

export const bin = (...path: string[]) => join(buildRoot(), 'src', ...path);

/** A seeded year, appended through the event store port before the service opens the file. */
async function prefill(dataDir: string, year: number, seed: number): Promise<PrefilledYear> {
  const generated = generateBreachYear({ seed, year });
  const clock = new FixedClock(`${year}-01-01T00:00:00.000Z`);
  const store = new SqliteEventStore({ file: join(dataDir, 'events.sqlite'), clock });
  try {
    const { appended, lastPosition } = await appendGeneratedYear(store, clock, generated, { pipeline: true });
    const breachIds = generated.events.flatMap((e) => (e.event.type === 'BreachDetected' ? [e.event.data.breachId] : []));
    return { year, seed, breachIds, registered: generated.summary.registered, events: appended, head: lastPosition };
  } finally {
    await store.close();
  }
}

/** An API key made with the keys CLI, as the README's Access control section says. */
export function createKey(env: NodeJS.ProcessEnv, role = 'privacy-officer'): string {
  const out = execFileSync(process.execPath, [bin('cli', 'keys.js'), 'create', '--role', role, '--name', 'benchmark'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return (JSON.parse(out) as { key: string }).key;
}

/** Waits until the timeline and the yearly report include the whole year, and checks the report counts all of it. */
async function awaitViews(url: string, headers: Record<string, string>, prefilled: PrefilledYear): Promise<void> {
  const read = async (path: string): Promise<Record<string, unknown>> => {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const response = await fetch(`${url}${path}?minPosition=${prefilled.head.toString()}`, { headers });
      if (response.status === 200) return (await response.json()) as Record<string, unknown>;
      if (response.status !== 503) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    }
    throw new Error(`GET ${path}: the projections did not catch up with the generated year`);
  };
  await read(`/breaches/${prefilled.breachIds.at(-1) ?? ''}`);
  const report = (await read(`/reports/annual/${prefilled.year}`)) as { total?: { registered?: number } };
  if (report.total?.registered !== prefilled.registered) {
    throw new Error(`the annual report counts ${String(report.total?.registered)} breaches, not the ${prefilled.registered} appended`);
  }
}

/** A process's peak (VmHWM) or current (VmRSS) resident set in MB, from /proc (Linux; null elsewhere or once it exited). */
export function residentMb(pid: number | undefined, field: 'VmHWM' | 'VmRSS' = 'VmHWM'): number | null {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${String(pid)}/status`, 'utf8'));
    return match ? round(Number(match[1]) / 1024, 1) : null;
  } catch {
    return null;
  }
}

export /** With BENCH_CPU_PROF_DIR set, the service writes a CPU profile there when it exits (bench/cpu-profile.ts). */
function profiling(name: string): NodeJS.ProcessEnv {
  const dir = process.env.BENCH_CPU_PROF_DIR;
  if (!dir) return {};
  return { BENCH_CPU_PROF_DIR: dir, BENCH_CPU_PROF_NAME: name, NODE_OPTIONS: `--import=${pathToFileURL(join(buildRoot(), 'bench', 'cpu-profile.js')).href}` };
}

export async function startPrefilledService(dir: string, options: { year: number; seed: number }): Promise<RunningService> {
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir, { recursive: true });
  // Only what the workload decides: nothing from the caller's environment (EVENT_STORE, …) leaks in.
  const env = { PATH: process.env.PATH, DATA_DIR: dataDir, EVENT_STORE: 'sqlite', READ_STORE: 'sqlite', LOG_LEVEL: 'info', RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT_PER_MINUTE) };
  const prefilled = await prefill(dataDir, options.year, options.seed);
  const headers = { authorization: `Bearer ${createKey(env)}` };
  const service = runService(dir, { ...env, ...profiling('http-service') }, bin('main.js'), serviceNodeFlags());
  const stop = async () => {
    service.child.kill('SIGTERM');
    return service.exited;
  };
  try {
    const { port } = await service.waitForLog((entry) => entry.msg === 'privacy ledger listening', 30_000);
    const url = `http://127.0.0.1:${String(port)}`;
    await awaitViews(url, headers, prefilled);
    return { url, headers, prefilled, peakRssMb: () => residentMb(service.child.pid), cpuMs: () => cpuTimeMs(service.child.pid), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
