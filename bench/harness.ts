/**
 * What every benchmark workload shares: the report it returns, the figures' arithmetic,
 * the machine it ran on. A workload is a module in bench/workloads/ exporting `workload`;
 * bench/run.ts runs each invocation in its own process (so its peak RSS is its own), collects
 * the reports, writes bench/results/bench-<timestamp>.json and BENCHMARKS.md. Never part of
 * `npm test`; no test asserts a timing.
 */
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, freemem, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_HEAP_LIMIT_MB } from '../src/config/heap-limit.js';

/** One row of a workload's table: a scenario and its figures (numbers, or text such as "n/a"). */
export interface Row {
  readonly scenario: string;
  readonly figures: Readonly<Record<string, number | string | null>>;
}

/** A column of the table: the figure's key in `figures` and how the table heads it. */
export interface Column {
  readonly key: string;
  readonly label: string;
}

/**
 * "subject is `ratio` × baseline" on one metric: the service beside the limit (raw
 * better-sqlite3, bare sha256) or beside a peer (Emmett). ratio = subject / baseline for a
 * rate (events/s): below 1 means the subject is slower.
 */
export interface Comparison {
  readonly subject: string;
  readonly baseline: string;
  readonly metric: string;
  readonly subjectValue: number;
  readonly baselineValue: number;
  readonly ratio: number;
}

export interface WorkloadReport {
  /** The workload's name, e.g. `append`; with the invocation's size when it has several, e.g. `replay-100k`. */
  readonly workload: string;
  readonly title: string;
  /** What was run: sizes, concurrency, durability, seeds. */
  readonly settings: Readonly<Record<string, unknown>>;
  readonly columns: readonly Column[];
  readonly rows: readonly Row[];
  readonly comparisons: readonly Comparison[];
  /** What a reader must know to read the figures right (and what could not be measured, and why). */
  readonly notes: readonly string[];
}

/** What the runner adds to a report: the process's peak resident set and the wall-clock time. */
export interface MeasuredReport extends WorkloadReport {
  readonly peakRssMb: number;
  readonly seconds: number;
}

export interface WorkloadOptions {
  /** bench:quick: sizes that finish the whole run in a few minutes on a quiet machine (CI), no timing asserted. */
  readonly quick: boolean;
  /** A workload-specific size (e.g. events to replay), when the runner invokes it at several. */
  readonly size?: number;
  /** A folder for the workload's files (removed by the runner afterwards). */
  readonly dir: string;
}

export interface Workload {
  readonly name: string;
  run(options: WorkloadOptions): Promise<WorkloadReport>;
}

/** Nearest-rank percentile of values sorted ascending. */
export function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

export function round(value: number, digits = 0): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** p50 and p99 (ms, two decimals) of latencies in ms, in any order. */
export function latencies(values: number[]): { p50: number; p99: number } {
  values.sort((a, b) => a - b);
  return { p50: round(percentile(values, 0.5), 2), p99: round(percentile(values, 0.99), 2) };
}

export function comparison(subject: string, baseline: string, metric: string, subjectValue: number, baselineValue: number): Comparison {
  return { subject, baseline, metric, subjectValue, baselineValue, ratio: round(subjectValue / baselineValue, 3) };
}

/** The peak resident set of this process so far, in MB (Linux reports maxRSS in KB). */
/**
 * The flags `npm start` gives node (package.json's start script): the heap limit, HEAP_LIMIT_MB or
 * its default. Every process the benchmark measures the service's code in (each workload's own
 * process, the services it starts) runs with them, so that its collector works as the service's.
 */
export function serviceNodeFlags(): string[] {
  const limit = process.env.HEAP_LIMIT_MB;
  return [`--max-old-space-size=${limit === undefined || limit === '' ? DEFAULT_HEAP_LIMIT_MB : limit}`];
}

export function peakRssMb(): number {
  return round(process.resourceUsage().maxRSS / 1024, 1);
}

/** The repository root: this file runs as dist-bench/bench/harness.js (`npm run build:bench`). */
export function repositoryRoot(): string {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  return existsSync(join(root, 'package.json')) ? root : process.cwd();
}

/** The benchmark's own build (dist-bench/): its src/ is the service the workloads start, its bench/ this code. */
export function buildRoot(): string {
  return fileURLToPath(new URL('../', import.meta.url));
}

/** The commit the figures belong to, and whether the working tree had changes; `unknown` without git. */
export function commit(): { sha: string; dirty: boolean } {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repositoryRoot(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    return { sha: git('rev-parse', 'HEAD'), dirty: git('status', '--porcelain', '--untracked-files=no') !== '' };
  } catch {
    return { sha: process.env.GIT_COMMIT ?? 'unknown', dirty: false };
  }
}

export interface Machine {
  readonly node: string;
  readonly sqlite: string;
  readonly platform: string;
  readonly arch: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGb: number;
  readonly freeMemoryGb: number;
}

export function machine(): Machine {
  const memory = new Database(':memory:');
  const sqlite = (memory.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  memory.close();
  return {
    node: process.version,
    sqlite,
    platform: `${platform()} ${release()}`,
    arch: process.arch,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: round(totalmem() / 2 ** 30, 1),
    freeMemoryGb: round(freemem() / 2 ** 30, 1),
  };
}

/** ISO 8601 in its basic format (20261129T101530Z): no colons, so the name is safe on every file system. */
export function fileTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}
