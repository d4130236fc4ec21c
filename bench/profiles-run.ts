/**
 * The profiles of "Where the time goes": after the timed runs of `npm run bench` (or with
 * `--profile`), one CPU profile per goal's workload at a moderate size, grouped by
 * bench/profiles.ts. The event store's own work runs under `node --cpu-prof` (bench/profiles-target.ts:
 * every thread, the writer and verification threads included, cut to the window of the goal's
 * work); the service's under bench/cpu-profile.ts (BENCH_CPU_PROF_DIR: its main thread, the
 * event loop, from start to exit) while the HTTP and scale workloads drive it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serviceNodeFlags } from './harness.js';
import { goalProfile, type CpuProfile, type GoalProfile, type Window } from './profiles.js';
import { sizeLabel } from './workloads/memory.js';

/** A thread's profile, with the file it was read from. */
interface Taken {
  readonly thread: string;
  readonly file: string;
  readonly profile: CpuProfile;
  readonly window?: Window;
}

interface ProfilePlan {
  /** The workload family of the plan this profile belongs to (profiled only when the run has it). */
  readonly family: string;
  /** The goals it explains, as bench/goals.ts names them. */
  readonly goal: string;
  readonly size: number;
  readonly take: (dir: string, size: number) => Taken[];
}

const node = (args: readonly string[], env: NodeJS.ProcessEnv = {}) => execFileSync(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
const script = (name: string) => fileURLToPath(new URL(`./${name}`, import.meta.url));
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;

/** `node --cpu-prof` files of a folder: CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile; thread 0 is the main thread. */
function threadProfiles(dir: string, workerName: string, window: Window): Taken[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => ({ f, tid: Number(f.split('.').at(-3)) }))
    .sort((a, b) => a.tid - b.tid)
    .map(({ f, tid }) => ({ thread: tid === 0 ? 'main thread' : `${workerName} (thread ${tid})`, file: f, profile: read(join(dir, f)), window }));
}

/** A focused target (bench/profiles-target.ts) under --cpu-prof, cut to the window of its work. */
function target(name: string, workerName: string, writers?: number) {
  return (dir: string, size: number) => {
    const profiles = join(dir, 'profiles');
    mkdirSync(profiles, { recursive: true });
    const windowFile = join(dir, 'window.json');
    node(['--cpu-prof', `--cpu-prof-dir=${profiles}`, script('profiles-target.js'), '--target', name, '--size', String(size), '--dir', dir, '--window', windowFile, ...(writers === undefined ? [] : ['--writers', String(writers)])]);
    const window = JSON.parse(readFileSync(windowFile, 'utf8')) as Window;
    return threadProfiles(profiles, workerName, window);
  };
}

/** A workload that drives the service as its own process, with BENCH_CPU_PROF_DIR set: the service's profiles named `prefix…`. */
function service(workload: string, prefix: string, quick: boolean) {
  return (dir: string, size: number) => {
    const profiles = join(dir, 'profiles');
    mkdirSync(profiles, { recursive: true });
    node(['--expose-gc', ...serviceNodeFlags(), script('workload-process.js'), '--workload', workload, '--out', join(dir, 'report.json'), ...(quick ? ['--quick'] : ['--size', String(size)])], { BENCH_CPU_PROF_DIR: profiles });
    const files = readdirSync(profiles).filter((f) => f.startsWith(prefix) && f.endsWith('.cpuprofile'));
    if (files.length === 0) throw new Error(`no service profile ${prefix}* was written`);
    return files.map((f) => ({ thread: 'service, main thread', file: f, profile: read(join(profiles, f)) }));
  };
}

const describe: Record<string, (size: number) => string> = {
  'append-1': (size) => `${size.toLocaleString('en')} appends through the port, 1 writer (bench/profiles-target.ts append, as the append workload's "port, 1 writer"); every thread, from the first append to the last acknowledgement.`,
  'append-16': (size) => `${size.toLocaleString('en')} appends through the port, 16 writers (as "port, 16 writers"); every thread, from the first append to the last acknowledgement.`,
  replay: (size) => `GET /audit/verification's work over a log of ${size.toLocaleString('en')} events (verifyLogInThread, as the replay workload's goal row); both threads, from the call to its answer.`,
  rebuild: (size) => `Every projection rebuilt at once over one shared read of a log of ${size.toLocaleString('en')} events (the rebuild workload's "together" row, the service's batches); from the calls to the last take-over.`,
  http: () => 'The service under the HTTP workload (quick: the timeline, the yearly report, then register + report, 4 s each after a warm-up); its main thread from start to exit (bench/cpu-profile.ts profiles no worker thread), so start-up and the two query scenarios are in it too.',
  'first-start': (size) => `The service's first start on a log of ${size.toLocaleString('en')} events with empty read models (the scale workload's first service: until every projection is at the head, then stopped); its main thread from start to exit.`,
  'warm-start': (size) => `The scale workload's second service over ${size.toLocaleString('en')} events: warm start, GET /audit/verification, the first checkpoint (the Merkle tree), two exports; its main thread (the event loop /health needs) from start to exit.`,
};

/** The profiles a run takes: full sizes for `npm run bench`, small ones for `bench:quick --profile`. */
export function profilePlans(quick: boolean): ProfilePlan[] {
  const pick = (full: number, small: number) => (quick ? small : full);
  return [
    { family: 'append', goal: 'appends, 1 writer: events/s ÷ raw better-sqlite3, one 1-row commit each', size: pick(5_000, 1_000), take: target('append', 'writer thread', 1) },
    { family: 'append', goal: 'appends, 16 writers: events/s ÷ raw better-sqlite3, the same batches', size: pick(50_000, 10_000), take: target('append', 'writer thread', 16) },
    { family: 'replay', goal: 'replay + chains + Merkle root: events/s ÷ raw read + sha256', size: pick(100_000, 20_000), take: target('replay', 'verification thread') },
    { family: 'rebuild', goal: 'rebuild of all projections together (one shared read) over 1M events', size: pick(100_000, 10_000), take: target('rebuild', 'worker') },
    { family: 'http', goal: 'HTTP register + report to the AP', size: 0, take: service('http', 'http-service', true) },
    { family: 'scale', goal: 'first start on a 3M log with empty read models: until every projection has caught up', size: pick(100_000, 20_000), take: service('scale', 'scale-', false) },
  ];
}

/**
 * Takes the profiles of the plans whose family the run has, each in its own folder under
 * `scratch`; a profile that fails is reported and left out (the timed figures stand without it).
 */
export function takeProfiles(families: ReadonlySet<string>, quick: boolean, scratch: string): GoalProfile[] {
  const taken: GoalProfile[] = [];
  for (const [index, plan] of profilePlans(quick).filter((p) => families.has(p.family)).entries()) {
    const dir = join(scratch, `profile-${index}`);
    mkdirSync(dir, { recursive: true });
    const key = plan.family === 'append' ? `append-${plan.goal.includes('16 writers') ? 16 : 1}` : plan.family;
    console.log(`\n[profile] ${plan.goal} (${plan.size > 0 ? sizeLabel(plan.size) : 'quick'}; load average ${loadavg()[0]!.toFixed(2)})`);
    try {
      const profiles = plan.take(dir, plan.size);
      if (plan.family === 'scale') {
        // One scale run, two goals: the first start, and the warm service's whole-log calls (what /health waits behind).
        const first = profiles.filter((p) => p.file.includes('first-start'));
        const warm = profiles.filter((p) => p.file.includes('warm-start'));
        taken.push(goalProfile(plan.goal, describe['first-start']!(plan.size), first));
        if (warm.length > 0) taken.push(goalProfile('/health/live while whole-log audit calls run on a 3M log: the slowest answer', describe['warm-start']!(plan.size), warm));
      } else {
        taken.push(goalProfile(plan.goal, describe[key]!(plan.size), profiles));
      }
    } catch (error) {
      console.error(`[profile] ${plan.goal}: not taken (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  return taken;
}

