/**
 * The liveness probe: `GET /health/live` every 10 ms, each answer timed from request to body,
 * as a load balancer or an orchestrator's liveness check sees the service's event loop from
 * outside. The import workload runs it in its own process (which does nothing else meanwhile);
 * the scale workload runs it as a separate process (`startProbeProcess`), since the workload's
 * own process is busy reading a multi-GB export while the probe must stay punctual.
 */
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { latencies, round, type Column } from '../harness.js';

export const PROBE_EVERY_MS = 10;
/** Requests a probe process sends before it counts any (runAsProbeProcess). */
const WARM_UP_REQUESTS = 5;

export interface Probed {
  /** Answer times (ms) of the probes answered 200. */
  readonly times: number[];
  /** Answers other than 200, and requests that failed once the service had answered. */
  readonly failures: number;
}

export interface ProbeFigures {
  readonly probes: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly failures: number;
}

/** Asks /health/live until `running()` is false; each answer's time from request to body. */
export async function probe(url: string, running: () => boolean): Promise<Probed> {
  const times: number[] = [];
  let failures = 0;
  while (running()) {
    const started = performance.now();
    const response = await fetch(`${url}/health/live`);
    await response.arrayBuffer();
    if (response.status === 200) times.push(performance.now() - started);
    else failures += 1;
    await sleep(PROBE_EVERY_MS);
  }
  return { times, failures };
}

export function probeFigures(probed: Probed): ProbeFigures {
  const max = probed.times.reduce((a, b) => Math.max(a, b), 0);
  return { probes: probed.times.length, ...latencies([...probed.times]), max: round(max, 1), failures: probed.failures };
}

/** The probe's columns in a workload's table. */
export const PROBE_COLUMNS: readonly Column[] = [
  { key: 'probes', label: 'probes answered' },
  { key: 'p50', label: 'probe p50 ms' },
  { key: 'p99', label: 'probe p99 ms' },
  { key: 'max', label: 'probe max ms' },
  { key: 'failures', label: 'probes not 200' },
];

/** Now, in ms since the epoch, as precise as performance.now(): comparable across processes of one machine. */
export const epochMs = (): number => performance.timeOrigin + performance.now();

/** Every probe of a probe process: when it was sent (epoch ms), how long its answer took, whether it was 200. */
export interface ProbeSamples {
  readonly sentAt: number[];
  readonly took: number[];
  readonly ok: boolean[];
}

/**
 * The probe's figures over a window of time (epoch ms): p50/p99 and the count over the probes
 * sent in it; the maximum is the longest any probe waited within the window (its wait clipped
 * to the window), so a probe sent just before a step that stalls the service counts for that
 * step too, and one answered just after the step ended does not count its whole wait twice.
 */
export function probeWindow(samples: ProbeSamples, from: number, to: number): ProbeFigures {
  const times: number[] = [];
  let failures = 0;
  let slowest = 0;
  samples.sentAt.forEach((sentAt, i) => {
    const took = samples.took[i]!;
    const waited = Math.min(to, sentAt + took) - Math.max(from, sentAt);
    if (waited > slowest && samples.ok[i]) slowest = waited;
    if (sentAt < from || sentAt > to) return;
    if (samples.ok[i]) times.push(took);
    else failures += 1;
  });
  return { ...probeFigures({ times, failures }), max: round(slowest, 1) };
}

/** The probe in a process of its own, from the start until `finish`. */
export interface ProbeProcess {
  /** Stops probing and returns every probe. */
  finish(): Promise<ProbeSamples>;
}

export function startProbeProcess(url: string): ProbeProcess {
  const child = fork(fileURLToPath(import.meta.url), ['--url', url], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const result = new Promise<ProbeSamples>((resolve, reject) => {
    child.once('message', (message: ProbeSamples) => resolve(message));
    child.once('exit', (code) => reject(new Error(`the health probe exited with ${String(code)} before reporting`)));
  });
  let finishing: Promise<ProbeSamples> | undefined;
  return {
    finish: () => {
      if (!finishing) {
        child.send('finish');
        finishing = result;
      }
      return finishing;
    },
  };
}

/** The child's side: probes until told to finish, then sends every probe and exits. */
async function runAsProbeProcess(url: string): Promise<void> {
  const samples: ProbeSamples = { sentAt: [], took: [], ok: [] };
  let finished = false;
  process.on('message', () => (finished = true));
  // Not counted: this process's first requests load and compile its HTTP client (the first took
  // 60-90 ms, the next few 5-20 ms, against a server that answers at once).
  for (let n = 0; n < WARM_UP_REQUESTS && !finished; n++) {
    await fetch(`${url}/health/live`)
      .then((response) => response.arrayBuffer())
      .catch(() => undefined);
  }
  while (!finished) {
    const sentAt = epochMs();
    let ok = false;
    try {
      const response = await fetch(`${url}/health/live`);
      await response.arrayBuffer();
      ok = response.status === 200;
    } catch {
      // Refused or reset: a failed probe.
    }
    samples.sentAt.push(sentAt);
    samples.took.push(epochMs() - sentAt);
    samples.ok.push(ok);
    await sleep(PROBE_EVERY_MS);
  }
  process.send?.(samples, () => process.exit(0));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf('--url');
  const url = process.argv[at + 1];
  if (at < 0 || url === undefined) throw new Error('usage: health-probe --url <service url>');
  await runAsProbeProcess(url);
}
