/**
 * autocannon as the HTTP workload drives it: every response's status and time is counted by
 * us, not only autocannon's histogram (which keeps whole milliseconds), so sub-millisecond
 * answers get a p50 that means something and every non-2xx answer is visible.
 */
import autocannon from 'autocannon';
import { latencies, round } from '../harness.js';

/** What one run of autocannon measured, from every response. */
export interface CannonRun {
  readonly seconds: number;
  readonly responses: number;
  /** Non-2xx answers plus connection errors and timeouts. */
  readonly errors: number;
  /** Answers by status code, e.g. { 200: 41000 }; connection errors under `socket`. */
  readonly statuses: Readonly<Record<string, number>>;
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
}

export interface CannonOptions {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly requests: autocannon.Request[];
  /** Called with each response's status and time (ms), after the request's own onResponse. */
  readonly onTimed?: (status: number, ms: number) => void;
}

export async function fire(options: CannonOptions): Promise<CannonRun> {
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url: options.url, connections: options.connections, duration: options.seconds, headers: { ...options.headers }, requests: options.requests },
      (error: unknown, done: autocannon.Result) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(done)),
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      times.push(ms);
      options.onTimed?.(status, ms);
    });
  });
  const statuses: Record<string, number> = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count ?? 0]));
  if (result.errors > 0) statuses.socket = result.errors;
  const { p50, p99 } = latencies(times);
  return {
    seconds: result.duration,
    responses: times.length,
    errors: result.non2xx + result.errors,
    statuses,
    requestsPerSecond: round(times.length / result.duration),
    p50,
    p99,
  };
}

/** `{ 200: 41000 }` as "200 ×41,000", for the notes. */
export function statusText(statuses: Readonly<Record<string, number>>): string {
  return Object.entries(statuses)
    .map(([code, count]) => `${code} ×${count.toLocaleString('en')}`)
    .join(', ');
}
