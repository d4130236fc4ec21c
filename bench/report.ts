import { changes, changeText, goalsBefore, sameSize, type Baseline } from './compare.js';
import { evaluateGoals } from './goals.js';
import type { Comparison, Machine, MeasuredReport } from './harness.js';
import { whereTheTimeGoes, type GoalProfile } from './profiles.js';

/** A whole run, as bench/run.ts writes it. */
export interface RunResult {
  readonly kind: 'full' | 'quick';
  readonly command: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly machine: Machine;
  readonly commit: { readonly sha: string; readonly dirty: boolean };
  /** The earlier runs it was compared with (`--baseline`). */
  readonly baseline?: readonly { readonly file: string; readonly command: string; readonly startedAt: string; readonly commit: string }[];
  readonly reports: readonly MeasuredReport[];
  /** The CPU profiles taken after the timed runs (bench/profiles-run.ts), grouped: one per goal's workload. */
  readonly profiles?: readonly GoalProfile[];
}

const cell = (value: number | string | null | undefined): string => (value === null || value === undefined ? '–' : typeof value === 'number' ? value.toLocaleString('en') : value);

function grid(header: readonly string[], rows: readonly (readonly string[])[], markdownTable: boolean): string {
  if (markdownTable) return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function reportTable(report: MeasuredReport, markdownTable: boolean): string {
  const header = ['scenario', ...report.columns.map((column) => column.label)];
  const rows = report.rows.map((row) => [row.scenario, ...report.columns.map((column) => cell(row.figures[column.key]))]);
  return grid(header, rows, markdownTable);
}

function comparisonRows(comparisons: readonly Comparison[]): string[][] {
  return comparisons.map((c) => [c.subject, c.baseline, c.metric, cell(c.subjectValue), cell(c.baselineValue), `${c.ratio.toFixed(3)}×`]);
}

const COMPARISON_HEADER = ['subject', 'beside', 'metric', 'subject', 'beside', 'ratio'];

const GOALS_HEADER = ['goal', 'target', 'this run [report]', 'verdict', 'distance (figure ÷ goal)', 'before'];
const FLOOR_HEADER = 'what the floors explain (same run)';

/** The goals table: with the floors' column on the page; the terminal lists them below instead (they are long). */
function goalRows(result: RunResult, baseline: Baseline | undefined, withFloors: boolean): string[][] {
  const before = goalsBefore(baseline);
  return evaluateGoals(result.reports).map((g) => [g.goal, g.target, g.figure, g.verdict, g.distance, before.get(g.goal) ?? '–', ...(withFloors ? [g.floor] : [])]);
}

function floorLines(result: RunResult): string[] {
  return evaluateGoals(result.reports)
    .filter((g) => g.floor !== '–')
    .map((g) => `- ${g.goal}: ${g.floor}`);
}

function changeRows(result: RunResult, baseline: Baseline): { workload: string; rows: string[][] }[] {
  return result.reports.flatMap((report) => {
    const before = baseline.reports.find((r) => r.workload === report.workload);
    if (!before || !sameSize(report, before)) return [];
    return [{ workload: report.workload, rows: changes(report, before).map(([scenario, figure, then, now]) => [scenario, figure, cell(then), cell(now), changeText(then, now)]) }];
  });
}

const CHANGE_HEADER = ['scenario', 'figure', 'before', 'after', 'change'];

function baselineText(baseline: Baseline): string {
  return baseline.sources.map((s) => `\`${s.command}\` of ${s.startedAt} (commit \`${s.commit}\`, ${s.file.split('/').at(-1) ?? s.file})`).join('; ');
}

/** The run as text tables, for the terminal. */
export function textTables(result: RunResult, baseline?: Baseline): string {
  const parts = result.reports.map((report) => `${report.title} (${report.workload}; peak RSS ${report.peakRssMb} MB, ${report.seconds} s)\n${reportTable(report, false)}`);
  const comparisons = result.reports.flatMap((report) => report.comparisons);
  if (comparisons.length > 0) parts.push(`Beside the limit and a peer\n${grid(COMPARISON_HEADER, comparisonRows(comparisons), false)}`);
  const floors = floorLines(result);
  parts.push(`The goals\n${grid(GOALS_HEADER, goalRows(result, baseline, false), false)}${floors.length > 0 ? `\n\nWhat the floors explain\n${floors.join('\n')}` : ''}`);
  if (result.profiles && result.profiles.length > 0) parts.push(whereTheTimeGoes(result.profiles).join('\n'));
  if (baseline) for (const { workload, rows } of changeRows(result, baseline)) parts.push(`Before → after: ${workload}\n${grid(CHANGE_HEADER, rows, false)}`);
  return parts.join('\n\n');
}

/** BENCHMARKS.md: the latest full run, with the command that produced it, its goals and, given a baseline, before → after. */
export function markdown(result: RunResult, baseline?: Baseline): string {
  const { machine } = result;
  const lines: string[] = [
    '# Benchmarks',
    '',
    `Produced by \`${result.command}\` on ${result.startedAt.slice(0, 10)} (${result.startedAt} – ${result.finishedAt}), commit \`${result.commit.sha.slice(0, 12)}\`${result.commit.dirty ? ' with local changes' : ''}.`,
    `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, ${machine.platform} (${machine.arch}); Node ${machine.node}, SQLite ${machine.sqlite}.`,
    '',
    'Every figure comes from one run on one machine: compare runs made on the same machine only.',
    'The embedded default throughout (SQLite, WAL, `synchronous=FULL`). How each workload is built',
    'is in `bench/README.md`; the raw figures of every run are in `bench/results/` (git-ignored).',
    '`npm run bench:quick` runs the same workloads at small sizes in a few minutes.',
    '',
    '## Summary: every goal beside its figure',
    '',
    `Each performance goal as this run measured it (\`bench/goals.ts\` reads it from the reports below). A goal stated at a size is judged only at that size.${baseline ? ` "before" is the same goal in ${baselineText(baseline)}.` : ''}`,
    '',
    'distance = the figure ÷ the goal: a "≥" goal is met at 1 or more, a "≤" goal at 1 or less. The last column sets each goal beside the floors measured in the same run (the floor-limits workload below: bare operations of the machine with nothing of the service around them), where a goal has one; the profiles of "Where the time goes" say what the rest is.',
    '',
    grid([...GOALS_HEADER, FLOOR_HEADER], goalRows(result, baseline, true), true),
    '',
    ...whereTheTimeGoes(result.profiles ?? []),
  ];
  for (const report of result.reports) {
    lines.push(`## ${report.title}`, '', `\`${report.workload}\` — peak RSS ${report.peakRssMb} MB, ${report.seconds} s. Settings: ${settingsText(report.settings)}.`, '', reportTable(report, true), '');
    if (report.notes.length > 0) lines.push(...report.notes.map((note) => `- ${note}`), '');
  }
  const comparisons = result.reports.flatMap((report) => report.comparisons);
  if (comparisons.length > 0) {
    lines.push('## Beside the limit and a peer', '', 'ratio = subject ÷ the one beside it, on the metric named (for a rate, below 1 means the subject is slower).', '', grid(COMPARISON_HEADER, comparisonRows(comparisons), true), '');
  }
  lines.push('## Memory', '', 'Peak resident set of each workload\'s own process.', '', grid(['workload', 'peak RSS MB', 'seconds'], result.reports.map((r) => [r.workload, cell(r.peakRssMb), cell(r.seconds)]), true), '');
  if (baseline) {
    lines.push('## Before → after', '', `Beside ${baselineText(baseline)}: every rate, latency, time and memory figure both runs have for the same workload and scenario; change = after ÷ before − 1 (for a rate, + is faster; for a time or memory, − is better).`, '');
    const compared = changeRows(result, baseline);
    for (const { workload, rows } of compared) lines.push(`### ${workload}`, '', grid(CHANGE_HEADER, rows, true), '');
    const missing = result.reports.filter((r) => !compared.some((c) => c.workload === r.workload)).map((r) => r.workload);
    if (missing.length > 0) lines.push(`Not compared (not in the baseline, or run there at another size): ${missing.join(', ')}.`, '');
  }
  return `${lines.join('\n')}`;
}

function settingsText(settings: Readonly<Record<string, unknown>>): string {
  return Object.entries(settings)
    .map(([key, value]) => `${key} ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('; ');
}
