import { createRequire } from 'node:module';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * Starts a thread that runs `source`, CommonJS program text, with better-sqlite3 resolvable as
 * `workerData.sqlite`. A process started with `--input-type=module` (`node -e`, `node --eval`)
 * would pass that flag on and make the program ESM, so it is left out of the thread's flags. Only
 * then are the flags given: a thread refuses per-process flags (--expose-gc, --max-old-space-size)
 * given to it, while it inherits the others by itself.
 */
export function startSqliteThread(source: string, workerData: Record<string, unknown>, resourceLimits?: ResourceLimits): Worker {
  const inputType = (flag: string) => flag.startsWith('--input-type');
  return new Worker(source, {
    eval: true,
    ...(process.execArgv.some(inputType) ? { execArgv: process.execArgv.filter((flag) => !inputType(flag)) } : {}),
    ...(resourceLimits ? { resourceLimits } : {}),
    workerData: { ...workerData, sqlite: createRequire(import.meta.url).resolve('better-sqlite3') },
  });
}
