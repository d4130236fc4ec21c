/**
 * /health while the whole-log calls run on a machine whose cores are taken: the service over a
 * log built beforehand (`workloads/log-builder.js`), GET /health/live probed every 10 ms from a
 * process of its own, while GET /audit/verification runs `--runs` times and then the first
 * POST /audit/checkpoints builds the Merkle tree, with `--busy` processes spinning beside it
 * (each takes a core as other jobs on a shared machine do). Prints, per call, its seconds and
 * the probe's p50, p99 and slowest answer, and writes them as JSON (`--out`).
 *
 *   node dist-bench/bench/health-under-load.js --dir D [--runs 3] [--busy 2] [--out file]
 *
 * D holds data/events.sqlite; the read models are built at the first start over it and kept
 * in D/data for the next. Run it from each of two builds' checkouts on the same D to compare
 * them (alternate: the machine drifts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { round } from './harness.js';
import { createKey } from './http/prefilled-service.js';
import { epochMs, probeWindow, startProbeProcess, type ProbeFigures } from './workloads/health-probe.js';
import { awaitCaughtUp, serviceEnv, startService, stopService } from './workloads/scale-service.js';

interface Call {
  readonly call: string;
  readonly seconds: number;
  readonly probe: ProbeFigures;
  /** The slowest answers within the call: when each probe was sent (seconds after the call began) and how long it took (ms). */
  readonly slowest: readonly { readonly at: number; readonly ms: number }[];
}

const SLOWEST_SHOWN = 3;
const PROBE_WARM_UP_MS = 2000;

const { values } = parseArgs({ options: { dir: { type: 'string' }, runs: { type: 'string', default: '3' }, busy: { type: 'string', default: '2' }, out: { type: 'string' } } });
const runs = Number(values.runs);
const busy = Number(values.busy);
if (values.dir === undefined || !(Number.isSafeInteger(runs) && runs > 0) || !(Number.isSafeInteger(busy) && busy >= 0)) {
  throw new Error('usage: health-under-load --dir <folder with data/events.sqlite> [--runs N] [--busy N] [--out file]');
}
const dataDir = join(values.dir, 'data');
if (!existsSync(join(dataDir, 'events.sqlite'))) throw new Error(`no log in ${dataDir}: build one with workloads/log-builder.js first`);
const keyFile = join(values.dir, 'cpo.key');
if (!existsSync(keyFile)) writeFileSync(keyFile, createKey(serviceEnv(dataDir), 'cpo'));
const headers = { authorization: `Bearer ${readFileSync(keyFile, 'utf8')}` };

const started = await startService(values.dir, dataDir, 'health-under-load', () => undefined);
const spinning: ChildProcess[] = [];
const calls: Call[] = [];
try {
  const status = (await (await fetch(`${started.url}/projections`, { headers })).json()) as { projections: { headPosition: string }[] };
  await awaitCaughtUp(started.url, headers, Number(status.projections[0]?.headPosition ?? 0));
  for (let n = 0; n < busy; n++) spinning.push(spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  const probe = startProbeProcess(started.url);
  // Its process starts and warms its HTTP client up (workloads/health-probe.ts) before the first call.
  await new Promise((resolve) => setTimeout(resolve, PROBE_WARM_UP_MS));
  const windows: { call: string; from: number; to: number }[] = [];
  const timed = async (call: string, method: string, path: string, expected: number) => {
    const from = epochMs();
    // node:http, not fetch: fetch gives up after 300 s without response headers, which a whole-log call beside busy processes can take.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const outgoing = httpRequest(`${started.url}${path}`, { method, headers }, (response) => response.resume().once('end', () => resolve(response.statusCode)));
      outgoing.once('error', reject).end();
    });
    const to = epochMs();
    if (status !== expected) throw new Error(`${method} ${path} answered ${String(status)}`);
    windows.push({ call, from, to });
  };
  for (let n = 1; n <= runs; n++) await timed(`GET /audit/verification (${n})`, 'GET', '/audit/verification', 200);
  await timed('POST /audit/checkpoints (the first: builds the tree)', 'POST', '/audit/checkpoints', 201);
  const samples = await probe.finish();
  for (const { call, from, to } of windows) {
    const within = samples.sentAt.map((sentAt, i) => ({ at: round((sentAt - from) / 1000, 2), ms: round(samples.took[i] ?? 0, 1) })).filter(({ at }) => at >= 0 && at <= (to - from) / 1000);
    const slowest = within.sort((a, b) => b.ms - a.ms).slice(0, SLOWEST_SHOWN);
    calls.push({ call, seconds: round((to - from) / 1000, 2), probe: probeWindow(samples, from, to), slowest });
  }
} finally {
  spinning.forEach((child) => child.kill('SIGKILL'));
  await stopService(started.process);
}

const report = { busy, load: round(loadavg()[0] ?? 0, 2), calls };
for (const { call, seconds, probe, slowest } of calls) {
  const slow = slowest.map(({ at, ms }) => `${ms} ms at ${at} s`).join(', ');
  console.log(`${call.padEnd(52)} ${String(seconds).padStart(7)} s   /health p50 ${probe.p50} p99 ${probe.p99} max ${probe.max} ms (${probe.probes} probes; slowest: ${slow})`);
}
if (values.out) writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
