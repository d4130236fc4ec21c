/**
 * What held a process's event loop, and when: loaded before the service
 * (`node --import ./dist-bench/bench/stall-recorder.js --cpu-prof dist/src/main.js`, with
 * `STALL_OUT=<file>` in its environment), it runs a 5 ms timer and notes every turn that came
 * at least `STALL_MIN_MS` (default 60) late: the stretch the loop was held, in the clock of
 * V8's CPU profiles (CLOCK_MONOTONIC, µs). At exit it writes them to STALL_OUT as JSON, for
 * bench/stall-stacks.ts to set beside the profile. A probe's slow answer can be the machine
 * (another thread had the core); a stall recorded here is this process's own event loop.
 */
import { writeFileSync } from 'node:fs';
import type { Stall } from './stall-stacks.js';

const TICK_MS = 5;
const out = process.env.STALL_OUT;
const minMs = Number(process.env.STALL_MIN_MS ?? 60);
const stalls: Stall[] = [];
let last = process.hrtime.bigint();
const timer = setInterval(() => {
  const now = process.hrtime.bigint();
  const lateMs = Number(now - last) / 1e6 - TICK_MS;
  if (lateMs >= minMs) stalls.push({ fromUs: Number(last / 1000n), toUs: Number(now / 1000n), lateMs: Math.round(lateMs * 10) / 10 });
  last = now;
}, TICK_MS);
timer.unref();
process.on('exit', () => {
  if (out) writeFileSync(out, JSON.stringify(stalls));
});
