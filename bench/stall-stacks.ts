/**
 * Each stall bench/stall-recorder.ts noted, with the functions on the stack in the CPU profile's
 * samples within it (inclusive: a function counts once a sample however deep it appears):
 * `node dist-bench/bench/stall-stacks.js <main thread>.cpuprofile <stalls.json> [--top 12]`.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { CpuProfile } from './profiles.js';

/** A turn of the event loop that came `lateMs` late: the loop was held from `fromUs` to `toUs` (monotonic µs, as a profile's times). */
export interface Stall {
  readonly fromUs: number;
  readonly toUs: number;
  readonly lateMs: number;
}

export interface StallStack {
  readonly stall: Stall;
  /** Into the profile, ms. */
  readonly atMs: number;
  readonly samples: number;
  /** Functions (`name url:line`) and the samples of the stall that had them on the stack, most first. */
  readonly functions: readonly { readonly name: string; readonly samples: number }[];
}

export function stallStacks(profile: CpuProfile, stalls: readonly Stall[], top = 12): StallStack[] {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const name = (id: number): string => {
    const frame = nodes.get(id)?.callFrame;
    return frame ? `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*\/(?:dist-bench|dist|node_modules)\//, '')}:${frame.lineNumber + 1}` : '?';
  };
  const sampledAt: number[] = [];
  let time = profile.startTime;
  profile.timeDeltas.forEach((delta) => sampledAt.push((time += delta)));
  return stalls.map((stall) => {
    const counts = new Map<string, number>();
    let samples = 0;
    profile.samples.forEach((id, index) => {
      const at = sampledAt[index] ?? 0;
      if (at < stall.fromUs || at > stall.toUs) return;
      samples += 1;
      const seen = new Set<string>();
      for (let node: number | undefined = id; node !== undefined; node = parents.get(node)) {
        const frame = name(node);
        if (frame.startsWith('(root)') || seen.has(frame)) continue;
        seen.add(frame);
        counts.set(frame, (counts.get(frame) ?? 0) + 1);
      }
    });
    const functions = [...counts].map(([n, s]) => ({ name: n, samples: s })).sort((a, b) => b.samples - a.samples).slice(0, top);
    return { stall, atMs: Math.round((stall.fromUs - profile.startTime) / 1000), samples, functions };
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '12' } } });
  const [profileFile, stallsFile] = positionals;
  if (profileFile === undefined || stallsFile === undefined) throw new Error('usage: stall-stacks <main thread>.cpuprofile <stalls.json> [--top N]');
  const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as CpuProfile;
  const stalls = JSON.parse(readFileSync(stallsFile, 'utf8')) as Stall[];
  for (const { stall, atMs, samples, functions } of stallStacks(profile, stalls, Number(values.top))) {
    console.log(`\nheld ${stall.lateMs} ms, ${atMs} ms into the profile (${samples} samples)`);
    for (const f of functions) console.log(`  ${String(f.samples).padStart(5)}  ${f.name}`);
  }
}
