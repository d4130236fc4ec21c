/**
 * (e) An inquiry of the supervisory authority answered with evidence, over a national-scale
 * year: "all breaches reported late in <year>, and why" (docs/domain.md "Answering the supervisory
 * authority"), through the inquiry slice: the inquiry received, answered (a checkpoint, the
 * scope resolved on the log, the bundle built and hashed), the bundle served, and the AP's
 * check of it with verify-answer's code (every proof, the redacted log rebuilt into the
 * checkpoint's root, the facts against their events, the figures recomputed).
 */
import { createWriteStream, mkdirSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { publicKeyFromText } from '../../src/ledger/checkpoint.js';
import type { RecordedCheckpoint } from '../../src/ledger/checkpoint-log.js';
import { Ledger } from '../../src/ledger/ledger.js';
import { BreachViews } from '../../src/breaches/breach-views.js';
import { EVENT_STORE, type EventStore, type Position } from '../../src/event-store/event-store.port.js';
import { Projections } from '../../src/read-store/projections.js';
import { ProjectionUnavailableError } from '../../src/read-store/read-your-writes.js';
import { FixedClock } from '../../src/shared/clock.js';
import { verifyAnswer } from '../../src/inquiries/answer/verify-answer.js';
import { withFileLines } from '../../src/cli/cli-files.js';
import { startTestApp, type TestApp } from '../../test/support/test-app.js';
import { peakRssMb, round, type Row, type Workload, type WorkloadOptions, type WorkloadReport } from '../harness.js';
import { buildYearApart, type BuiltYear } from './inquiry-year.js';

const YEAR = 2021;
const SEED = 2021;

interface Service {
  readonly clock: FixedClock;
  http(role: 'privacy-officer'): ReturnType<TestApp['as']>;
  /** GET `url` as the AP, its body streamed into `file`: its bytes and lines. */
  save(url: string, file: string): Promise<{ bytes: number; lines: number }>;
  readonly events: EventStore;
  readonly projections: Projections;
  readonly views: BreachViews;
  readonly ledger: Ledger;
  dispose(): Promise<void>;
}

export const workload: Workload = { name: 'inquiry', run };

async function run(options: WorkloadOptions): Promise<WorkloadReport> {
  const breaches = options.size ?? (options.quick ? 1_000 : 25_000);
  const dataDir = join(options.dir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const built = buildYearApart(join(dataDir, 'events.sqlite'), { seed: SEED, year: YEAR, breaches });
  const service = await startService(dataDir, built.lastRecordedAt);
  try {
    const setup = await setUp(service, built);
    (globalThis as { gc?: () => void }).gc?.();
    const answerFile = join(options.dir, 'answer.jsonl');
    const answer = await answerInquiry(service, answerFile);
    const check = await checkAnswer(answerFile, service.ledger.publicKey());
    return {
      workload: `inquiry-${breaches >= 1000 ? `${breaches / 1000}k` : breaches}`,
      title: `An AP inquiry answered with proofs: late reports of a ${breaches.toLocaleString('en')}-breach year`,
      settings: { breaches, year: YEAR, seed: SEED, shares: 'generator defaults (FG annual report 2021: 50 of 255 reported, 44 of 50 late)', events: setup.events, treeSize: setup.checkpoint.treeSize, engine: 'sqlite, in-process Nest app', heapLimitMb: Math.round(getHeapStatistics().heap_size_limit / 1048576) },
      columns: COLUMNS,
      rows: [...setup.rows, ...answer.rows, check],
      comparisons: [],
      notes: NOTES,
    };
  } finally {
    await service.dispose();
  }
}

const COLUMNS = [
  { key: 'seconds', label: 'seconds' },
  { key: 'events', label: 'events' },
  { key: 'eventsPerSecond', label: 'events/s' },
  { key: 'breaches', label: 'late breaches' },
  { key: 'proofs', label: 'proofs' },
  { key: 'proofsPerSecond', label: 'proofs/s' },
  { key: 'p50', label: 'p50 ms/proof' },
  { key: 'p99', label: 'p99 ms/proof' },
  { key: 'answerKb', label: 'answer KB' },
  { key: 'stepRssMb', label: 'RSS MB, highest in the step' },
  { key: 'rssMb', label: 'peak RSS MB so far' },
];

const NOTES = [
  'Setup rows are not the measured figure: appends, projections and tree building have their own workloads. The year is generated and appended in a child process (its own peak RSS in its rows), so the workload\'s process holds the service, its catch-up on the log and the answer, not the ~275 MB of generated objects.',
  '"answer" rows are the inquiry slice over HTTP (in-process): POST /inquiries/{id}/answers builds and hashes the bundle once, GET /inquiries/{id}/answer builds it again and serves it (byte for byte the same).',
  'A population question carries a redacted export of the whole log (one line per event outside the scope), so the bundle grows with the log, not only with the scope.',
  'The served bundle is streamed into a file (payloadAsStream), never held whole; "check" is privacy-ledger verify-answer\'s code over that file, line by line as the CLI reads it, with the service\'s verifier key.',
  'The process runs with the heap limit npm start gives the service (HEAP_LIMIT_MB, default 1,536 MB; settings: heapLimitMb, which adds the young generation). With a limit below 2 GB V8 collects the old generation when it has grown to 1.3–2× what survived the last full collection; with its own default on this machine (4,144 MB) at 4×, and the same work peaked at 503–508 MB (src/inquiries/README.md, "Memory").',
  'The generated events are appended through the store directly, not through the command handlers, so their personal fields are not encrypted and the bundle discloses no keys.',
];

/** The service over the log the child process built, its clock at the year's last event. */
async function startService(dataDir: string, now: string): Promise<Service> {
  const clock = new FixedClock(now);
  // No scheduled checkpoints: the one checkpoint is the benchmark's.
  const app = await startTestApp({ clock, dataDir, env: { CHECKPOINT_INTERVAL_SECONDS: '0', READ_WAIT_TIMEOUT_MS: '60000' } });
  const save = async (url: string, file: string) => {
    const response = await app.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${app.keys['supervisory-authority']}` }, payloadAsStream: true });
    if (response.statusCode !== 200) throw new Error(`GET ${url}: ${response.statusCode}`);
    let lines = 0;
    // Counted on the way to the file: the bundle is never held whole, here or in the service.
    const count = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) lines += 1;
        done(null, chunk);
      },
    });
    await pipeline(response.stream(), count, createWriteStream(file));
    return { bytes: statSync(file).size, lines };
  };
  return { clock, http: (role) => app.as(role), save, events: app.app.get<EventStore>(EVENT_STORE), projections: app.app.get(Projections), views: app.app.get(BreachViews), ledger: app.app.get(Ledger), dispose: () => app.dispose() };
}

/** The year (built apart), the projections caught up on it, and a signed checkpoint over the log. */
async function setUp(service: Service, built: BuiltYear): Promise<{ rows: Row[]; events: number; checkpoint: RecordedCheckpoint }> {
  const projected = await timed(() => caughtUp(service.projections, BigInt(built.lastPosition)));
  service.clock.advance(60_000);
  const checkpoint = await timed(() => service.ledger.checkpoint());
  await caughtUp(service.projections, await service.events.headPosition());
  const row = (scenario: string, step: { seconds: number; rssMb: number; stepRssMb?: number }, count: number, rate = true): Row => ({
    scenario,
    figures: { seconds: round(step.seconds, 2), events: count, eventsPerSecond: rate ? Math.round(count / step.seconds) : null, stepRssMb: step.stepRssMb ?? null, rssMb: step.rssMb },
  });
  return {
    events: built.events,
    checkpoint: checkpoint.value,
    rows: [
      row('setup: generate the year (child process; its peak RSS)', { seconds: built.generateSeconds, rssMb: built.peakRssMb }, built.events),
      row('setup: append (pipelined; child process; its peak RSS)', { seconds: built.appendSeconds, rssMb: built.peakRssMb }, built.events),
      // The service starts on the built log: its projections catch up from the first event.
      row('setup: service started, projections catch up on the log', projected, built.events),
      row('setup: checkpoint (tree + signature)', checkpoint, checkpoint.value.treeSize),
    ],
  };
}

/** Waits until every projection has processed the log up to `head` (the service waits at most READ_WAIT_TIMEOUT_MS per read). */
async function caughtUp(projections: Projections, head: Position): Promise<void> {
  for (const name of projections.names()) {
    for (;;) {
      try {
        await projections.readable(name, head);
        break;
      } catch (error) {
        if (!(error instanceof ProjectionUnavailableError && error.code === 'projection-behind')) throw error;
      }
    }
  }
}

/**
 * The measured answer, through the inquiry slice over HTTP (in-process): the inquiry received
 * with its criterion, POST /inquiries/{id}/answers (checkpoint, scope resolved on the log, the
 * bundle built and hashed), and GET /inquiries/{id}/answer (the bundle built again and served).
 */
async function answerInquiry(service: Service, answerFile: string): Promise<{ rows: Row[] }> {
  const officer = service.http('privacy-officer');
  const now = service.clock.now();
  const received = await timed(() => officer.post('/inquiries', { receivedAt: now.toISOString(), apReference: 'AP-BENCH-1', question: `Which breaches of ${YEAR} were reported more than 72 hours after awareness, and why?`, scope: { criterion: { kind: 'reported-late', year: YEAR } }, answerDueAt: new Date(now.getTime() + 30 * 86_400_000).toISOString() }));
  if (received.value.status !== 201) throw new Error(`the inquiry was refused: ${JSON.stringify(received.value.body)}`);
  const inquiryId = received.value.body.inquiryId as string;
  const answered = await timed(() => officer.post(`/inquiries/${inquiryId}/answers`, {}));
  if (answered.value.status !== 201) throw new Error(`the answer was refused: ${JSON.stringify(answered.value.body)}`);
  const served = await timed(() => service.save(`/inquiries/${inquiryId}/answer`, answerFile));
  const { bytes, lines } = served.value;
  const breaches = answered.value.body.breaches as number;
  return {
    rows: [
      { scenario: 'answer: POST /inquiries/{id}/answers (checkpoint, scope, bundle hashed)', figures: { seconds: round(answered.seconds, 3), events: answered.value.body.treeSize as number, breaches, stepRssMb: answered.stepRssMb, rssMb: answered.rssMb } },
      { scenario: 'answer: GET /inquiries/{id}/answer (bundle built again, served)', figures: { seconds: round(served.seconds, 3), events: lines, breaches, answerKb: round(bytes / 1024, 1), stepRssMb: served.stepRssMb, rssMb: served.rssMb } },
    ],
  };
}

/** The checker's side: privacy-ledger verify-answer's code over the saved bundle, line by line, with the service's verifier key. */
async function checkAnswer(file: string, key: { readonly name: string; readonly verifierKey: string }): Promise<Row> {
  // As `privacy-ledger verify-answer <file>` reads it.
  const checked = await timed(() => withFileLines(file, undefined, (lines) => verifyAnswer(lines, { log: { publicKey: publicKeyFromText(key.verifierKey), name: key.name } })));
  const result = checked.value;
  if (!result.ok) throw new Error(`the answer does not verify: ${JSON.stringify(result.problems.slice(0, 3))}`);
  return { scenario: 'check: verify-answer (proofs, completeness, facts, figures)', figures: { seconds: round(checked.seconds, 3), events: result.events, breaches: result.breaches, stepRssMb: checked.stepRssMb, rssMb: checked.rssMb } };
}

/** How often a step's resident set is sampled: each step turns the event loop (pages, streamed lines), so the timer runs. */
const SAMPLE_MS = 50;

/**
 * The result, the seconds it took, the highest resident set sampled while it ran (MB: which
 * step makes the peak; the process's peak so far cannot tell once an earlier step set it), and
 * the process's peak resident set so far (MB).
 */
async function timed<T>(work: () => T | Promise<T>): Promise<{ value: T; seconds: number; stepRssMb: number; rssMb: number }> {
  let highest = process.memoryUsage.rss();
  const sample = setInterval(() => (highest = Math.max(highest, process.memoryUsage.rss())), SAMPLE_MS);
  const start = performance.now();
  try {
    const value = await work();
    highest = Math.max(highest, process.memoryUsage.rss());
    return { value, seconds: (performance.now() - start) / 1000, stepRssMb: round(highest / 2 ** 20, 1), rssMb: rssMb() };
  } finally {
    clearInterval(sample);
  }
}

const rssMb = peakRssMb;
