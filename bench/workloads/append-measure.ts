/**
 * What every scenario of the append workload measures, and the row it becomes. Latency
 * samples live in one Float64Array (8 bytes each), never in an array of a million numbers
 * boxed as objects, so the workload's memory does not grow with its figures.
 */
import { round, type Row } from '../harness.js';

export class Samples {
  private readonly values: Float64Array;
  private count = 0;

  constructor(capacity: number) {
    this.values = new Float64Array(capacity);
  }

  reset(): void {
    this.count = 0;
  }

  add(ms: number): void {
    this.values[this.count] = ms;
    this.count += 1;
  }

  /** Nearest-rank p50 and p99 in ms, as harness.percentile computes them. */
  percentiles(): { readonly p50: number; readonly p99: number } {
    const sorted = this.values.subarray(0, this.count).sort();
    const at = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
    return { p50: round(at(0.5), 2), p99: round(at(0.99), 2) };
  }
}

export interface Measurement {
  readonly events: number;
  /** Wall-clock seconds for the port; the summed time of the timed work for the limits. */
  readonly seconds: number;
  readonly latency?: { readonly p50: number; readonly p99: number };
  /** Transactions committed (each one fsync of the WAL under synchronous=FULL). */
  readonly commits?: number;
}

export const COLUMNS = [
  { key: 'events', label: 'events' },
  { key: 'seconds', label: 'seconds' },
  { key: 'eventsPerSecond', label: 'events/s' },
  { key: 'p50', label: 'p50 ms' },
  { key: 'p99', label: 'p99 ms' },
  { key: 'commits', label: 'commits' },
  { key: 'eventsPerCommit', label: 'events/commit' },
] as const;

export function eventsPerSecond(measurement: Measurement): number {
  return Math.round(measurement.events / measurement.seconds);
}

export function row(scenario: string, measurement: Measurement): Row {
  const { events, seconds, latency, commits } = measurement;
  return {
    scenario,
    figures: {
      events,
      seconds: round(seconds, 2),
      eventsPerSecond: eventsPerSecond(measurement),
      p50: latency?.p50 ?? null,
      p99: latency?.p99 ?? null,
      commits: commits ?? null,
      eventsPerCommit: commits === undefined ? null : round(events / commits, 1),
    },
  };
}
