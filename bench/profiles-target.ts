/**
 * One goal's work alone, to be run under `node --cpu-prof --cpu-prof-dir=…` by bench/profiles-run.ts:
 * `node --cpu-prof dist-bench/bench/profiles-target.js --target <append|replay|rebuild> [--writers N] --size N --dir D --window file`.
 * Whatever must exist first (a log) is built in a child process, which is not profiled; the
 * window file gets the times (µs, process.hrtime's clock, which V8's profiles use) between which
 * the goal's work ran, so setup and exit are left out of the profile.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { verifyLogInThread } from '../src/ledger/verify-thread.js';
import { readSide } from '../test/support/read-side.js';
import { appendPlan, paddingFor, TARGET_EVENT_BYTES } from './workloads/append-events.js';
import { Samples } from './workloads/append-measure.js';
import { appendThroughPort } from './workloads/append-port.js';
import { buildLogApart } from './workloads/log-builder.js';

export const PROFILE_TARGETS = ['append', 'replay', 'rebuild'] as const;
export type ProfileTarget = (typeof PROFILE_TARGETS)[number];

const now = () => Number(process.hrtime.bigint() / 1000n);

/** Runs `work` and returns the window it ran in. */
async function windowed(work: () => Promise<unknown>): Promise<{ from: number; to: number }> {
  const from = now();
  await work();
  return { from, to: now() };
}

export async function runTarget(target: ProfileTarget, options: { size: number; writers: number; dir: string }): Promise<{ from: number; to: number }> {
  const file = join(options.dir, 'events.sqlite');
  switch (target) {
    case 'append': {
      const plan = appendPlan(options.size);
      return windowed(() => appendThroughPort({ file, plan, writers: options.writers, padding: paddingFor(TARGET_EVENT_BYTES), samples: new Samples(options.size) }));
    }
    case 'replay': {
      buildLogApart(file, options.size);
      return windowed(async () => {
        const outcome = await verifyLogInThread(file, []);
        if (outcome === 'exact' || outcome.events !== options.size) throw new Error('the verification thread did not check the whole log from its stored text');
      });
    }
    case 'rebuild': {
      buildLogApart(file, options.size);
      // The rebuild workload's "together" row: every projection at once over one shared read, the service's batches.
      const side = readSide(options.dir, { batchSize: 100, catchUpBatchSize: 1000, readModels: 'read-models-together.sqlite' });
      try {
        return await windowed(async () => {
          const rebuilds = await Promise.all(side.projections.names().map((name) => side.projections.rebuild(name)));
          await Promise.all(rebuilds.map((rebuild) => rebuild.done));
        });
      } finally {
        await side.close();
      }
    }
  }
}

const { values } = parseArgs({ options: { target: { type: 'string' }, size: { type: 'string' }, writers: { type: 'string', default: '1' }, dir: { type: 'string' }, window: { type: 'string' } } });
const target = values.target as ProfileTarget;
if (!PROFILE_TARGETS.includes(target) || values.dir === undefined || values.window === undefined) {
  throw new Error(`usage: profiles-target --target <${PROFILE_TARGETS.join('|')}> --size N [--writers N] --dir D --window file`);
}
const window = await runTarget(target, { size: Number(values.size), writers: Number(values.writers), dir: values.dir });
writeFileSync(values.window, JSON.stringify(window));
