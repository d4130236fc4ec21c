/**
 * Where a goal's time goes: the self time of a V8 CPU profile (`node --cpu-prof`, one file per
 * thread, or bench/cpu-profile.ts for a service) grouped into categories defined once here, and
 * its top functions with file:line, rendered as the "Where the time goes" section of
 * BENCHMARKS.md. Pure: bench/profiles-run.ts takes the profiles, test/bench/profiles.spec.ts
 * feeds fixed ones.
 */

/** The parts of V8's .cpuprofile format read here. */
export interface CpuProfile {
  readonly nodes: readonly { readonly id: number; readonly callFrame: CallFrame; readonly children?: readonly number[] }[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

/** The categories self time is grouped into, in the order the tables show them. */
export const CATEGORIES = [
  'SQLite (native, incl. fsync)',
  'JSON (parse, stringify, canonical JSON)',
  'crypto (hashes, AES-GCM, signatures)',
  'GC',
  'thread messaging (postMessage, structured clone)',
  'framework (Nest, Fastify, class-validator)',
  'service log (pino)',
  'Node.js runtime (streams, sockets, timers, fs)',
  'V8 and native, other',
  'other libraries',
  'benchmark harness',
] as const;

/** Our code is grouped by its folder under src/ ("ours: event-store", …), after the fixed categories. */
export const OURS = 'ours: ';

const SQLITE_NATIVE = new Set(['run', 'all', 'get', 'iterate', 'exec', 'prepare', 'pragma', 'step', 'raw', 'pluck', 'expand', 'columns', 'bind', 'safeIntegers', 'checkpoint', 'backup', 'serialize', 'Database', 'close']);
const JSON_NATIVE = new Set(['parse', 'stringify', 'JSON.parse', 'JSON.stringify', 'JsonParse', 'JsonStringify']);
const CRYPTO_NATIVE = new Set(['digest', 'update', 'final', 'Hash', 'Hmac', 'createHash', 'createHmac', 'randomUUID', 'randomBytes', 'randomFillSync', 'sign', 'verify', 'oneShotDigest', 'CipherBase', 'Cipheriv', 'Decipheriv', 'setAuthTag', 'getAuthTag', 'setAAD', 'timingSafeEqual', 'pbkdf2Sync', 'scryptSync']);
const MESSAGING_NATIVE = new Set(['postMessage', 'receiveMessageOnPort', 'drainMessagePort', 'moveMessagePortToContext', 'serialize', 'deserialize', 'structuredClone']);
const NODE_IO_NATIVE = new Set(['writev', 'writeUtf8String', 'writeLatin1String', 'writeAsciiString', 'writeUcs2String', 'writeBuffer', 'writeString', 'writeBuffers', 'readFileUtf8', 'fstat', 'lstat', 'stat', 'openFileHandle', 'fsync', 'fdatasync', 'internalModuleStat', 'compileFunction']);
const FRAMEWORK_PACKAGES = ['@nestjs/', 'fastify', '@fastify/', 'find-my-way', 'avvio', 'light-my-request', 'class-validator', 'class-transformer', 'rxjs', 'reflect-metadata', 'fast-json-stringify', 'secure-json-parse', 'ajv', 'toad-cache', 'fast-querystring', 'validator'];
const JSON_PACKAGES = ['canonicalize', 'json-stable-stringify', 'fast-json-stable-stringify'];
const CRYPTO_PACKAGES = ['@noble/', 'jose', '@peculiar/'];

/** The package a node_modules URL belongs to (`@scope/name` or `name`), or undefined. */
export function packageOf(url: string): string | undefined {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  return match?.[1];
}

const startsWithAny = (name: string, prefixes: readonly string[]) => prefixes.some((p) => (p.endsWith('/') ? name.startsWith(p) : name === p || name.startsWith(`${p}/`)));

/**
 * The category of a sample, from its innermost frame and the frames that called it (innermost
 * first). A native frame (no URL) is named by what it is (SQLite, JSON, crypto, messaging, GC)
 * or else by the library that called it (better-sqlite3 → SQLite); our code by its folder in src/.
 */
export function categoryOf(stack: readonly CallFrame[]): string {
  const [leaf] = stack;
  if (leaf === undefined) return 'V8 and native, other';
  if (leaf.functionName === '(garbage collector)') return 'GC';
  if (leaf.url === '') {
    const name = leaf.functionName;
    const caller = stack.find((frame) => frame.url !== '');
    const callerPackage = caller === undefined ? undefined : packageOf(caller.url);
    if (callerPackage === 'better-sqlite3' || SQLITE_NATIVE.has(name)) return 'SQLite (native, incl. fsync)';
    if (JSON_NATIVE.has(name)) return 'JSON (parse, stringify, canonical JSON)';
    if (CRYPTO_NATIVE.has(name) || caller?.url.startsWith('node:internal/crypto') === true) return 'crypto (hashes, AES-GCM, signatures)';
    if (MESSAGING_NATIVE.has(name) || caller?.url.startsWith('node:internal/worker') === true) return 'thread messaging (postMessage, structured clone)';
    if (NODE_IO_NATIVE.has(name)) return 'Node.js runtime (streams, sockets, timers, fs)';
    return 'V8 and native, other';
  }
  return categoryOfUrl(leaf.url);
}

/** The category of JavaScript at `url`. */
export function categoryOfUrl(url: string): string {
  if (url.startsWith('node:internal/crypto') || url === 'node:crypto') return 'crypto (hashes, AES-GCM, signatures)';
  if (url.startsWith('node:internal/worker') || url === 'node:worker_threads' || url.startsWith('node:internal/per_context/messageport')) return 'thread messaging (postMessage, structured clone)';
  if (url.startsWith('node:')) return 'Node.js runtime (streams, sockets, timers, fs)';
  // The one worker started from source text: src/shared/sqlite-thread.ts (the writer and verification threads' loop).
  if (url === '[worker eval]') return `${OURS}shared`;
  const pkg = packageOf(url);
  if (pkg !== undefined) {
    if (pkg === 'better-sqlite3') return 'SQLite (native, incl. fsync)';
    if (startsWithAny(pkg, JSON_PACKAGES)) return 'JSON (parse, stringify, canonical JSON)';
    if (startsWithAny(pkg, CRYPTO_PACKAGES)) return 'crypto (hashes, AES-GCM, signatures)';
    if (pkg === 'pino' || pkg.startsWith('pino-') || pkg === 'sonic-boom') return 'service log (pino)';
    if (startsWithAny(pkg, FRAMEWORK_PACKAGES) || pkg.startsWith('fastify-')) return 'framework (Nest, Fastify, class-validator)';
    return 'other libraries';
  }
  if (/\/(?:dist(?:-bench)?\/)?(bench|test)\//.test(url)) return 'benchmark harness';
  // src/<folder>/…, or a folder of its own beside src/ (projections/, at the repository's root).
  const ours = /\/(?:dist(?:-bench)?\/)?src\/([^/.]+)(?:\/|\.js$|\.ts$)/.exec(url) ?? /\/dist(?:-bench)?\/([^/]+)\//.exec(url) ?? /\/(projections)\//.exec(url);
  if (ours) return /canonical/i.test(url) ? 'JSON (parse, stringify, canonical JSON)' : `${OURS}${ours[1]!}`;
  return 'V8 and native, other';
}

export interface Share {
  readonly name: string;
  readonly ms: number;
  /** Percent of the busy time (idle excluded), one decimal. */
  readonly share: number;
}

export interface TopFunction extends Share {
  readonly category: string;
  /** Which profile (thread) it was sampled in. */
  readonly thread: string;
}

/** One thread's profile, grouped. */
export interface ThreadTime {
  readonly thread: string;
  readonly busyMs: number;
  readonly idleMs: number;
  readonly categories: readonly Share[];
}

/** What the page shows for one goal: the threads' categories, and the top functions over all of them. */
export interface GoalProfile {
  readonly goal: string;
  /** What was profiled, at which size, and over which window. */
  readonly what: string;
  readonly threads: readonly ThreadTime[];
  readonly top: readonly TopFunction[];
}

/** Samples between `from` and `to` (µs, the clock of process.hrtime, which V8's profiles use). */
export interface Window {
  readonly from: number;
  readonly to: number;
}

const shorten = (url: string) => url.replace(/^file:\/\/.*?\/(node_modules|dist(?:-bench)?)\//, '$1/');

const oneDecimal = (value: number) => Math.round(value * 10) / 10;

interface Grouped {
  readonly busyMs: number;
  readonly idleMs: number;
  readonly categories: Map<string, number>;
  readonly functions: Map<string, { ms: number; category: string }>;
}

/**
 * The append writer thread's sleep between rounds (`waitForRequests` in the program of
 * src/event-store/sqlite/sqlite-writer.ts, blocked in Atomics.wait until the main thread wakes
 * it): V8 samples a thread blocked there as running that frame, so it would count as busy, and
 * as our code. It is the thread waiting, as an event loop's wait is `(idle)`.
 */
export function isThreadWait(frame: CallFrame): boolean {
  return frame.functionName === 'waitForRequests' && frame.url === '[worker eval]';
}

/** Self time of a profile per category and per function (name file:line), within `window` if given. */
export function groupProfile(profile: CpuProfile, window?: Window): Grouped {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const stackCache = new Map<number, { category: string; name: string; idle: boolean }>();
  const describe = (id: number) => {
    let known = stackCache.get(id);
    if (known) return known;
    const stack: CallFrame[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (frame && frame.functionName !== '(root)') stack.push(frame);
    }
    const leaf = stack[0];
    const idle = leaf === undefined || leaf.functionName === '(idle)' || isThreadWait(leaf);
    const name = leaf === undefined ? '(root)' : leaf.url === '' ? `${leaf.functionName || '(native)'} (native)` : `${leaf.functionName || '(anonymous)'} ${shorten(leaf.url)}:${leaf.lineNumber + 1}`;
    known = { category: idle ? 'idle' : categoryOf(stack), name, idle };
    stackCache.set(id, known);
    return known;
  };
  const categories = new Map<string, number>();
  const functions = new Map<string, { ms: number; category: string }>();
  let busy = 0;
  let idle = 0;
  let time = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    time += delta;
    if (delta <= 0 || (window !== undefined && (time < window.from || time > window.to))) return;
    const ms = delta / 1000;
    const sample = describe(id);
    if (sample.idle) {
      idle += ms;
      return;
    }
    busy += ms;
    categories.set(sample.category, (categories.get(sample.category) ?? 0) + ms);
    const entry = functions.get(sample.name);
    if (entry) entry.ms += ms;
    else functions.set(sample.name, { ms, category: sample.category });
  });
  return { busyMs: busy, idleMs: idle, categories, functions };
}

/** Our folders under 1 % of a thread's busy time each are summed into one row. */
export const OURS_SMALL = `${OURS}other folders (each under 1 %)`;

/** Categories in the page's order: the fixed ones, then our folders by time (the small ones summed); those with no time left out. */
function orderedShares(categories: Map<string, number>, busyMs: number): Share[] {
  const fixed = CATEGORIES.filter((c) => categories.has(c)).map((c) => c as string);
  const ours = [...categories.keys()].filter((c) => c.startsWith(OURS)).sort((a, b) => categories.get(b)! - categories.get(a)!);
  const share = (ms: number) => (busyMs === 0 ? 0 : oneDecimal((ms / busyMs) * 100));
  const large = ours.filter((c) => categories.get(c)! >= busyMs / 100);
  const small = ours.filter((c) => categories.get(c)! < busyMs / 100).reduce((sum, c) => sum + categories.get(c)!, 0);
  const rows = [...fixed, ...large].map((name) => ({ name, ms: Math.round(categories.get(name)!), share: share(categories.get(name)!) }));
  return large.length < ours.length ? [...rows, { name: OURS_SMALL, ms: Math.round(small), share: share(small) }] : rows;
}

/** A goal's profile from its threads' profiles (label → profile), with the top `top` functions over all of them. */
export function goalProfile(goal: string, what: string, profiles: readonly { readonly thread: string; readonly profile: CpuProfile; readonly window?: Window }[], top = 10): GoalProfile {
  const grouped = profiles.map(({ thread, profile, window }) => ({ thread, ...groupProfile(profile, window) }));
  const totalBusy = grouped.reduce((sum, g) => sum + g.busyMs, 0);
  const functions = grouped
    .flatMap((g) => [...g.functions].map(([name, { ms, category }]) => ({ name, ms, category, thread: g.thread })))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top)
    .map((f) => ({ ...f, ms: Math.round(f.ms), share: totalBusy === 0 ? 0 : oneDecimal((f.ms / totalBusy) * 100) }));
  return {
    goal,
    what,
    threads: grouped.map((g) => ({ thread: g.thread, busyMs: Math.round(g.busyMs), idleMs: Math.round(g.idleMs), categories: orderedShares(g.categories, g.busyMs) })),
    top: functions,
  };
}

const table = (header: readonly string[], rows: readonly (readonly string[])[]) => [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];

/** The categories of every thread side by side: one row per category, "ms (share)" per thread. */
export function categoryRows(profile: GoalProfile): string[][] {
  const names = [...new Set(profile.threads.flatMap((t) => t.categories.map((c) => c.name)))];
  const order = (name: string) => {
    const fixed = (CATEGORIES as readonly string[]).indexOf(name);
    return fixed >= 0 ? fixed : CATEGORIES.length;
  };
  names.sort((a, b) => order(a) - order(b));
  const rows = names.map((name) => [name, ...profile.threads.map((t) => {
    const c = t.categories.find((x) => x.name === name);
    return c === undefined ? '–' : `${c.ms.toLocaleString('en')} ms (${c.share} %)`;
  })]);
  rows.push(['busy (the shares are of this)', ...profile.threads.map((t) => `${t.busyMs.toLocaleString('en')} ms`)]);
  rows.push(['idle (waiting)', ...profile.threads.map((t) => `${t.idleMs.toLocaleString('en')} ms`)]);
  return rows;
}

/** The "Where the time goes" section of BENCHMARKS.md. */
export function whereTheTimeGoes(profiles: readonly GoalProfile[]): string[] {
  if (profiles.length === 0) return [];
  const lines = [
    '## Where the time goes',
    '',
    'One CPU profile per goal\'s workload, taken after the timed runs (a profiler slows what it measures, so none of the figures above was profiled), at a moderate size (`bench/profiles-run.ts`). Self time, grouped by what it is (`bench/profiles.ts`: a native frame by what it is or the library that called it, JavaScript by its package, our code by its folder in `src/`); each thread is its own column, its shares of its own busy time. Busy is the time V8 found the thread outside its event loop\'s wait, not its CPU time: it includes a thread blocked in a system call (a commit\'s writes, an fsync) and, on a loaded machine, a thread waiting for a core, so it can exceed what the thread used; compare threads by their CPU time (on Linux, /proc/<pid>/task/<tid>/stat) before naming one the bottleneck. The append writer thread\'s sleep between rounds (`waitForRequests`, blocked in `Atomics.wait` until the main thread wakes it) is counted as idle, not busy. A call into better-sqlite3\'s native code has no frame of its own: its time is the self time of the JavaScript line that made it (in a thread\'s program, `[worker eval]:N`, where a statement\'s `run` or `all` is SQLite\'s work). Then the ten functions with the most self time over all threads, with file:line (of the compiled `dist-bench/` JavaScript, or `(native)`).',
    '',
  ];
  for (const profile of profiles) {
    lines.push(`### ${profile.goal}`, '', profile.what, '');
    lines.push(...table(['category (self time)', ...profile.threads.map((t) => t.thread)], categoryRows(profile)), '');
    lines.push(...table(['function (self time)', 'thread', 'category', 'ms', 'share of all threads\' busy time'], profile.top.map((f) => [f.name.replace(/\|/g, '\\|'), f.thread, f.category, f.ms.toLocaleString('en'), `${f.share} %`])), '');
  }
  return lines;
}
