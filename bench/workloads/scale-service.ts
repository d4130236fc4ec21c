/**
 * What the scale workload does to the service from outside, through its public routes only:
 * start it (`node dist/src/main.js`) over a data folder whose log already exists, wait until
 * every projection has caught up (GET /projections), sample its resident set from /proc while
 * a step runs, and stop it. Nothing here reaches into the service's modules, so the workload
 * keeps working whatever the write path, the ledger or the projections become inside.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { runService, type ServiceProcess } from '../../test/support/service-process.js';
import { round, serviceNodeFlags } from '../harness.js';
import { bin, profiling, RATE_LIMIT_PER_MINUTE, residentMb } from '../http/prefilled-service.js';

/** Generous: a first start over millions of events on a busy 2-core machine. */
const START_TIMEOUT_MS = 60 * 60_000;
const CAUGHT_UP_POLL_MS = 200;
const RSS_SAMPLE_MS = 50;

/** The service's environment: the embedded default, checkpoints on request only (none signed by the schedule mid-measurement). */
export function serviceEnv(dataDir: string): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, DATA_DIR: dataDir, EVENT_STORE: 'sqlite', READ_STORE: 'sqlite', LOG_LEVEL: 'info', RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT_PER_MINUTE), CHECKPOINT_INTERVAL_SECONDS: '0' };
}

/** The highest resident set of a process sampled while a step runs, and where it began. */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  private startMb: number | null = null;
  private peak: number | null = null;

  constructor(private readonly pid: () => number | undefined) {}

  start(): void {
    this.stop();
    this.startMb = residentMb(this.pid(), 'VmRSS');
    this.peak = this.startMb;
    this.timer = setInterval(() => this.sample(), RSS_SAMPLE_MS);
  }

  /** The step's VmRSS when it began and the highest sampled (every 50 ms) while it ran. */
  stop(): { rssAtStartMb: number | null; peakRssMb: number | null } {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
    return { rssAtStartMb: this.startMb, peakRssMb: this.peak };
  }

  private sample(): void {
    const now = residentMb(this.pid(), 'VmRSS');
    if (now !== null && (this.peak === null || now > this.peak)) this.peak = now;
  }
}

export interface StartedService {
  readonly process: ServiceProcess;
  readonly url: string;
  /** Seconds from spawning the process to its first answer to GET /health (any status). */
  readonly firstAnswerSeconds: number;
  readonly firstAnswerStatus: number;
  readonly spawnedAt: number;
}

/** Spawns the service over `dataDir` and waits for its first answer to GET /health; `name` names its CPU profile, if one is taken. */
export async function startService(cwd: string, dataDir: string, name: string, onSpawn: (service: ServiceProcess) => void): Promise<StartedService> {
  const spawnedAt = performance.now();
  const service = runService(cwd, { ...serviceEnv(dataDir), ...profiling(name) }, bin('main.js'), serviceNodeFlags());
  onSpawn(service);
  try {
    const { port } = await service.waitForLog((entry) => entry.msg === 'privacy ledger listening', START_TIMEOUT_MS);
    const url = `http://127.0.0.1:${String(port)}`;
    const response = await fetch(`${url}/health`);
    await response.arrayBuffer();
    return { process: service, url, firstAnswerSeconds: (performance.now() - spawnedAt) / 1000, firstAnswerStatus: response.status, spawnedAt };
  } catch (error) {
    service.child.kill('SIGTERM');
    await service.exited;
    throw error;
  }
}

interface ProjectionEntry {
  readonly name: string;
  readonly state: string;
  readonly position: string;
  readonly headPosition: string;
  readonly lastError: unknown;
}

/** Polls GET /projections until every projection runs at position `head` or beyond; returns them. */
export async function awaitCaughtUp(url: string, headers: Record<string, string>, head: number): Promise<readonly ProjectionEntry[]> {
  for (;;) {
    const response = await fetch(`${url}/projections`, { headers });
    const body = (await response.json()) as { projections?: ProjectionEntry[] };
    if (response.status !== 200 || !body.projections) throw new Error(`GET /projections answered ${response.status}: ${JSON.stringify(body)}`);
    const failed = body.projections.find((p) => p.state === 'failed');
    if (failed) throw new Error(`projection ${failed.name} failed while catching up: ${JSON.stringify(failed.lastError)}`);
    if (body.projections.length > 0 && body.projections.every((p) => p.state === 'running' && BigInt(p.position) >= BigInt(head))) return body.projections;
    await sleep(CAUGHT_UP_POLL_MS);
  }
}

/** SIGTERM, and the exit code, which must be 0 (it closed the log cleanly). */
export async function stopService(service: ServiceProcess): Promise<void> {
  service.child.kill('SIGTERM');
  const code = await service.exited;
  if (code !== 0) throw new Error(`the service exited with ${String(code)}, not 0, on SIGTERM; stderr:\n${service.stderr()}`);
}

export const seconds = (since: number): number => round((performance.now() - since) / 1000, 2);
