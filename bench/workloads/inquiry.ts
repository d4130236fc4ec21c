/**
 * (e) An inquiry of the supervisory authority answered with proofs, over a national-scale
 * year: "all breaches reported late in <year>, and why" (DOMAIN.md "Answering the supervisory
 * authority"). There is no inquiry slice yet, so the answer is put together from what the
 * service has, in-process, through its own classes: the late-reporting report as GET
 * /reports/late-reporting computes it (BreachViews.allRows + lateReportingReport), each late
 * breach's timeline for the events behind its facts (GET /breaches/:id/timeline), and an
 * inclusion proof of every cited event against a signed checkpoint, as GET
 * /audit/proofs/inclusion answers it (Ledger.inclusionProof). Then the checker's side: the
 * answer's bytes parsed, the checkpoint's signature and every proof verified.
 */
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { lateReportingReport, type LateReportLine, type LateReportingReport } from '../../projections/breach-reports.js';
import type { BreachTimeline } from '../../projections/breach-timeline.js';
import type { EventRef } from '../../projections/stream.js';
import { parseNote, publicKeyFromText, verifyNoteSignature } from '../../src/audit/checkpoint.js';
import { Ledger, type RecordedCheckpoint } from '../../src/audit/ledger.js';
import { leafHash, verifyInclusion } from '../../src/audit/merkle.js';
import { BreachViews } from '../../src/breaches/breach-views.js';
import { appendGeneratedYear, generateBreachYear } from '../../src/breaches/testing/generate-breach-year.js';
import { EVENT_STORE, type EventStore, type Position } from '../../src/event-store/event-store.port.js';
import { Projections, ProjectionUnavailableError } from '../../src/read-store/projections.js';
import { FixedClock } from '../../src/shared/clock.js';
import { startTestApp } from '../../test/support/test-app.js';
import { latencies, peakRssMb, round, type Row, type Workload, type WorkloadOptions, type WorkloadReport } from '../harness.js';

const YEAR = 2021;
const SEED = 2021;

/** One fact of a late report and the event it comes from. */
interface Evidence {
  readonly fact: 'awareness' | 'correction' | 'filing' | 'fg-verdict' | 'withdrawal';
  readonly event: EventRef;
}

type InclusionProof = Awaited<ReturnType<Ledger['inclusionProof']>>;

/** What goes to the AP: the facts, the events they come from, and a proof of each against the signed checkpoint. */
interface InquiryAnswer {
  readonly question: { readonly kind: 'late-reporting'; readonly year: number };
  /** The signed note (C2SP tlog-checkpoint) every proof is against. */
  readonly checkpoint: string;
  /** The log position the read side answered from. */
  readonly position: string;
  readonly figures: Omit<LateReportingReport, 'lateReports' | 'withoutReason'>;
  readonly lateReports: readonly { readonly report: LateReportLine; readonly evidence: readonly Evidence[] }[];
  /** One per cited event, by its position. */
  readonly proofs: Readonly<Record<string, InclusionProof>>;
}

interface Service {
  readonly clock: FixedClock;
  readonly events: EventStore;
  readonly projections: Projections;
  readonly views: BreachViews;
  readonly ledger: Ledger;
  dispose(): Promise<void>;
}

export const workload: Workload = { name: 'inquiry', run };

async function run(options: WorkloadOptions): Promise<WorkloadReport> {
  const breaches = options.size ?? (options.quick ? 1_000 : 25_000);
  const service = await startService(options.dir);
  try {
    const setup = await setUp(service, breaches);
    (globalThis as { gc?: () => void }).gc?.();
    const answer = await answerInquiry(service, setup.checkpoint);
    const check = checkAnswer(answer.bytes, service.ledger.publicKey());
    return {
      workload: `inquiry-${breaches >= 1000 ? `${breaches / 1000}k` : breaches}`,
      title: `An AP inquiry answered with proofs: late reports of a ${breaches.toLocaleString('en')}-breach year`,
      settings: { breaches, year: YEAR, seed: SEED, shares: 'generator defaults (FG annual report 2021: 50 of 255 reported, 44 of 50 late)', events: setup.events, treeSize: setup.checkpoint.treeSize, engine: 'sqlite, in-process Nest app' },
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
  { key: 'rssMb', label: 'peak RSS MB so far' },
];

const NOTES = [
  'Setup rows are not the measured figure: appends, projections and tree building have their own workloads.',
  '"answer" is the measured figure: the late-reporting report (the route\'s code), each late breach\'s timeline, one inclusion proof per cited event through Ledger.inclusionProof, one at a time, and the answer serialised as JSON.',
  'The report lines carry no event references: the cited events come from the timeline documents (BreachDetected, the first BreachReportedToAP, every awareAt/reportedAt correction, the latest LateReasonAssessed when a verdict stands, the withdrawal).',
  'Which event a line\'s late reason came from (the filing or a correction) is not recorded on the read side, so every awareAt/reportedAt correction is cited with the filing.',
  '"check" is the checker with the answer\'s bytes and the service\'s verifier key: JSON parsing, the checkpoint note\'s Ed25519 signature (once), then per proof the cited hash, tree size and root against the note, and RFC 9162 verifyInclusion.',
  'The checker cannot match a proof\'s leaf index to the cited position without an export of the log; that check is the offline verifier\'s.',
  'The generated events are appended through the store directly, not through the command handlers, so their personal fields are not encrypted.',
];

async function startService(dir: string): Promise<Service> {
  const clock = new FixedClock(`${YEAR}-01-01T00:00:00.000Z`);
  // No scheduled checkpoints: the one checkpoint is the benchmark's.
  const app = await startTestApp({ clock, env: { DATA_DIR: join(dir, 'data'), CHECKPOINT_INTERVAL_SECONDS: '0', READ_WAIT_TIMEOUT_MS: '60000' } });
  return { clock, events: app.app.get<EventStore>(EVENT_STORE), projections: app.app.get(Projections), views: app.app.get(BreachViews), ledger: app.app.get(Ledger), dispose: () => app.dispose() };
}

/** The year appended (pipelined), the projections caught up, and a signed checkpoint over the log. */
async function setUp(service: Service, breaches: number): Promise<{ rows: Row[]; events: number; checkpoint: RecordedCheckpoint }> {
  const year = await timed(() => generateBreachYear({ seed: SEED, year: YEAR, breaches }));
  const events = year.value.events.length;
  const appended = await timed(() => appendGeneratedYear(service.events, service.clock, year.value, { pipeline: true }));
  const projected = await timed(() => caughtUp(service.projections, appended.value.lastPosition));
  service.clock.advance(60_000);
  const checkpoint = await timed(() => service.ledger.checkpoint());
  await caughtUp(service.projections, await service.events.headPosition());
  const row = (scenario: string, step: { seconds: number; rssMb: number }, count: number, rate = true): Row => ({
    scenario,
    figures: { seconds: round(step.seconds, 2), events: count, eventsPerSecond: rate ? Math.round(count / step.seconds) : null, rssMb: step.rssMb },
  });
  return {
    events,
    checkpoint: checkpoint.value,
    rows: [
      row('setup: generate the year', year, events),
      row('setup: append (pipelined)', appended, events),
      // The projections run from the start, during the append too: the time left after it is no rate.
      row('setup: projections catch up after it', projected, events, false),
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

/** The measured answer: report, timelines, proofs, serialisation. */
async function answerInquiry(service: Service, checkpoint: RecordedCheckpoint): Promise<{ rows: Row[]; bytes: string }> {
  const started = performance.now();
  const report = await timed(async () => {
    const viewed = await service.views.allRows([{ field: 'year', op: 'eq', value: YEAR }]);
    return { position: viewed.position, report: lateReportingReport(viewed.view, YEAR, service.views.diensten) };
  });
  const { lateReports, withoutReason: _withoutReason, ...figures } = report.value.report;
  const cited = await timed(() => Promise.all(lateReports.map(async (line) => ({ report: line, evidence: evidenceOf(line, (await service.views.timeline(line.breachId)).view) }))));
  const proved = await timed(() => prove(service.ledger, cited.value.flatMap((line) => line.evidence), checkpoint.treeSize));
  const { proofs, perProof } = proved.value;
  const answer: InquiryAnswer = { question: { kind: 'late-reporting', year: YEAR }, checkpoint: checkpoint.note, position: report.value.position.toString(), figures, lateReports: cited.value, proofs };
  const bytes = JSON.stringify(answer);
  const seconds = (performance.now() - started) / 1000;
  const count = perProof.length;
  const breaches = lateReports.length;
  const citedEvents = cited.value.reduce((sum, line) => sum + line.evidence.length, 0);
  return {
    bytes,
    rows: [
      { scenario: 'answer: late-reporting report', figures: { seconds: round(report.seconds, 3), breaches, rssMb: report.rssMb } },
      { scenario: 'answer: timelines (cited events)', figures: { seconds: round(cited.seconds, 3), events: citedEvents, breaches, rssMb: cited.rssMb } },
      { scenario: 'answer: inclusion proofs', figures: { seconds: round(proved.seconds, 3), proofs: count, proofsPerSecond: Math.round(count / proved.seconds), ...latencies(perProof), rssMb: proved.rssMb } },
      { scenario: 'answer: total', figures: { seconds: round(seconds, 3), events: citedEvents, breaches, proofs: count, proofsPerSecond: Math.round(count / seconds), answerKb: round(Buffer.byteLength(bytes) / 1024, 1), rssMb: rssMb() } },
    ],
  };
}

/** One proof per cited event, one call at a time (as one request each to GET /audit/proofs/inclusion), each timed in ms. */
async function prove(ledger: Ledger, evidence: readonly Evidence[], treeSize: number): Promise<{ proofs: Record<string, InclusionProof>; perProof: number[] }> {
  const proofs: Record<string, InclusionProof> = {};
  const perProof: number[] = [];
  for (const { event } of evidence) {
    if (proofs[event.position]) continue;
    const start = performance.now();
    proofs[event.position] = await ledger.inclusionProof(BigInt(event.position), treeSize);
    perProof.push(performance.now() - start);
  }
  return { proofs, perProof };
}

/** The events a late report's facts come from, as the timeline references them (no event twice). */
function evidenceOf(line: LateReportLine, timeline: BreachTimeline): Evidence[] {
  const entries = timeline.entries;
  const last = <T>(items: readonly T[], test: (item: T) => boolean): T | undefined => items.filter(test).at(-1);
  const detected = entries.find((entry) => entry.step === 'BreachDetected');
  const filed = entries.find((entry) => entry.step === 'BreachReportedToAP');
  const verdict = line.verdict === null ? undefined : last(entries, (entry) => entry.step === 'LateReasonAssessed');
  const withdrawn = line.withdrawn ? last(entries, (entry) => entry.step === 'BreachReportWithdrawn') : undefined;
  const corrections = timeline.corrections.filter((correction) => correction.field === 'awareAt' || correction.field === 'reportedAt');
  const evidence: Evidence[] = [
    ...(detected ? [{ fact: 'awareness' as const, event: detected.event }] : []),
    ...(filed ? [{ fact: 'filing' as const, event: filed.event }] : []),
    ...corrections.map((correction) => ({ fact: 'correction' as const, event: correction.event })),
    ...(verdict ? [{ fact: 'fg-verdict' as const, event: verdict.event }] : []),
    ...(withdrawn ? [{ fact: 'withdrawal' as const, event: withdrawn.event }] : []),
  ];
  return evidence.filter((item, index) => evidence.findIndex((other) => other.event.position === item.event.position) === index);
}

/** The checker's side: from the answer's bytes and the service's verifier key, every proof against the signed checkpoint. */
function checkAnswer(bytes: string, key: { readonly name: string; readonly verifierKey: string }): Row {
  const started = performance.now();
  const answer = JSON.parse(bytes) as InquiryAnswer;
  const note = parseNote(answer.checkpoint);
  if (!verifyNoteSignature(note, { name: key.name, publicKey: publicKeyFromText(key.verifierKey) })) throw new Error('the checkpoint is not signed by the service');
  const root = Buffer.from(note.checkpoint.rootHash, 'base64');
  let verified = 0;
  for (const { evidence } of answer.lateReports) {
    for (const { event } of evidence) {
      const proof = answer.proofs[event.position];
      const holds =
        proof !== undefined &&
        proof.eventHash === event.hash &&
        proof.treeSize === note.checkpoint.treeSize &&
        proof.rootHash === note.checkpoint.rootHash &&
        verifyInclusion(leafHash(event.hash), proof.leafIndex, proof.treeSize, proof.proof.map((hash) => Buffer.from(hash, 'base64')), root);
      if (!holds) throw new Error(`the proof of ${event.streamId}@${event.revision} (position ${event.position}) does not hold`);
      verified += 1;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  return { scenario: 'check: signature + every proof', figures: { seconds: round(seconds, 3), proofs: verified, proofsPerSecond: Math.round(verified / seconds), rssMb: rssMb() } };
}

/** The result, the seconds it took, and the process's peak resident set so far (MB): where it grows, the step did it. */
async function timed<T>(work: () => T | Promise<T>): Promise<{ value: T; seconds: number; rssMb: number }> {
  const start = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - start) / 1000, rssMb: rssMb() };
}

const rssMb = peakRssMb;
