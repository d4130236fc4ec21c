/**
 * The performance goals, each read from the reports of a run: the figure, its target, and whether
 * the run met it. A goal stated at a size (1M events, 3M, 25,000 breaches) is judged only on a
 * report of that size or larger; a smaller one (bench:quick) shows its figure without a verdict.
 */
import type { MeasuredReport, Row } from './harness.js';

export type Verdict = 'met' | 'not met' | 'not measured' | 'below the goal\'s size';

export interface GoalResult {
  readonly goal: string;
  readonly target: string;
  /** The figure as the table shows it, with the report it comes from; '–' when not measured. */
  readonly figure: string;
  readonly verdict: Verdict;
}

interface Reading {
  readonly figure: string;
  readonly met: boolean;
}

interface Goal {
  readonly goal: string;
  readonly target: string;
  /** The workload family (`append`, `replay`, `scale`…) whose largest report is read. */
  readonly family: string;
  /** The size (events, or breaches for the inquiry) the goal is stated at. */
  readonly atSize?: number;
  read(report: MeasuredReport, all: readonly MeasuredReport[]): Reading | undefined;
}

const number = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const text = (value: number, digits = 0) => value.toLocaleString('en', { maximumFractionDigits: digits });

/** The report's size: events for every workload but the inquiry, whose size is its breaches. */
function sizeOf(report: MeasuredReport): number {
  return number(report.settings.breaches) ?? number(report.settings.events) ?? 0;
}

/** The largest report of a family (`replay` finds `replay-100k` and `replay-1M`). */
function largest(reports: readonly MeasuredReport[], family: string): MeasuredReport | undefined {
  return reports.filter((r) => r.workload === family || r.workload.startsWith(`${family}-`)).sort((a, b) => sizeOf(b) - sizeOf(a))[0];
}

const row = (report: MeasuredReport, prefix: string): Row | undefined => report.rows.find((r) => r.scenario.startsWith(prefix));
const figure = (r: Row | undefined, key: string): number | undefined => number(r?.figures[key]);

function ratio(subject: string, baseline: string, target: number) {
  return (report: MeasuredReport): Reading | undefined => {
    const c = report.comparisons.find((x) => x.subject === subject && x.baseline.startsWith(baseline));
    return c && { figure: `${c.ratio.toFixed(3)}× (${text(c.subjectValue)} ÷ ${text(c.baselineValue)} ${c.metric})`, met: c.ratio >= target };
  };
}

/** A goal read from one figure of one row (the first whose scenario starts with `prefix`). */
function oneFigure(prefix: string, key: string, judge: (value: number) => Reading) {
  return (report: MeasuredReport): Reading | undefined => {
    const value = figure(row(report, prefix), key);
    return value === undefined ? undefined : judge(value);
  };
}

/** The slowest /health/live answer over the rows of the whole-log audit calls. */
function slowestProbe(report: MeasuredReport): Reading | undefined {
  const rows = ['GET /audit/verification', 'POST /audit/checkpoints', 'GET /audit/export (streamed'].map((prefix) => row(report, prefix));
  const maxima = rows.map((r) => figure(r, 'max'));
  if (maxima.some((m) => m === undefined)) return undefined;
  const slowest = Math.max(...(maxima as number[]));
  return { figure: `${text(slowest, 1)} ms (verification ${text(maxima[0]!, 1)}, checkpoint ${text(maxima[1]!, 1)}, export ${text(maxima[2]!, 1)})`, met: slowest <= 100 };
}

/** "Flat" as this report reads it: the export's peak stays within 64 MB of the service's RSS when it began. */
const FLAT_EXPORT_MB = 64;
/** O(log n) + one head per stream, as this report reads it: 64 MB for the runtime and the frontier, 512 bytes a stream. */
const VERIFIER_BASE_MB = 64;
const VERIFIER_BYTES_PER_STREAM = 512;

export const GOALS: readonly Goal[] = [
  { goal: 'appends, 1 writer: events/s ÷ raw better-sqlite3, one 1-row commit each', target: '≥ 0.8', family: 'append', read: ratio('port, 1 writer', 'raw better-sqlite3, 1 tx per append', 0.8) },
  { goal: 'appends, 16 writers: events/s ÷ raw better-sqlite3, the same batches', target: '≥ 0.6', family: 'append', read: ratio('port, 16 writers', 'raw better-sqlite3, batched as group commit', 0.6) },
  {
    goal: 'replay + chains + Merkle root: events/s ÷ raw read + sha256',
    target: '≥ 0.6',
    family: 'replay',
    read: ratio('read + verify + Merkle root (frontier, as GET /audit/verification)', 'raw better-sqlite3 read + sha256', 0.6),
  },
  {
    goal: 'rebuild of all projections together (one shared read) over 1M events',
    target: '≥ 50,000 events/s',
    family: 'rebuild',
    atSize: 1_000_000,
    read: oneFigure('together: all', 'eventsPerSecond', (rate) => ({ figure: `${text(rate)} events/s`, met: rate >= 50_000 })),
  },
  {
    goal: 'HTTP register + report to the AP',
    target: '≥ 1,500 pairs/s, p99 ≤ 40 ms',
    family: 'http',
    read: (report) => {
      const pair = row(report, 'register + report');
      const pairs = figure(pair, 'pairsPerSecond');
      const p99 = figure(pair, 'p99');
      return pairs === undefined || p99 === undefined ? undefined : { figure: `${text(pairs)} pairs/s, p99 ${text(p99, 2)} ms`, met: pairs >= 1_500 && p99 <= 40 };
    },
  },
  {
    goal: 'AP inquiry over 25,000 breaches: peak RSS (the workload\'s process, setup included)',
    target: '≤ 400 MB',
    family: 'inquiry',
    atSize: 25_000,
    read: (report) => ({ figure: `${text(report.peakRssMb, 1)} MB`, met: report.peakRssMb <= 400 }),
  },
  {
    goal: "Ledger memory: the service's Ledger synced over the whole log, heap + buffers per event (replay)",
    target: '≤ 80 B/event',
    family: 'replay',
    read: (report) => {
      const perEvent = number(report.settings.ledgerBytesPerEvent);
      const tree = number(report.settings.merkleTreeBytesPerEvent);
      return perEvent === undefined ? undefined : { figure: `${text(perEvent)} B/event${tree === undefined ? '' : ` (its Merkle tree alone: ${text(tree)})`}`, met: perEvent <= 80 };
    },
  },
  { goal: '/health/live while whole-log audit calls run on a 3M log: the slowest answer', target: '≤ 100 ms', family: 'scale', atSize: 3_000_000, read: slowestProbe },
  {
    goal: 'first start on a 3M log with empty read models: until every projection has caught up',
    target: '≤ 60 s',
    family: 'scale',
    atSize: 3_000_000,
    read: oneFigure('first start, empty read models: until every projection', 'seconds', (seconds) => ({ figure: `${text(seconds, 1)} s`, met: seconds <= 60 })),
  },
  {
    goal: 'export of 3M events streamed with flat RSS: the service\'s peak over its RSS at the start',
    target: `≤ +${FLAT_EXPORT_MB} MB`,
    family: 'scale',
    atSize: 3_000_000,
    read: (report) => {
      const r = row(report, 'GET /audit/export (streamed');
      const start = figure(r, 'rssAtStartMb');
      const peak = figure(r, 'peakRssMb');
      if (start === undefined || peak === undefined) return undefined;
      return { figure: `+${text(peak - start, 1)} MB (${text(start, 1)} → ${text(peak, 1)} MB, ${text(figure(r, 'megabytes') ?? 0, 1)} MB streamed in ${text(figure(r, 'seconds') ?? 0, 1)} s)`, met: peak - start <= FLAT_EXPORT_MB };
    },
  },
  {
    goal: 'offline verifier over a 3M export: time, and memory O(log n) + one head per stream',
    target: `≤ 60 s; peak RSS ≤ ${VERIFIER_BASE_MB} MB + ${VERIFIER_BYTES_PER_STREAM} B × streams`,
    family: 'scale',
    atSize: 3_000_000,
    read: (report) => {
      const r = row(report, 'privacy-ledger verify');
      const seconds = figure(r, 'seconds');
      const peak = figure(r, 'peakRssMb');
      const streams = number(report.settings.streams);
      if (seconds === undefined || peak === undefined || streams === undefined) return undefined;
      const bound = VERIFIER_BASE_MB + (VERIFIER_BYTES_PER_STREAM * streams) / 2 ** 20;
      return { figure: `${text(seconds, 1)} s, ${text(peak, 1)} MB (bound ${text(bound)} MB for ${text(streams)} streams)`, met: seconds <= 60 && peak <= bound };
    },
  },
];

/** Every goal read from a run's reports. */
export function evaluateGoals(reports: readonly MeasuredReport[]): GoalResult[] {
  return GOALS.map((goal) => {
    const report = largest(reports, goal.family);
    const reading = report && goal.read(report, reports);
    if (!report || !reading) return { goal: goal.goal, target: goal.target, figure: '–', verdict: 'not measured' };
    const small = goal.atSize !== undefined && sizeOf(report) < goal.atSize;
    return { goal: goal.goal, target: goal.target, figure: `${reading.figure} [${report.workload}]`, verdict: small ? 'below the goal\'s size' : reading.met ? 'met' : 'not met' };
  });
}
