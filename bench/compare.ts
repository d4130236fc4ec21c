/**
 * Before → after: a run beside an earlier one (`--baseline <results.json>[,<more.json>]`, files
 * that bench/run.ts wrote, or that bench/baseline-markdown.ts made of an older BENCHMARKS.md).
 * Reports are matched by workload name, rows by scenario, figures by their column's label, so
 * a workload whose columns changed still compares on what both runs measured.
 */
import { readFileSync } from 'node:fs';
import { evaluateGoals } from './goals.js';
import type { MeasuredReport, Row } from './harness.js';

export interface BaselineSource {
  readonly file: string;
  readonly command: string;
  readonly startedAt: string;
  readonly commit: string;
}

export interface Baseline {
  readonly sources: readonly BaselineSource[];
  /** Every report of the files, by workload; a later file's report replaces an earlier one's. */
  readonly reports: readonly MeasuredReport[];
}

interface StoredRun {
  readonly command?: string;
  readonly startedAt?: string;
  readonly commit?: { readonly sha?: string };
  readonly reports?: readonly MeasuredReport[];
}

export function loadBaseline(files: readonly string[]): Baseline {
  const byWorkload = new Map<string, MeasuredReport>();
  const sources = files.map((file) => {
    const run = JSON.parse(readFileSync(file, 'utf8')) as StoredRun;
    if (!Array.isArray(run.reports)) throw new Error(`${file} is not a benchmark results file (no reports)`);
    for (const report of run.reports) byWorkload.set(report.workload, report);
    return { file, command: run.command ?? '?', startedAt: run.startedAt ?? '?', commit: run.commit?.sha?.slice(0, 12) ?? '?' };
  });
  return { sources, reports: [...byWorkload.values()] };
}

/** The settings that fix a workload's size: two reports compare only when they agree on each they both have. */
const SIZE_SETTINGS = ['events', 'breaches', 'rows', 'secondsPerScenario', 'connections'] as const;

export function sameSize(a: MeasuredReport, b: MeasuredReport): boolean {
  return SIZE_SETTINGS.every((key) => a.settings[key] === undefined || b.settings[key] === undefined || a.settings[key] === b.settings[key]);
}

/** The figures compared: rates, latencies, times and memory (not counts, which the sizes fix). */
const HEADLINE_LABELS = new Set(['events/s', 'requests/s', 'pairs/s', 'p99 ms', 'seconds', 'probe max ms', 'probe p99 ms', 'peak RSS MB', 'peak RSS MB so far', 'RSS MB', 'heapUsed MB']);

export type Change = readonly [scenario: string, figure: string, before: number, after: number];

function figureByLabel(report: MeasuredReport, row: Row, label: string): number | undefined {
  const column = report.columns.find((c) => c.label === label);
  const value = column && row.figures[column.key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Every headline figure both runs have for the same workload and scenario, and each workload's peak RSS and seconds. */
export function changes(after: MeasuredReport, before: MeasuredReport): Change[] {
  const rows: Change[] = [
    ['(the workload)', 'peak RSS MB', before.peakRssMb, after.peakRssMb],
    ['(the workload)', 'seconds', before.seconds, after.seconds],
  ];
  for (const row of after.rows) {
    const earlier = before.rows.find((r) => r.scenario === row.scenario);
    if (!earlier) continue;
    for (const column of after.columns) {
      if (!HEADLINE_LABELS.has(column.label)) continue;
      const now = figureByLabel(after, row, column.label);
      const then = figureByLabel(before, earlier, column.label);
      if (now !== undefined && then !== undefined) rows.push([row.scenario, column.label, then, now]);
    }
  }
  return rows;
}

/** after ÷ before − 1, as a signed percentage; '–' when before is 0. */
export function changeText(before: number, after: number): string {
  if (before === 0) return '–';
  const percent = (after / before - 1) * 100;
  return `${percent >= 0 ? '+' : ''}${percent.toFixed(0)} %`;
}

/** Each goal's figure in the baseline, by goal, for the goals table's "before" column. */
export function goalsBefore(baseline: Baseline | undefined): Map<string, string> {
  return new Map((baseline ? evaluateGoals(baseline.reports) : []).map((g) => [g.goal, g.figure]));
}
