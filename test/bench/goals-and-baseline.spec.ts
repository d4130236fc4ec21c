import { describe, expect, it } from '@jest/globals';
import { runFromMarkdown } from '../../bench/baseline-markdown.js';
import { changes, changeText, sameSize } from '../../bench/compare.js';
import { evaluateGoals } from '../../bench/goals.js';
import type { MeasuredReport } from '../../bench/harness.js';
import { markdown, type RunResult } from '../../bench/report.js';
import { probeWindow } from '../../bench/workloads/health-probe.js';

/** A report as a workload returns it, with only what a test needs. */
function report(workload: string, settings: Record<string, unknown>, rows: MeasuredReport['rows'], extra: Partial<MeasuredReport> = {}): MeasuredReport {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r.figures)))];
  return { workload, title: `${workload} title`, settings, columns: keys.map((key) => ({ key, label: LABELS[key] ?? key })), rows, comparisons: [], notes: [], peakRssMb: 100, seconds: 10, ...extra };
}

const LABELS: Record<string, string> = { eventsPerSecond: 'events/s', seconds: 'seconds', p99: 'p99 ms', pairsPerSecond: 'pairs/s', max: 'probe max ms', peakRssMb: 'peak RSS MB', rssAtStartMb: 'RSS at start MB', megabytes: 'MB' };

const comparison = (subject: string, baseline: string, subjectValue: number, baselineValue: number) => ({ subject, baseline, metric: 'events/s', subjectValue, baselineValue, ratio: Math.round((subjectValue / baselineValue) * 1000) / 1000 });

const append = report('append', { events: 1_000_000 }, [{ scenario: 'port, 1 writer', figures: { eventsPerSecond: 4_000 } }, { scenario: 'port, 16 writers', figures: { eventsPerSecond: 9_000 } }], {
  comparisons: [comparison('port, 1 writer', 'raw better-sqlite3, 1 tx per append', 4_000, 4_500), comparison('port, 16 writers', 'raw better-sqlite3, batched as group commit', 9_000, 18_000)],
});

function scale(size: number, figures: { firstStart: number; verificationMax: number; exportPeak: number; verifierSeconds: number }): MeasuredReport {
  return report(`scale-${size}`, { events: size, streams: 500_000, ledgerRssBytesPerEvent: 72 }, [
    { scenario: 'first start, empty read models: until every projection is at the head (GET /projections)', figures: { seconds: figures.firstStart } },
    { scenario: 'GET /audit/verification', figures: { seconds: 30, max: figures.verificationMax } },
    { scenario: 'POST /audit/checkpoints (the first: builds the Merkle tree)', figures: { seconds: 10, max: 20 } },
    { scenario: 'GET /audit/export (streamed, bytes counted, not kept)', figures: { seconds: 40, max: 30, rssAtStartMb: 300, peakRssMb: figures.exportPeak, megabytes: 3_000 } },
    { scenario: 'privacy-ledger verify over the saved export (offline CLI; its own RSS)', figures: { seconds: figures.verifierSeconds, peakRssMb: 200 } },
  ]);
}

const MACHINE = { node: 'v20.20.2', sqlite: '3.53.2', platform: 'linux 6.18', arch: 'x64', cpus: 2, cpuModel: 'AMD EPYC', memoryGb: 23.5, freeMemoryGb: 20 };

const verdicts = (reports: readonly MeasuredReport[]) => Object.fromEntries(evaluateGoals(reports).map((g) => [g.goal, g.verdict]));

describe('the performance goals, read from a run', () => {
  it('judges a ratio goal met or not met from the comparisons, whatever the size', () => {
    const goals = verdicts([append]);
    expect(goals['appends, 1 writer: events/s ÷ raw better-sqlite3, one 1-row commit each']).toBe('met');
    expect(goals['appends, 16 writers: events/s ÷ raw better-sqlite3, the same batches']).toBe('not met');
  });

  it('says "not measured" for a goal whose workload was not in the run', () => {
    expect(verdicts([append])['HTTP register + report to the AP']).toBe('not measured');
  });

  it('shows a goal stated at a size without a verdict when the report is smaller, and judges the largest report', () => {
    const small = report('rebuild-20k', { events: 20_000 }, [{ scenario: 'together: all 8, one shared read', figures: { eventsPerSecond: 90_000 } }]);
    expect(verdicts([small])['rebuild of all projections together (one shared read) over 1M events']).toBe("below the goal's size");
    const large = report('rebuild-1M', { events: 1_000_000 }, [
      { scenario: 'all 8, one after the other', figures: { eventsPerSecond: 60_000 } },
      { scenario: 'together: all 8, one shared read', figures: { eventsPerSecond: 40_000 } },
    ]);
    const [rebuild] = evaluateGoals([small, large]).filter((g) => g.goal.startsWith('rebuild'));
    expect(rebuild).toEqual(expect.objectContaining({ verdict: 'not met', figure: '40,000 events/s [rebuild-1M]' }));
  });

  it('judges the scale goals at 3M: first start, the slowest /health answer, a flat export, the offline verifier', () => {
    const met = verdicts([scale(3_000_000, { firstStart: 55, verificationMax: 90, exportPeak: 340, verifierSeconds: 50 })]);
    const missed = verdicts([scale(3_000_000, { firstStart: 65, verificationMax: 1_500, exportPeak: 900, verifierSeconds: 70 })]);
    for (const goal of ['first start on a 3M log', '/health/live while whole-log audit calls', 'export of 3M events', 'offline verifier over a 3M export']) {
      const name = Object.keys(met).find((g) => g.startsWith(goal))!;
      expect([name, met[name]]).toEqual([name, 'met']);
      expect([name, missed[name]]).toEqual([name, 'not met']);
    }
  });
});

describe('before → after', () => {
  it('matches figures by column label, so a renamed key still compares, and gives the change in percent', () => {
    const before = report('http', {}, [{ scenario: 'register + report', figures: { pairs: 400, p99: 120 } }]);
    const relabelled = { ...before, columns: [{ key: 'pairs', label: 'pairs/s' }, { key: 'p99', label: 'p99 ms' }] };
    const after = report('http', {}, [{ scenario: 'register + report', figures: { pairsPerSecond: 1_600, p99: 30 } }], { peakRssMb: 90 });
    expect(changes(after, relabelled)).toEqual([
      ['(the workload)', 'peak RSS MB', 100, 90],
      ['(the workload)', 'seconds', 10, 10],
      ['register + report', 'pairs/s', 400, 1_600],
      ['register + report', 'p99 ms', 120, 30],
    ]);
    expect(changeText(400, 1_600)).toBe('+300 %');
    expect(changeText(120, 30)).toBe('-75 %');
    expect(changeText(0, 5)).toBe('–');
  });

  it('compares a workload only with a run of it at the same size', () => {
    const quick = report('append', { events: 20_000 }, append.rows);
    expect(sameSize(append, quick)).toBe(false);
    expect(sameSize(append, { ...quick, settings: { events: 1_000_000, streams: 7 } })).toBe(true);
    const page = markdown({ kind: 'full', command: 'npm run bench', startedAt: 'a', finishedAt: 'b', machine: MACHINE, commit: { sha: 'c', dirty: false }, reports: [quick] }, { sources: [], reports: [append] });
    expect(page).toContain('Not compared (not in the baseline, or run there at another size): append.');
    expect(page).not.toContain('### append');
  });

  it('reads a BENCHMARKS.md it wrote back into the same reports, comparisons and machine', () => {
    const rebuild = report('rebuild-1M', { events: 1_000_000, byCategory: { breach: 951_102 }, durability: 'WAL, synchronous=FULL' }, [
      { scenario: 'all 5, one after the other', figures: { eventsPerSecond: 5_793, seconds: 172.61, p99: null } },
    ]);
    const run: RunResult = {
      kind: 'full',
      command: 'npm run bench',
      startedAt: '2026-11-29T07:09:59.163Z',
      finishedAt: '2026-11-29T07:36:30.167Z',
      machine: MACHINE,
      commit: { sha: '3fd75c619a0f0000', dirty: false },
      reports: [append, rebuild],
    };
    const read = runFromMarkdown(markdown(run));
    expect(read).toEqual(expect.objectContaining({ command: 'npm run bench', startedAt: run.startedAt, finishedAt: run.finishedAt, commit: { sha: '3fd75c619a0f', dirty: false } }));
    expect(read.machine).toEqual(expect.objectContaining({ cpus: 2, cpuModel: 'AMD EPYC', memoryGb: 23.5, node: 'v20.20.2', sqlite: '3.53.2', arch: 'x64' }));
    const [readAppend, readRebuild] = read.reports;
    expect(readRebuild!.settings).toEqual(rebuild.settings);
    expect(readRebuild!.rows).toEqual(rebuild.rows);
    expect([readRebuild!.peakRssMb, readRebuild!.seconds]).toEqual([100, 10]);
    expect(readAppend!.comparisons).toEqual(append.comparisons);
    expect(evaluateGoals(read.reports)).toEqual(evaluateGoals(run.reports));
  });

  it('gives each comparison back to its own report when two sizes of a workload have rows of the same names', () => {
    const frontier = 'read + verify + Merkle root (frontier, as GET /audit/verification)';
    const limit = 'raw better-sqlite3 read + sha256 of each row (the limit)';
    const replay = (size: number, rate: number, raw: number) =>
      report(`replay-${size === 100_000 ? '100k' : '1M'}`, { events: size }, [{ scenario: limit, figures: { eventsPerSecond: raw } }, { scenario: frontier, figures: { eventsPerSecond: rate } }], { comparisons: [comparison(frontier, limit, rate, raw)] });
    const run: RunResult = { kind: 'full', command: 'npm run bench', startedAt: '2026-12-07T02:17:24.000Z', finishedAt: '2026-12-07T03:12:00.000Z', machine: MACHINE, commit: { sha: '8e32870aaaaa', dirty: false }, reports: [replay(100_000, 95_390, 192_243), replay(1_000_000, 115_046, 212_026)] };
    const read = runFromMarkdown(markdown(run));
    expect(read.reports.map((r) => r.comparisons)).toEqual(run.reports.map((r) => r.comparisons));
    expect(evaluateGoals(read.reports).find((g) => g.goal.startsWith('replay'))?.figure).toBe('0.543× (115,046 ÷ 212,026 events/s) [replay-1M]');
  });
});

describe('the liveness probe over a step', () => {
  const samples = { sentAt: [0, 20, 40, 1_000, 1_020], took: [5, 900, 5, 5, 5], ok: [true, true, true, false, true] };

  it('counts the probes sent in the window and their percentiles, and the failures', () => {
    expect(probeWindow(samples, 950, 1_100)).toEqual({ probes: 1, p50: 5, p99: 5, max: 5, failures: 1 });
  });

  it('counts the part of a slow probe that falls within the window, though it was sent before', () => {
    expect(probeWindow(samples, 900, 1_100).max).toBe(20);
  });

  it('takes the longest wait within the window, clipped to it, from a probe sent before it', () => {
    expect(probeWindow(samples, 100, 500).max).toBe(400);
    expect(probeWindow(samples, 100, 500).probes).toBe(0);
    expect(probeWindow(samples, 0, 2_000).max).toBe(900);
  });
});
