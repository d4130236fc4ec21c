/**
 * The benchmarks, one command each: `npm run bench` (full) and `npm run bench:quick` (small
 * sizes, a few minutes). Each invocation runs in its own process (bench/workload-process.ts) so
 * its peak RSS is its own; the run writes every report, the machine and the commit to
 * bench/results/bench-<timestamp>.json, prints the tables and the performance goals beside their
 * figures (bench/goals.ts), and a full run rewrites BENCHMARKS.md. `--only append,replay` runs
 * a subset (and never rewrites BENCHMARKS.md). `--baseline a.json[,b.json]` sets the earlier
 * results the run is compared with (before → after); `--render results.json` rewrites
 * BENCHMARKS.md from a results file without running anything; `--markdown <file>` writes the
 * page there instead of BENCHMARKS.md. After the timed runs, a full run (or any run with
 * `--profile`) takes one CPU profile per goal's workload (bench/profiles-run.ts) for the page's
 * "Where the time goes"; the floor-limits workload measures the machine's floors beside the goals.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { tempDir } from '../test/support/temp-dir.js';
import { commit, fileTimestamp, machine, repositoryRoot, serviceNodeFlags, type MeasuredReport } from './harness.js';
import { loadBaseline } from './compare.js';
import type { GoalProfile } from './profiles.js';
import { takeProfiles } from './profiles-run.js';
import { markdown, textTables, type RunResult } from './report.js';

interface Invocation {
  readonly workload: string;
  readonly size?: number;
}

/** What a run measures. Replay and rebuild run at two sizes, to show their memory does not grow with the log. */
export const PLANS: Readonly<Record<'full' | 'quick', readonly Invocation[]>> = {
  full: [
    { workload: 'append', size: 1_000_000 },
    { workload: 'replay', size: 100_000 },
    { workload: 'replay', size: 1_000_000 },
    { workload: 'rebuild', size: 100_000 },
    { workload: 'rebuild', size: 1_000_000 },
    { workload: 'http' },
    { workload: 'import', size: 10_000 },
    { workload: 'inquiry', size: 25_000 },
    { workload: 'scale', size: 1_000_000 },
    { workload: 'scale', size: 3_000_000 },
    { workload: 'floor-limits', size: 100_000 },
  ],
  quick: [
    { workload: 'append', size: 20_000 },
    { workload: 'replay', size: 10_000 },
    { workload: 'replay', size: 50_000 },
    { workload: 'rebuild', size: 5_000 },
    { workload: 'rebuild', size: 20_000 },
    { workload: 'http' },
    { workload: 'import', size: 2_000 },
    { workload: 'inquiry', size: 1_000 },
    { workload: 'scale', size: 20_000 },
    { workload: 'floor-limits', size: 20_000 },
  ],
};

const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, baseline: { type: 'string' }, render: { type: 'string' }, markdown: { type: 'string' }, profile: { type: 'boolean', default: false } },
});
/** Where a full run (or --render) writes its page: BENCHMARKS.md unless `--markdown <file>` says otherwise. */
const page = values.markdown ?? join(repositoryRoot(), 'BENCHMARKS.md');
const baseline = values.baseline === undefined ? undefined : loadBaseline(values.baseline.split(',').map((file) => file.trim()));

if (values.render !== undefined) {
  // Re-renders BENCHMARKS.md from a results file, e.g. with another baseline: nothing runs.
  const result = JSON.parse(readFileSync(values.render, 'utf8')) as RunResult;
  console.log(textTables(result, baseline));
  writeFileSync(page, markdown(result, baseline));
  console.log(`\n${page} rewritten from ${values.render}`);
} else {
  await runPlan();
}

async function runPlan(): Promise<void> {
  const kind: 'full' | 'quick' = values.quick ? 'quick' : 'full';
  const only = values.only?.split(',').map((name) => name.trim());
  const plan = PLANS[kind].filter((invocation) => only === undefined || only.includes(invocation.workload));
  if (plan.length === 0) throw new Error(`--only names no workload of the plan (${[...new Set(PLANS[kind].map((i) => i.workload))].join(', ')})`);

  const flags = [...(values.only ? ['--only', values.only] : []), ...(values.profile ? ['--profile'] : [])];
  const command = `npm run ${values.quick ? 'bench:quick' : 'bench'}${flags.length > 0 ? ` -- ${flags.join(' ')}` : ''}`;
  // A full run profiles every goal's workload after the timed runs; bench:quick only when asked (CI's budget).
  const profiling = kind === 'full' || values.profile;
  const startedAt = new Date();
  const script = fileURLToPath(new URL('./workload-process.js', import.meta.url));
  const scratch = tempDir('privacy-ledger-bench-run-');
  const reports: MeasuredReport[] = [];
  const profiles: GoalProfile[] = [];
  try {
    for (const [index, invocation] of plan.entries()) {
      const out = join(scratch.path, `${index}.json`);
      const args = [script, '--workload', invocation.workload, '--out', out, ...(values.quick ? ['--quick'] : []), ...(invocation.size === undefined ? [] : ['--size', String(invocation.size)])];
      console.log(`\n[${index + 1}/${plan.length}] ${invocation.workload}${invocation.size === undefined ? '' : ` (${invocation.size.toLocaleString('en')})`}`);
      execFileSync(process.execPath, ['--expose-gc', ...serviceNodeFlags(), ...args], { stdio: 'inherit' });
      reports.push(JSON.parse(readFileSync(out, 'utf8')) as MeasuredReport);
    }
    if (profiling) profiles.push(...takeProfiles(new Set(plan.map((invocation) => invocation.workload)), kind === 'quick', scratch.path));
  } finally {
    scratch.remove();
  }

  const result: RunResult & { benchmark: string } = {
    benchmark: 'privacy-ledger',
    kind,
    command,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: machine(),
    commit: commit(),
    ...(baseline ? { baseline: baseline.sources } : {}),
    reports,
    ...(profiles.length > 0 ? { profiles } : {}),
  };
  console.log(`\n${textTables(result, baseline)}`);
  const folder = join(repositoryRoot(), 'bench', 'results');
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `bench-${kind}-${fileTimestamp(startedAt)}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwritten to ${file}`);
  if (kind === 'full' && only === undefined) {
    writeFileSync(page, markdown(result, baseline));
    console.log(`${page} rewritten`);
  }
}
