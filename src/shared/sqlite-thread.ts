import { createRequire } from 'node:module';
import { Worker, type ResourceLimits, type TransferListItem } from 'node:worker_threads';

/**
 * The limits of a thread that writes (the event store's writer, the read-model writer): a young
 * generation of 12 MB. V8 gives each thread the main thread's default (semi-spaces of up to
 * 16 MB), which a writer fills commit after commit and keeps committed, though it holds one
 * commit at a time. Bounded, the process held ~25 MB less outside the main heap while the
 * projections caught up on a 149,000-event log (bench inquiry, 25,000 breaches), and a rebuild
 * cost the same CPU; at 4 MB a rebuild cost ~10 % more. The first tree build's thread
 * (src/ledger/tree-thread.ts) has the same bound: it runs once, while the service may be at its
 * busiest, and bounded the inquiry over 25,000 breaches peaked at 359–365 MB instead of
 * 382–389 (its checkpoint step was the peak), and a build over 200,000 events cost the same
 * CPU (1.36–1.71 s for the process, against 1.61–1.67 unbounded). The threads that read the log for the verification
 * (the event reader, the verification) keep the default: bounded, GET /audit/verification's
 * replay of 300,000 events fell from ~121,000 to ~91,000 events/s.
 */
export const WRITER_THREAD_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 12 };

/**
 * Starts a thread that runs `source`, CommonJS program text, with better-sqlite3 resolvable as
 * `workerData.sqlite`. A process started with `--input-type=module` (`node -e`, `node --eval`)
 * would pass that flag on and make the program ESM, so it is left out of the thread's flags. Only
 * then are the flags given: a thread refuses per-process flags (--expose-gc, --max-old-space-size)
 * given to it, while it inherits the others by itself. `transferList`: what `workerData` holds that
 * is moved to the thread rather than copied (a MessagePort it talks to another thread over).
 */
export function startSqliteThread(source: string, workerData: Record<string, unknown>, resourceLimits?: ResourceLimits, transferList?: readonly TransferListItem[]): Worker {
  const inputType = (flag: string) => flag.startsWith('--input-type');
  return new Worker(source, {
    eval: true,
    ...(process.execArgv.some(inputType) ? { execArgv: process.execArgv.filter((flag) => !inputType(flag)) } : {}),
    ...(resourceLimits ? { resourceLimits } : {}),
    workerData: { ...workerData, sqlite: createRequire(import.meta.url).resolve('better-sqlite3') },
    ...(transferList ? { transferList: [...transferList] } : {}),
  });
}
