/**
 * The service at scale. A log of `size` events (full: 1,000,000 and
 * 3,000,000, each in its own invocation; quick: 20,000) is built in a child process with the
 * real hash chain, then the real service (`node dist/src/main.js`) runs over it, driven only
 * through its public routes:
 *
 *   first start (empty read models): until GET /health answers; until GET /projections shows
 *     every projection at the head of the log
 *   warm start (SIGTERM, restart with the read models present): the same two
 *   GET /audit/verification, POST /audit/checkpoints (the first: builds the Merkle tree),
 *   GET /audit/export (streamed, bytes counted, nothing kept), and the offline verifier CLI
 *   (`privacy-ledger verify`) over a saved export.
 *
 * Each step: seconds, the resident set of the process doing the work (the service's, or the
 * CLI's) sampled from /proc, and the liveness probe's answers (GET /health/live every 10 ms
 * from a process of its own) while it ran.
 */
import { spawn } from 'node:child_process';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ServiceProcess } from '../../test/support/service-process.js';
import { round, type Row, type Workload, type WorkloadOptions, type WorkloadReport } from '../harness.js';
import { bin, createKey, residentMb } from '../http/prefilled-service.js';
import { epochMs, PROBE_COLUMNS, PROBE_EVERY_MS, probeWindow, startProbeProcess, type ProbeProcess, type ProbeSamples } from './health-probe.js';
import { BUILD_SETTINGS, buildLogApart } from './log-builder.js';
import { sizeLabel } from './memory.js';
import { awaitCaughtUp, RssSampler, seconds, serviceEnv, startService, stopService } from './scale-service.js';

/** The role whose key reaches every route used here: GET /projections, the audit routes, POST /audit/checkpoints. */
const ROLE = 'cpo';
const MB = 2 ** 20;

interface Step {
  readonly scenario: string;
  readonly seconds: number;
  readonly events?: number;
  readonly megabytes?: number;
  readonly rss: { readonly rssAtStartMb: number | null; readonly peakRssMb: number | null };
  /** When the step ran (epoch ms) and the probe of that service process; none while the service was not yet listening. */
  readonly window?: { readonly probe: ProbeProcess; readonly from: number; readonly to: number };
}

async function run(options: WorkloadOptions): Promise<WorkloadReport> {
  const size = options.size ?? 20_000;
  const workloadName = `scale-${sizeLabel(size)}`;
  const dataDir = join(options.dir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const built = buildLogApart(join(dataDir, 'events.sqlite'), size);
  const headers = { authorization: `Bearer ${createKey(serviceEnv(dataDir), ROLE)}` };
  const loadAtStart = round(loadavg()[0] ?? 0, 2);
  const steps: Step[] = [];
  const probed = new Map<ProbeProcess, ProbeSamples>();
  let service: ServiceProcess | undefined;
  let probe: ProbeProcess | undefined;
  const rss = new RssSampler(() => service?.child.pid);
  const notes: string[] = [];

  /** A service start: until /health answers, then until every projection is at the head. */
  const start = async (label: string, profileName: string): Promise<string> => {
    rss.start();
    const started = await startService(options.dir, dataDir, `${workloadName}-${profileName}`, (spawned) => {
      service = spawned;
      rss.start();
    });
    const answered = rss.stop();
    steps.push({ scenario: `${label}: until GET /health answers (${started.firstAnswerStatus})`, seconds: round(started.firstAnswerSeconds, 2), rss: { rssAtStartMb: null, peakRssMb: answered.peakRssMb } });
    probe = startProbeProcess(started.url);
    const from = epochMs();
    rss.start();
    await awaitCaughtUp(started.url, headers, size);
    const window = { probe, from, to: epochMs() };
    steps.push({ scenario: `${label}: until every projection is at the head (GET /projections)`, seconds: seconds(started.spawnedAt), events: size, rss: rss.stop(), window });
    return started.url;
  };

  const stop = async (): Promise<void> => {
    if (probe) probed.set(probe, await probe.finish());
    probe = undefined;
    await stopService(service!);
    service = undefined;
  };

  /** One step's whole answer, measured with the service's resident set and the probe. */
  const step = async <T>(scenario: string, work: () => Promise<T>, figures: (value: T) => Pick<Step, 'events' | 'megabytes'>): Promise<T> => {
    rss.start();
    const from = epochMs();
    const started = performance.now();
    const value = await work();
    steps.push({ scenario, seconds: seconds(started), rss: rss.stop(), window: { probe: probe!, from, to: epochMs() }, ...figures(value) });
    return value;
  };

  try {
    await start('first start, empty read models', 'first-start');
    await stop();

    const url = await start('warm start, read models present', 'warm-start');
    const verification = await step('GET /audit/verification', () => json<{ ok: boolean; events: number }>(`${url}/audit/verification`, { headers }), (v) => ({ events: v.events }));
    if (!verification.ok || verification.events < size) throw new Error(`the verification did not pass over ${size} events: ${JSON.stringify(verification)}`);
    const checkpoint = await step('POST /audit/checkpoints (the first: builds the Merkle tree)', () => json<{ treeSize: number }>(`${url}/audit/checkpoints`, { method: 'POST', headers }, 201), (c) => ({ events: c.treeSize }));
    if (checkpoint.treeSize !== size) throw new Error(`the first checkpoint covers ${checkpoint.treeSize} events, not ${size}`);
    const exported = await step('GET /audit/export (streamed, bytes counted, not kept)', () => readExport(url, headers), (bytes) => ({ megabytes: round(bytes / MB, 1) }));
    const exportFile = join(options.dir, 'export.ndjson');
    const saved = await step('GET /audit/export again, saved to a file for the verifier', () => readExport(url, headers, exportFile), (bytes) => ({ megabytes: round(bytes / MB, 1) }));
    const keyFile = join(options.dir, 'log-key.pem');
    writeFileSync(keyFile, (await json<{ pem: string }>(`${url}/audit/public-key`, { headers })).pem);
    const from = epochMs();
    const verified = await verifyOffline(exportFile, keyFile);
    steps.push({ scenario: 'privacy-ledger verify over the saved export (offline CLI; its own RSS)', seconds: verified.seconds, events: verified.events, megabytes: round(saved / MB, 1), rss: { rssAtStartMb: null, peakRssMb: verified.peakRssMb }, window: { probe: probe!, from, to: epochMs() } });
    if (verified.events <= size) throw new Error(`the offline verifier checked ${verified.events} events, fewer than the log's ${size} and the checkpoint`);
    await stop();
    notes.push(
      `The export streamed ${round(exported / MB, 1).toLocaleString('en')} MB; the verifier checked ${verified.events.toLocaleString('en')} events (the log and the checkpoint POSTed before it): "${verified.summary}".`,
    );
  } finally {
    if (service) service.child.kill('SIGTERM');
    await probe?.finish().catch(() => undefined);
  }

  const rows: Row[] = steps.map((s) => ({
    scenario: s.scenario,
    figures: {
      seconds: s.seconds,
      eventsPerSecond: s.events === undefined || s.seconds === 0 ? null : Math.round(s.events / s.seconds),
      megabytes: s.megabytes ?? null,
      rssAtStartMb: s.rss.rssAtStartMb,
      peakRssMb: s.rss.peakRssMb,
      ...(s.window === undefined ? {} : probeWindow(probed.get(s.window.probe)!, s.window.from, s.window.to)),
    },
  }));
  rows.push({ scenario: 'building the log (child process, not measured)', figures: { seconds: built.seconds, eventsPerSecond: built.eventsPerSecond, megabytes: built.fileMb, rssAtStartMb: null, peakRssMb: built.peakRssMb } });
  return {
    workload: workloadName,
    title: `The service over a log of ${size.toLocaleString('en')} events: first and warm start, verification, the first checkpoint, export, the offline verifier`,
    settings: {
      events: size,
      streams: built.streams,
      byCategory: built.byCategory,
      logMb: built.fileMb,
      service: 'node dist/src/main.js; EVENT_STORE=sqlite (synchronous=FULL), READ_STORE=sqlite, CHECKPOINT_INTERVAL_SECONDS=0',
      credential: `one ${ROLE} API key, made with the keys CLI`,
      probeEveryMs: PROBE_EVERY_MS,
      loadAverageAtStart: loadAtStart,
      ...(process.env.BENCH_CPU_PROF_DIR ? { cpuProfiles: `${process.env.BENCH_CPU_PROF_DIR}/${workloadName}-{first-start,warm-start}-<pid>.cpuprofile` } : {}),
      ...BUILD_SETTINGS,
    },
    columns: [
      { key: 'seconds', label: 'seconds' },
      { key: 'eventsPerSecond', label: 'events/s' },
      { key: 'megabytes', label: 'MB' },
      { key: 'rssAtStartMb', label: 'RSS at start MB' },
      { key: 'peakRssMb', label: 'peak RSS MB' },
      ...PROBE_COLUMNS,
    ],
    rows,
    comparisons: [],
    notes: [
      'Each row is one step against the running service, in this order; its seconds run from the request (or, for the starts, from spawning the process) to the whole answer. "until every projection is at the head" counts from the spawn, so it includes the time until /health answered. events/s = the step\'s events ÷ its seconds.',
      'RSS at start and peak RSS are the service\'s VmRSS from /proc when the step began and the highest sample (every 50 ms) while it ran; for the offline verifier, the CLI process\'s own peak (VmHWM). A flat export shows as a peak close to the RSS at its start.',
      `The probe (GET /health/live every ${PROBE_EVERY_MS} ms, each answer timed from request to body) runs in a process of its own, so the workload reading the export does not delay it; it starts once the service listens (the rows "until GET /health answers" have none). probes, p50, p99 and "not 200" (other answers and failed requests) are over the probes sent during the step; max is the longest any probe waited within the step (its wait clipped to the step), so a probe sent just before a step that stalls the service counts for that step too.`,
      'The export is read twice: once streamed and counted (the export\'s figure), once saved to a file the offline verifier reads (its own row). The verifier needs only that file and the public key from GET /audit/public-key.',
      `The probe, the service, the CLI and this process share the machine's ${cpus().length} CPUs; the 1-minute load average was ${loadAtStart} before the first start.`,
      ...notes,
    ],
  };
}

/**
 * A request with node:http, which waits as long as the answer takes: fetch (undici) gives up
 * after 300 s without response headers, and a whole-log answer on a 3M log on a busy machine
 * can take longer. Resolves with the response, its body unread.
 */
function request(url: string, method: string, headers: Record<string, string>): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method, headers }, resolve);
    outgoing.on('error', reject);
    outgoing.end();
  });
}

async function text(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function json<T>(url: string, init: { method?: string; headers: Record<string, string> }, expected = 200): Promise<T> {
  const response = await request(url, init.method ?? 'GET', init.headers);
  const body = await text(response);
  if (response.statusCode !== expected) throw new Error(`${init.method ?? 'GET'} ${url} answered ${String(response.statusCode)}: ${body.slice(0, 500)}`);
  return JSON.parse(body) as T;
}

async function exportBody(url: string, headers: Record<string, string>): Promise<AsyncIterable<Buffer>> {
  const response = await request(`${url}/audit/export`, 'GET', headers);
  if (response.statusCode !== 200) throw new Error(`GET /audit/export answered ${String(response.statusCode)}: ${await text(response)}`);
  return response;
}

/**
 * Reads the whole export and counts its bytes; with a file, writes them there in batches of
 * 1 MiB (one write per NDJSON line, as the chunks arrive, made the saving slower than the export).
 */
async function readExport(url: string, headers: Record<string, string>, file?: string): Promise<number> {
  const out = file === undefined ? undefined : await open(file, 'w');
  let bytes = 0;
  let batch: Buffer[] = [];
  let batched = 0;
  const flush = async () => {
    if (out && batched > 0) await out.write(Buffer.concat(batch));
    batch = [];
    batched = 0;
  };
  try {
    for await (const chunk of await exportBody(url, headers)) {
      bytes += chunk.byteLength;
      if (!out) continue;
      batch.push(chunk);
      batched += chunk.byteLength;
      if (batched >= MB) await flush();
    }
    await flush();
  } finally {
    await out?.close();
  }
  return bytes;
}

/** `privacy-ledger verify <export> --public-key <pem>` as its own process; its VmHWM sampled until it exits. */
async function verifyOffline(exportFile: string, keyFile: string): Promise<{ seconds: number; events: number; peakRssMb: number | null; summary: string }> {
  const started = performance.now();
  const child = spawn(process.execPath, [bin('cli', 'verify.js'), 'verify', exportFile, '--public-key', keyFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  let peak: number | null = null;
  const timer = setInterval(() => (peak = residentMb(child.pid) ?? peak), 20);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(timer);
  const elapsed = seconds(started);
  const ok = /^OK: (\d+) events/m.exec(stdout);
  if (code !== 0 || !ok) throw new Error(`privacy-ledger verify exited with ${String(code)}:\n${stdout}\n${stderr}`);
  return { seconds: elapsed, events: Number(ok[1]), peakRssMb: peak, summary: stdout.split('\n')[0] ?? '' };
}

export const workload: Workload = { name: 'scale', run };
