/**
 * Where a CPU profile spent its time: `node dist/bench/profile-top.js <file.cpuprofile> [--top 25]`
 * prints the functions with the most self time (and their share of the profile), and the same
 * summed per file, so a page can say where a workload's time goes. The profiles come from
 * `node --cpu-prof` (the scale workload writes the service's when BENCH_CPU_PROF_DIR is set).
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/** The parts of V8's .cpuprofile format read here. */
interface CpuProfile {
  readonly nodes: readonly { readonly id: number; readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number } }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface SelfTime {
  readonly name: string;
  readonly ms: number;
  readonly share: number;
}

const shorten = (url: string) => url.replace(/^file:\/\/.*?\/(node_modules|dist)\//, '$1/').replace(/^node:/, 'node:');

/** Self time per function (name, file and line) and per file, largest first. */
export function selfTimes(profile: CpuProfile): { functions: SelfTime[]; files: SelfTime[]; totalMs: number; idleMs: number } {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const functions = new Map<string, number>();
  const files = new Map<string, number>();
  let total = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    const frame = byNode.get(id);
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    if (!frame || ms < 0) return;
    // Idle is the event loop waiting: the shares are of the time the thread was busy.
    if (frame.url === '' && frame.functionName === '(idle)') {
      idle += ms;
      return;
    }
    total += ms;
    const file = frame.url === '' ? '(V8 and native)' : shorten(frame.url);
    const name = frame.url === '' ? frame.functionName || '(native)' : `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + ms);
    files.set(file, (files.get(file) ?? 0) + ms);
  });
  const ranked = (map: Map<string, number>) =>
    [...map]
      .map(([name, ms]) => ({ name, ms: Math.round(ms), share: total === 0 ? 0 : Math.round((ms / total) * 1000) / 10 }))
      .sort((a, b) => b.ms - a.ms);
  return { functions: ranked(functions), files: ranked(files), totalMs: Math.round(total), idleMs: Math.round(idle) };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
  const [file] = positionals;
  if (file === undefined) throw new Error('usage: profile-top <file.cpuprofile> [--top N]');
  const top = Number(values.top);
  const { functions, files, totalMs, idleMs } = selfTimes(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
  const table = (rows: readonly SelfTime[]) => rows.slice(0, top).map((r) => `| ${r.name} | ${r.ms.toLocaleString('en')} | ${r.share} % |`);
  console.log([`${file}: ${totalMs.toLocaleString('en')} ms busy (shares below are of that), ${idleMs.toLocaleString('en')} ms idle`, '', '| function (self time) | ms | share |', '|---|---|---|', ...table(functions), '', '| file (self time) | ms | share |', '|---|---|---|', ...table(files)].join('\n'));
}
