/**
 * Floor of the writer thread's hop: a bare worker_threads postMessage round trip (a small
 * message there, an answer back, the next sent on the answer), with nothing done on the thread.
 * The event store's writer thread makes one such round trip per commit.
 */
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

export interface RoundTrips {
  readonly trips: number;
  readonly seconds: number;
  /** Microseconds per round trip: the median and the 99th percentile of the timed ones, and the mean. */
  readonly p50Us: number;
  readonly p99Us: number;
  readonly meanUs: number;
}

/** `trips` round trips after `warmUp` untimed ones, each carrying a message of the shape of an append's (a position and a ~100-byte string). */
export async function roundTrips(trips: number, warmUp = 2_000): Promise<RoundTrips> {
  const worker = new Worker(new URL(import.meta.url), { workerData: { echo: true } });
  const times = new Float64Array(trips);
  try {
    const message = { id: 0, streamId: 'breach-00000000-0000-5000-8000-000000000000', text: 'x'.repeat(64) };
    let sentAt = 0;
    let n = 0;
    const started = await new Promise<number>((resolve, reject) => {
      let startedAt = 0;
      worker.on('error', reject);
      worker.on('message', () => {
        const now = performance.now();
        if (n === warmUp) startedAt = now;
        if (n > warmUp) times[n - warmUp - 1] = now - sentAt;
        if (n === warmUp + trips) return resolve(startedAt);
        n += 1;
        sentAt = performance.now();
        worker.postMessage({ ...message, id: n });
      });
      sentAt = performance.now();
      worker.postMessage(message);
    });
    const seconds = (performance.now() - started) / 1000;
    const sorted = Array.from(times).sort((a, b) => a - b);
    const at = (q: number) => (sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN) * 1000;
    return { trips, seconds, p50Us: at(0.5), p99Us: at(0.99), meanUs: (seconds * 1e6) / trips };
  } finally {
    await worker.terminate();
  }
}

if (!isMainThread && parentPort !== null && (workerData as { echo?: boolean } | undefined)?.echo === true) {
  const port = parentPort;
  port.on('message', (message: { id: number }) => port.postMessage(message.id));
}
