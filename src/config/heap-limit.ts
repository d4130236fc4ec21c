import { ConfigError } from './config.js';

/**
 * The V8 heap limit (`--max-old-space-size`, MB) `npm start` and the container image give the
 * service unless `HEAP_LIMIT_MB` says otherwise. Below 2 GB V8 lets the old generation grow to
 * ~1.3–2× what survived its last full collection before collecting again; at V8's own default on
 * a machine with more than ~16 GB (about 4 GB) it lets it grow to 4×, so a catch-up on a log of
 * 150,000 events peaked at ~500 MB of RSS while it held ~60–90 MB live. 1,536 MB leaves ~7× the
 * live heap of a 3,000,000-event log for growth (the Ledger holds ~72 bytes an event).
 */
export const DEFAULT_HEAP_LIMIT_MB = 1536;

const MIN_HEAP_LIMIT_MB = 256;

/**
 * `HEAP_LIMIT_MB` as read at start, beside the heap limit the process actually runs with
 * (`v8.getHeapStatistics().heap_size_limit`: the old generation's limit plus the young
 * generation's). The variable is applied by the start command (`node
 * --max-old-space-size=$HEAP_LIMIT_MB`), not by the service: a service started some other way
 * runs with whatever limit node was given, and `warning` says so when the two differ. A value that
 * is not a whole number of at least 256 MB stops the start, as any bad variable does.
 */
export function heapLimit(env: NodeJS.ProcessEnv, heapSizeLimitBytes: number): { readonly heapLimitMb: number; readonly warning?: string } {
  const heapLimitMb = Math.round(heapSizeLimitBytes / 1048576);
  const text = env.HEAP_LIMIT_MB;
  if (text === undefined || text === '') return { heapLimitMb };
  if (!/^[0-9]+$/.test(text) || Number(text) < MIN_HEAP_LIMIT_MB) {
    throw new ConfigError([`HEAP_LIMIT_MB: a whole number of megabytes, at least ${MIN_HEAP_LIMIT_MB} (got ${JSON.stringify(text)})`]);
  }
  const requested = Number(text);
  // The young generation comes on top of the old generation's limit: 48 MB by default here.
  if (heapLimitMb >= requested && heapLimitMb <= requested + 128) return { heapLimitMb };
  return {
    heapLimitMb,
    warning: `HEAP_LIMIT_MB is ${requested}, but this process runs with a heap limit of ${heapLimitMb} MB: HEAP_LIMIT_MB takes effect through the start command (npm start, the container image); started otherwise, give node --max-old-space-size=${requested}`,
  };
}
