/**
 * A results file made of a BENCHMARKS.md that bench/report.ts wrote, for a run whose JSON is
 * gone (bench/results is git-ignored, so an older run often survives only as the committed
 * BENCHMARKS.md): `node dist-bench/bench/baseline-markdown.js BENCHMARKS.md --out bench/results/x.json`,
 * then `npm run bench -- --baseline bench/results/x.json`. Every figure is read back from the
 * tables as printed (rounded as they were); the column keys the goals read are restored from
 * their labels, the before → after comparison matches columns by label anyway.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Column, Comparison, Machine, MeasuredReport, Row } from './harness.js';

/** The keys of the columns a goal reads, by label; other columns keep their label as key. */
const KEYS_BY_LABEL: Readonly<Record<string, string>> = {
  'events/s': 'eventsPerSecond',
  'pairs/s': 'pairsPerSecond',
  'requests/s': 'requestsPerSecond',
  'p50 ms': 'p50',
  'p99 ms': 'p99',
  seconds: 'seconds',
  events: 'events',
  'peak RSS MB so far': 'rssMb',
  'peak RSS MB': 'peakRssMb',
  'probe max ms': 'max',
};

const REPORT_LINE = /^`([^`]+)` — peak RSS ([\d.,]+) MB, ([\d.,]+) s\. Settings: (.*)\.$/;
const MACHINE_LINE = /^Machine: (\d+) × (.*), ([\d.]+) GB, (.*) \((\w+)\); Node (\S+), SQLite ([^\s]+?)\.?$/;
const RUN_LINE = /^Produced by `([^`]+)` on \S+ \((\S+) – (\S+)\), commit `([0-9a-f]+)`/;

function value(text: string): number | string | null {
  const trimmed = text.trim();
  if (trimmed === '–' || trimmed === '') return null;
  if (/^-?[\d,]+(\.\d+)?$/.test(trimmed)) return Number(trimmed.replace(/,/g, ''));
  return trimmed;
}

const cells = (line: string): string[] => line.replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());

function settingsOf(text: string): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const part of text.split('; ')) {
    const space = part.indexOf(' ');
    if (space < 0) continue;
    const raw = part.slice(space + 1);
    try {
      settings[part.slice(0, space)] = JSON.parse(raw) as unknown;
    } catch {
      settings[part.slice(0, space)] = raw;
    }
  }
  return settings;
}

/** The table starting at `lines[from]` (header, separator, rows). */
function tableAt(lines: readonly string[], from: number): { header: string[]; rows: string[][] } {
  const header = cells(lines[from] ?? '');
  const rows: string[][] = [];
  for (let i = from + 2; i < lines.length && lines[i]!.startsWith('|'); i += 1) rows.push(cells(lines[i]!));
  return { header, rows };
}

function machineOf(lines: readonly string[]): Machine {
  const m = lines.map((line) => MACHINE_LINE.exec(line)).find((match) => match !== null);
  if (!m) throw new Error('not a BENCHMARKS.md written by bench/report.ts: no "Machine:" line');
  return { cpus: Number(m[1]), cpuModel: m[2]!, memoryGb: Number(m[3]), platform: m[4]!, arch: m[5]!, node: m[6]!, sqlite: m[7]!, freeMemoryGb: Number.NaN };
}

export function runFromMarkdown(text: string): { command: string; startedAt: string; finishedAt: string; machine: Machine; commit: { sha: string; dirty: boolean }; reports: MeasuredReport[] } {
  const lines = text.split('\n');
  const run = lines.map((line) => RUN_LINE.exec(line)).find((match) => match !== null);
  if (!run) throw new Error('not a BENCHMARKS.md written by bench/report.ts: no "Produced by" line');
  const machine = machineOf(lines);
  const reports: MeasuredReport[] = [];
  const comparisons: Comparison[] = [];
  let title = '';
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    if (line.startsWith('## ')) title = line.slice(3);
    if (title === 'Beside the limit and a peer' && line.startsWith('| subject |')) {
      for (const [subject, baseline, metric, s, b, ratio] of tableAt(lines, i).rows) {
        comparisons.push({ subject: subject!, baseline: baseline!, metric: metric!, subjectValue: Number(value(s!)), baselineValue: Number(value(b!)), ratio: Number(ratio!.replace('×', '')) });
      }
    }
    const match = REPORT_LINE.exec(line);
    if (!match) continue;
    const start = lines.findIndex((l, j) => j > i && l.startsWith('| scenario |'));
    const { header, rows } = tableAt(lines, start);
    const columns: Column[] = header.slice(1).map((label) => ({ key: KEYS_BY_LABEL[label] ?? label, label }));
    const tableRows: Row[] = rows.map(([scenario, ...figures]) => ({ scenario: scenario!, figures: Object.fromEntries(columns.map((c, k) => [c.key, value(figures[k] ?? '')])) }));
    reports.push({ workload: match[1]!, title, settings: settingsOf(match[4]!), columns, rows: tableRows, comparisons: [], notes: [], peakRssMb: Number(match[2]!.replace(/,/g, '')), seconds: Number(match[3]!.replace(/,/g, '')) });
  }
  // Each comparison belongs to the report holding its subject's row with its figure: replay-100k
  // and replay-1M have rows of the same names, and only the figure tells whose a comparison is.
  const holds = (report: MeasuredReport, c: Comparison) => report.rows.some((r) => r.scenario === c.subject && r.figures[KEYS_BY_LABEL[c.metric] ?? c.metric] === c.subjectValue);
  const withComparisons = reports.map((report) => ({ ...report, comparisons: comparisons.filter((c) => holds(report, c)) }));
  return { command: run[1]!, startedAt: run[2]!, finishedAt: run[3]!, machine, commit: { sha: run[4]!, dirty: false }, reports: withComparisons };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: 'string' } } });
  const [file] = positionals;
  if (file === undefined || values.out === undefined) throw new Error('usage: baseline-markdown <BENCHMARKS.md> --out <results.json>');
  const run = runFromMarkdown(readFileSync(file, 'utf8'));
  writeFileSync(values.out, `${JSON.stringify({ benchmark: 'privacy-ledger', kind: 'full', ...run, source: `${file}, read back from its tables` }, null, 2)}\n`);
  console.log(`${run.reports.length} reports of ${run.startedAt} (commit ${run.commit.sha}) written to ${values.out}`);
}
