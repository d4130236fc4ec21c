import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { statCpuMs } from './prefilled-service.js';

/** Requests in flight at once, as autocannon's 16 connections keep them. */
export const CONCURRENT = 16;
/** Requests (or pairs) sent before measuring, not counted. */
export const WARM_UP = 400;

/** Calls `send` `count` times, CONCURRENT at a time. */
export async function inFlight(count: number, send: () => Promise<void>): Promise<void> {
  let left = count;
  await Promise.all(
    Array.from({ length: CONCURRENT }, async () => {
      while (left > 0) {
        left -= 1;
        await send();
      }
    }),
  );
}

/** The CPU time (ms) of this process's main thread so far (Linux /proc; NaN elsewhere). */
function mainThreadCpuMs(): number {
  try {
    return statCpuMs(readFileSync(`/proc/self/task/${String(process.pid)}/stat`, 'utf8'));
  } catch {
    return Number.NaN;
  }
}

/**
 * What `count` sends cost this process: CPU of all its threads, of the main thread alone (10 ms
 * ticks), and the event loop's busy time (ms, which counts time spent waiting for a core too),
 * and the wall time (s).
 */
export async function measured(count: number, send: () => Promise<void>): Promise<{ cpuMs: number; mainThreadCpuMs: number; busyMs: number; seconds: number }> {
  await inFlight(WARM_UP, send);
  const loop = performance.eventLoopUtilization();
  const cpu = process.cpuUsage();
  const main = mainThreadCpuMs();
  const started = performance.now();
  await inFlight(count, send);
  const busyMs = performance.eventLoopUtilization(loop).active;
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000, mainThreadCpuMs: mainThreadCpuMs() - main, busyMs, seconds: (performance.now() - started) / 1000 };
}
