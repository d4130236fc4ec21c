/**
 * Where a CPU profile spent its time: `node dist-bench/bench/profile-top.js <file.cpuprofile> [more…] [--top 25]`
 * prints the self time per category (bench/profiles.ts: SQLite, JSON, crypto, GC, messaging,
 * framework, our code by folder…), one column per file (a thread each, e.g. the main and the
 * writer thread of one `node --cpu-prof` run), then the functions with the most self time over
 * all of them and the same summed per source file. The profiles come from `node --cpu-prof` or
 * bench/cpu-profile.ts (the HTTP and scale workloads write the service's when BENCH_CPU_PROF_DIR is set).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { categoryRows, goalProfile, type CpuProfile } from './profiles.js';

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
  if (positionals.length === 0) throw new Error('usage: profile-top <file.cpuprofile> [more.cpuprofile…] [--top N]');
  const top = Number(values.top);
  const profiles = positionals.map((file) => ({ thread: basename(file), profile: JSON.parse(readFileSync(file, 'utf8')) as CpuProfile }));
  const all = goalProfile(positionals.join(', '), '', profiles, Number.MAX_SAFE_INTEGER);
  const files = new Map<string, number>();
  for (const f of all.top) {
    const file = / (\S+):\d+$/.exec(f.name)?.[1] ?? '(V8 and native)';
    files.set(file, (files.get(file) ?? 0) + f.ms);
  }
  const busy = all.threads.reduce((sum, t) => sum + t.busyMs, 0);
  const row = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
  console.log(
    [
      row(['category (self time)', ...all.threads.map((t) => t.thread)]),
      row(['---', ...all.threads.map(() => '---')]),
      ...categoryRows(all).map(row),
      '',
      row(['function (self time)', 'thread', 'category', 'ms', 'share']),
      '|---|---|---|---|---|',
      ...all.top.slice(0, top).map((f) => row([f.name, f.thread, f.category, f.ms.toLocaleString('en'), `${f.share} %`])),
      '',
      row(['file (self time)', 'ms', 'share']),
      '|---|---|---|',
      ...[...files]
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(([file, ms]) => row([file, ms.toLocaleString('en'), `${busy === 0 ? 0 : Math.round((ms / busy) * 1000) / 10} %`])),
    ].join('\n'),
  );
}
