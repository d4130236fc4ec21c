/**
 * A CPU profile of the request path grouped by what the time is for:
 * `node --cpu-prof --cpu-prof-dir=/tmp/p dist-bench/bench/http/inject-pairs.js 3000`, then
 * `node dist-bench/bench/http/request-path-profile.js /tmp/p/<main thread>.cpuprofile`. Each sample
 * goes to the group of the nearest frame on its stack that is our code or a named module (so
 * node:crypto under the codec counts as personal data, and JSON.parse under Fastify as
 * Fastify); GC and V8's own work are groups of their own. src/http/README.md quotes it.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** The groups, first match wins: a part of the URL, and the group's name. */
const GROUPS: readonly (readonly [readonly string[], string])[] = [
  [['class-validator', 'class-transformer', 'src/http/validation', 'src/http/nested-shape'], 'validation (class-validator, class-transformer)'],
  [['@nestjs', 'rxjs', 'reflect-metadata'], 'Nest: routing, guards, pipes, interceptors (rxjs)'],
  [['light-my-request', 'dist-bench/bench/'], 'inject client (not the service)'],
  [['fastify', 'find-my-way', 'avvio', 'secure-json-parse'], 'Fastify'],
  [['pino', 'sonic-boom', 'src/logging', 'src/http/request-log'], 'logging'],
  [['src/auth'], 'auth'],
  [['fingerprint'], 'fingerprinting'],
  [['src/personal-data', 'src/shared/personal-fields', 'src/breaches/breach-personal-data'], 'personal data'],
  [['src/event-store', 'canonicalize', 'src/shared/json', 'better-sqlite3', 'src/shared/sqlite-thread'], 'event store (main-thread side)'],
  [['src/read-store', '/projections/'], 'projections and read store'],
  [['src/command-handling'], 'command handling (fold, decide)'],
  [['src/breaches'], 'breach slice (decide, AP form, response)'],
  [['src/http'], 'src/http (headers, envelope, problems)'],
];

function groupOf(url: string): string | undefined {
  for (const [parts, name] of GROUPS) if (parts.some((part) => url.includes(part))) return name;
  if (/\/dist(?:-bench)?\/src\//.test(url)) return `other: ${url.replace(/.*\/dist(?:-bench)?\//, '')}`;
  if (url.includes('node_modules/')) return `other module: ${url.replace(/.*node_modules\//, '').split('/')[0]}`;
  return undefined;
}

/** Busy time (ms) per group, largest first, and the busy total. */
export function requestPathGroups(profile: CpuProfile): { groups: { name: string; ms: number; share: number }[]; busyMs: number } {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const totals = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    const leaf = nodes.get(id)?.callFrame;
    if (!leaf || ms < 0 || leaf.functionName === '(idle)') return;
    busy += ms;
    let group = leaf.functionName === '(garbage collector)' ? 'garbage collection' : leaf.functionName === '(program)' ? 'V8 (program)' : undefined;
    for (let at: number | undefined = id; group === undefined && at !== undefined; at = parents.get(at)) group = groupOf(nodes.get(at)?.callFrame.url ?? '');
    group ??= `node internals: ${leaf.functionName}`;
    totals.set(group, (totals.get(group) ?? 0) + ms);
  });
  const groups = [...totals].map(([name, ms]) => ({ name, ms: Math.round(ms), share: busy === 0 ? 0 : Math.round((ms / busy) * 1000) / 10 })).sort((a, b) => b.ms - a.ms);
  return { groups, busyMs: Math.round(busy) };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = process.argv[2];
  if (file === undefined) throw new Error('usage: request-path-profile <file.cpuprofile>');
  const { groups, busyMs } = requestPathGroups(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
  console.log([`${file}: ${busyMs.toLocaleString('en')} ms busy`, '', '| what | ms | share |', '|---|---|---|', ...groups.slice(0, 25).map((g) => `| ${g.name} | ${g.ms.toLocaleString('en')} | ${g.share} % |`)].join('\n'));
}
