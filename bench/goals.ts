/**
 * The performance goals, each read from the reports of a run: the figure, its target, and whether
 * the run met it. A goal stated at a size (1M events, 3M, 25,000 breaches) is judged only on a
 * report of that size or larger; a smaller one (bench:quick) shows its figure without a verdict.
 */
import type { MeasuredReport, Row } from './harness.js';
import { FLOOR, FLOOR_FAMILY } from './workloads/floor-names.js';

export type Verdict = 'met' | 'not met' | 'not measured' | 'below the goal\'s size';

export interface GoalResult {
  readonly goal: string;
  readonly target: string;
  /** The figure as the table shows it, with the report it comes from; '–' when not measured. */
  readonly figure: string;
  readonly verdict: Verdict;
  /** The figure ÷ the goal (a "≥" goal is met at 1 or more, a "≤" goal at 1 or less); '–' when not measured. */
  readonly distance: string;
  /** What the floors measured in the same run (the floor-limits workload) explain of the distance; '–' when the goal has no floor or the run none. */
  readonly floor: string;
}

interface Reading {
  readonly figure: string;
  readonly met: boolean;
  /** The figure ÷ the goal, as text (two decimals; a goal of two figures gives both). */
  readonly distance: string;
}

interface Goal {
  readonly goal: string;
  readonly target: string;
  /** The workload family (`append`, `replay`, `scale`…) whose largest report is read. */
  readonly family: string;
  /** The size (events, or breaches for the inquiry) the goal is stated at. */
  readonly atSize?: number;
  read(report: MeasuredReport, all: readonly MeasuredReport[]): Reading | undefined;
  /** What the floors (the floor-limits report of the same run) explain of the distance. */
  floor?(report: MeasuredReport, floors: MeasuredReport): string | undefined;
}

const number = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const text = (value: number, digits = 0) => value.toLocaleString('en', { maximumFractionDigits: digits });
/** figure ÷ goal, two decimals. */
export const over = (value: number, target: number): string => (value / target).toFixed(2);

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
    return c && { figure: `${c.ratio.toFixed(3)}× (${text(c.subjectValue)} ÷ ${text(c.baselineValue)} ${c.metric})`, met: c.ratio >= target, distance: over(c.ratio, target) };
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
  return { figure: `${text(slowest, 1)} ms (verification ${text(maxima[0]!, 1)}, checkpoint ${text(maxima[1]!, 1)}, export ${text(maxima[2]!, 1)})`, met: slowest <= 100, distance: over(slowest, 100) };
}

/** "Flat" as this report reads it: the export's peak stays within 64 MB of the service's RSS when it began. */
const FLAT_EXPORT_MB = 64;
/** O(log n) + one head per stream, as this report reads it: 64 MB for the runtime and the frontier, 512 bytes a stream. */
const VERIFIER_BASE_MB = 64;
const VERIFIER_BYTES_PER_STREAM = 512;

/** µs of one operation of a floor row (its mean). */
const floorUs = (floors: MeasuredReport, scenario: string): number | undefined => figure(floors.rows.find((r) => r.scenario === scenario), 'usEach');
const perEventUs = (rate: number | undefined): number | undefined => (rate === undefined || rate <= 0 ? undefined : 1e6 / rate);
const percent = (part: number, whole: number): string => `${text((part / whole) * 100)} %`;
const us = (value: number) => `${text(value, value < 10 ? 1 : 0)} µs`;

/**
 * An append goal's floor: the goal leaves the port `allowed` µs an event over the raw commit; it
 * adds `added`; the thread round trip (÷ events a commit, for group commit) is a part of that
 * the machine sets. Where the run also made the raw commits from a worker thread (`inThread`, the
 * floor of any design that keeps the commit and its fsync off the event loop), that ratio is set
 * beside the goal: what lies between it and the goal no such design can close on this machine.
 */
function appendFloor(subject: string, baseline: string, target: number, inThread: string) {
  return (report: MeasuredReport, floors: MeasuredReport): string | undefined => {
    const c = report.comparisons.find((x) => x.subject === subject && x.baseline.startsWith(baseline));
    const thread = report.comparisons.find((x) => x.subject.startsWith(inThread) && x.baseline.startsWith(baseline));
    const threadText = thread === undefined || c === undefined ? '' : ` ${inThreadFloor(thread.ratio, c.subjectValue / thread.subjectValue, target)}`;
    const trip = floorUs(floors, FLOOR.roundTrip);
    if (!c || trip === undefined) return undefined;
    const perCommit = figure(row(report, subject), 'eventsPerCommit') ?? 1;
    const rawUs = 1e6 / c.baselineValue;
    const allowed = 1e6 / (target * c.baselineValue) - rawUs;
    const added = 1e6 / c.subjectValue - rawUs;
    const hop = trip / perCommit;
    const hopText = `the bare thread round trip${perCommit > 1 ? ` ÷ ${text(perCommit, 1)} events a commit` : ''} is ${us(hop)}`;
    const commit = floorUs(floors, FLOOR.commit);
    if (added <= 0) return `the port was faster than the raw commit in this run (${us(1e6 / c.subjectValue)} against ${us(rawUs)} an event: the machine's load or disk varied between the two), so there is no distance to explain; ${hopText}.`;
    return (
      `the goal leaves the port ≤ ${us(allowed)} an event over the raw commit (${us(rawUs)}); it adds ${us(added)}. ` +
      `T${hopText.slice(1)}: ${percent(hop, added)} of what the port adds, ${percent(hop, allowed)} of what the goal leaves` +
      (commit === undefined ? '.' : `; a bare fsync'd 1-row commit takes ${us(commit)} here.`) +
      threadText
    );
  };
}

/** The raw commits made from a worker thread beside an append goal: below the goal, the distance between them is the machine's thread hand-over. */
function inThreadFloor(floorRatio: number, portOfFloor: number, target: number): string {
  const floor = `Raw commits made by a worker thread and answered by postMessage (the floor of any design that keeps the commit off the event loop) reach ${floorRatio.toFixed(3)}× of raw in this run; the port ${portOfFloor.toFixed(3)}× of that floor`;
  return floorRatio < target
    ? `${floor}. That floor is below the goal: from ${floorRatio.toFixed(3)}× to ${target} is the machine's thread hand-over, which no such design closes; from the port to the floor is the code's.`
    : `${floor}, at or above the goal: the whole distance is the code's.`;
}

/** The replay goal's floor: raw read + sha256 on one and on two threads, beside the µs an event the goal allows and the service takes. */
function replayFloor(report: MeasuredReport, floors: MeasuredReport): string | undefined {
  const c = report.comparisons.find((x) => x.subject.startsWith('read + verify + Merkle root (frontier') && x.baseline.startsWith('raw better-sqlite3 read + sha256'));
  const one = floorUs(floors, FLOOR.sha256One);
  const two = floorUs(floors, FLOOR.sha256Two);
  if (!c || one === undefined || two === undefined) return undefined;
  const allowed = 1e6 / (0.6 * c.baselineValue);
  const measured = 1e6 / c.subjectValue;
  return (
    `the goal allows ${us(allowed)} an event; the service takes ${us(measured)}. Raw read + sha256 is ${us(one)} an event on one thread, ${us(two)} on two (×${text(one / two, 2)}): ` +
    `the single-thread floor is ${percent(one, measured)} of the service's time, the rest (${us(measured - one)}) is the code's (decoding, the chain check, the hand-over to this thread, the frontier).`
  );
}

/**
 * A goal over building the read models (the rebuild, the first start). Its floor is the raw
 * rebuild of the floor-limits workload: the same work with nothing of the service, one thread,
 * its SQLite writes (inserts, index builds) apart, since one connection makes them whatever the
 * rest runs on. No split of that work over the machine's cores takes less than
 * max(writes, whole ÷ cores) an event: the bound. Where the goal lies below the bound, the
 * distance from the goal to the bound is the machine's, from the bound to the service the
 * code's. A run without the raw rebuild (an older results file) falls back to raw read +
 * JSON.parse, the part of the work no build avoids.
 */
function rebuildFloor(measuredUs: (report: MeasuredReport) => number | undefined, allowedUs: number, events = 1) {
  return (report: MeasuredReport, floors: MeasuredReport): string | undefined => {
    const measured = measuredUs(report);
    const whole = floorUs(floors, FLOOR.rebuild);
    const writes = floorUs(floors, FLOOR.rebuildWrites);
    if (measured === undefined) return undefined;
    if (whole === undefined || writes === undefined) return parseFloor(measured, allowedUs, floors, events);
    const cores = number(floors.settings.cores) ?? 2;
    const bound = Math.max(writes, whole / cores);
    const size = number(floors.settings.events);
    const goalSize = number(report.settings.events);
    const at = size !== undefined && goalSize !== undefined && size < goalSize ? ` (measured over ${text(size)} events; on a larger log no stage costs less an event)` : '';
    const head =
      `the goal allows ${us(allowedUs)} an event; measured ${us(measured)}. The same work with nothing of the service around it (the floors' raw rebuild: the log read in stream order, the projections' own folds, the documents' JSON and aggregates, the store's inserts and indexes) takes ${us(whole)} an event on one thread${at}, ` +
      `${us(writes)} of it SQLite's writes, which one connection makes. Split over this machine's ${text(cores)} cores with no overhead at all, it takes no less than max(${us(writes)}, ${us(whole)} ÷ ${text(cores)}) = ${us(bound)} an event (${text(1e6 / bound)} events/s)`;
    if (bound >= allowedUs) {
      return `${head}: the goal lies beyond that bound. From the goal to the bound (${us(bound - allowedUs)}) is the machine's; from the bound to the service (${us(Math.max(0, measured - bound))}) is the code's (its runner, checkpoints, hand-overs between threads, the collection of its garbage).`;
    }
    return `${head}: the bound leaves ${us(allowedUs - bound)} an event for what the service adds (its runner, checkpoints, hand-overs between threads, the collection of its garbage); it adds ${us(Math.max(0, measured - bound))}: the distance is the code's.`;
  };
}

/** Raw read + JSON.parse as a rate goal's floor: the part of a build's work no build avoids. */
function parseFloor(measured: number, allowedUs: number, floors: MeasuredReport, events: number): string | undefined {
  const parse = floorUs(floors, FLOOR.jsonParse);
  if (parse === undefined) return undefined;
  const scaled = events === 1 ? '' : ` (${text((parse * events) / 1e6, 1)} s for ${text(events)} events, one thread)`;
  return (
    `the goal allows ${us(allowedUs)} an event; measured ${us(measured)}. Raw read + JSON.parse alone is ${us(parse)} an event${scaled}: ` +
    `${percent(parse, measured)} of the measured time; the rest (${us(measured - parse)}) is the code's (the projections' work, their writes).`
  );
}

/** The HTTP goal's floor: the bare Fastify route under the same load, two requests a pair. */
function httpFloor(report: MeasuredReport, floors: MeasuredReport): string | undefined {
  const bare = floors.rows.find((r) => r.scenario === FLOOR.http);
  const perSecond = figure(bare, 'perSecond');
  const p99 = figure(bare, 'p99');
  const pairs = figure(row(report, 'register + report'), 'pairsPerSecond');
  if (perSecond === undefined || p99 === undefined || pairs === undefined) return undefined;
  const floorPairUs = 2e6 / perSecond;
  const pairUs = 1e6 / pairs;
  return (
    `the goal allows ${us(1e6 / 1_500)} of wall-clock a pair at 16 connections; the service takes ${us(pairUs)}. A bare Fastify route with the same body parse answers ${text(perSecond)} requests/s (p99 ${text(p99, 2)} ms) under the same load: ` +
    `${us(floorPairUs)} a pair (two requests), ${percent(floorPairUs, pairUs)} of the service's; the rest (${us(pairUs - floorPairUs)}) is the service's request path.`
  );
}

export const GOALS: readonly Goal[] = [
  { goal: 'appends, 1 writer: events/s ÷ raw better-sqlite3, one 1-row commit each', target: '≥ 0.8', family: 'append', read: ratio('port, 1 writer', 'raw better-sqlite3, 1 tx per append', 0.8), floor: appendFloor('port, 1 writer', 'raw better-sqlite3, 1 tx per append', 0.8, 'raw better-sqlite3 in a worker thread, 1 tx per append') },
  { goal: 'appends, 16 writers: events/s ÷ raw better-sqlite3, the same batches', target: '≥ 0.6', family: 'append', read: ratio('port, 16 writers', 'raw better-sqlite3, batched as group commit', 0.6), floor: appendFloor('port, 16 writers', 'raw better-sqlite3, batched as group commit', 0.6, 'raw better-sqlite3 in a worker thread, batched as group commit') },
  {
    goal: 'replay + chains + Merkle root: events/s ÷ raw read + sha256',
    target: '≥ 0.6',
    family: 'replay',
    read: ratio('read + verify + Merkle root (frontier, as GET /audit/verification)', 'raw better-sqlite3 read + sha256', 0.6),
    floor: replayFloor,
  },
  {
    goal: 'rebuild of all projections together (one shared read) over 1M events',
    target: '≥ 50,000 events/s',
    family: 'rebuild',
    atSize: 1_000_000,
    read: oneFigure('together: all', 'eventsPerSecond', (rate) => ({ figure: `${text(rate)} events/s`, met: rate >= 50_000, distance: over(rate, 50_000) })),
    floor: rebuildFloor((report) => perEventUs(figure(row(report, 'together: all'), 'eventsPerSecond')), 20),
  },
  {
    goal: 'HTTP register + report to the AP',
    target: '≥ 1,500 pairs/s, p99 ≤ 40 ms',
    family: 'http',
    read: (report) => {
      const pair = row(report, 'register + report');
      const pairs = figure(pair, 'pairsPerSecond');
      const p99 = figure(pair, 'p99');
      return pairs === undefined || p99 === undefined ? undefined : { figure: `${text(pairs)} pairs/s, p99 ${text(p99, 2)} ms`, met: pairs >= 1_500 && p99 <= 40, distance: `${over(pairs, 1_500)}; p99 ${over(p99, 40)}` };
    },
    floor: httpFloor,
  },
  {
    goal: 'AP inquiry over 25,000 breaches: peak RSS (the workload\'s process, setup included)',
    target: '≤ 400 MB',
    family: 'inquiry',
    atSize: 25_000,
    read: (report) => ({ figure: `${text(report.peakRssMb, 1)} MB`, met: report.peakRssMb <= 400, distance: over(report.peakRssMb, 400) }),
  },
  {
    goal: "Ledger memory: the service's Ledger synced over the whole log, heap + buffers per event (replay)",
    target: '≤ 80 B/event',
    family: 'replay',
    read: (report) => {
      const perEvent = number(report.settings.ledgerBytesPerEvent);
      const tree = number(report.settings.merkleTreeBytesPerEvent);
      return perEvent === undefined ? undefined : { figure: `${text(perEvent)} B/event${tree === undefined ? '' : ` (its Merkle tree alone: ${text(tree)})`}`, met: perEvent <= 80, distance: over(perEvent, 80) };
    },
  },
  { goal: '/health/live while whole-log audit calls run on a 3M log: the slowest answer', target: '≤ 100 ms', family: 'scale', atSize: 3_000_000, read: slowestProbe },
  {
    goal: 'first start on a 3M log with empty read models: until every projection has caught up',
    target: '≤ 60 s',
    family: 'scale',
    atSize: 3_000_000,
    read: oneFigure('first start, empty read models: until every projection', 'seconds', (seconds) => ({ figure: `${text(seconds, 1)} s`, met: seconds <= 60, distance: over(seconds, 60) })),
    floor: rebuildFloor((report) => {
      const seconds = figure(row(report, 'first start, empty read models: until every projection'), 'seconds');
      const events = number(report.settings.events);
      return seconds === undefined || events === undefined ? undefined : (seconds * 1e6) / events;
    }, 20, 3_000_000),
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
      return { figure: `+${text(peak - start, 1)} MB (${text(start, 1)} → ${text(peak, 1)} MB, ${text(figure(r, 'megabytes') ?? 0, 1)} MB streamed in ${text(figure(r, 'seconds') ?? 0, 1)} s)`, met: peak - start <= FLAT_EXPORT_MB, distance: over(Math.max(0, peak - start), FLAT_EXPORT_MB) };
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
      return { figure: `${text(seconds, 1)} s, ${text(peak, 1)} MB (bound ${text(bound)} MB for ${text(streams)} streams)`, met: seconds <= 60 && peak <= bound, distance: `${over(seconds, 60)}; RSS ${over(peak, bound)}` };
    },
  },
];

/** Every goal read from a run's reports. */
export function evaluateGoals(reports: readonly MeasuredReport[]): GoalResult[] {
  return GOALS.map((goal) => {
    const report = largest(reports, goal.family);
    const reading = report && goal.read(report, reports);
    if (!report || !reading) return { goal: goal.goal, target: goal.target, figure: '–', verdict: 'not measured', distance: '–', floor: '–' };
    const small = goal.atSize !== undefined && sizeOf(report) < goal.atSize;
    const floors = largest(reports, FLOOR_FAMILY);
    const floor = (floors && goal.floor?.(report, floors)) ?? '–';
    return { goal: goal.goal, target: goal.target, figure: `${reading.figure} [${report.workload}]`, verdict: small ? 'below the goal\'s size' : reading.met ? 'met' : 'not met', distance: reading.distance, floor };
  });
}
