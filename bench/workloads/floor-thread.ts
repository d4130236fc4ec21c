/**
 * Floor of the writer thread's hop: a bare round trip to a worker thread and back (a small
 * message there, an answer back, the next sent on the answer), with nothing done on the thread.
 * The event store's writer thread makes one such round trip per commit.
 *
 * Two channels: `message` (worker_threads postMessage both ways, what the writer uses), and
 * `atomics` (the message written into a SharedArrayBuffer, the thread blocked in Atomics.wait
 * and woken by Atomics.notify, the answer awaited with Atomics.waitAsync): whether shared
 * memory hands a request over faster than a message does (src/event-store/README.md).
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

export type ThreadChannel = 'message' | 'atomics';

const MESSAGE = { streamId: 'breach-00000000-0000-5000-8000-000000000000', text: 'x'.repeat(64) };

/** Control words of the shared-memory channel: the request's sequence number, the answer's, the request's id, the answer's id, the request's length in bytes. */
const { REQUEST, ANSWER, REQUEST_ID, ANSWER_ID, LENGTH } = { REQUEST: 0, ANSWER: 1, REQUEST_ID: 2, ANSWER_ID: 3, LENGTH: 4 } as const;
/** The control words, then room for one message. */
const [CONTROL_BYTES, PAYLOAD_BYTES] = [32, 1024] as const;
/** Atomics.waitAsync (ES2024) is in Node 20 but not in this project's TypeScript library. */
type WaitAsync = (array: Int32Array, index: number, value: number) => { async: false; value: string } | { async: true; value: Promise<string> };

/** `trips` round trips after `warmUp` untimed ones, each carrying a message of the shape of an append's (a position and a ~100-byte string). */
export async function roundTrips(trips: number, warmUp = 2_000, channel: ThreadChannel = 'message'): Promise<RoundTrips> {
  const shared = new SharedArrayBuffer(CONTROL_BYTES + PAYLOAD_BYTES);
  const worker = new Worker(new URL(import.meta.url), { workerData: { echo: channel, shared } });
  const times = new Float64Array(trips);
  try {
    const trip = channel === 'message' ? messageTrip(worker) : atomicsTrip(shared);
    let started = 0;
    for (let n = 0; n < warmUp + trips; n += 1) {
      const sentAt = performance.now();
      if (n === warmUp) started = sentAt;
      await trip(n);
      if (n >= warmUp) times[n - warmUp] = performance.now() - sentAt;
    }
    const seconds = (performance.now() - started) / 1000;
    const sorted = Array.from(times).sort((a, b) => a - b);
    const at = (q: number) => (sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN) * 1000;
    return { trips, seconds, p50Us: at(0.5), p99Us: at(0.99), meanUs: (seconds * 1e6) / trips };
  } finally {
    if (channel === 'atomics') stopAtomics(shared);
    await worker.terminate();
  }
}

/** One round trip by postMessage: resolves on the worker's answer. */
function messageTrip(worker: Worker): (id: number) => Promise<void> {
  let waiting: { resolve: () => void; reject: (error: Error) => void } | undefined;
  worker.on('message', () => waiting?.resolve());
  worker.on('error', (error) => waiting?.reject(error));
  return (id) =>
    new Promise<void>((resolve, reject) => {
      waiting = { resolve, reject };
      worker.postMessage({ ...MESSAGE, id });
    });
}

/** One round trip through shared memory: the request written and notified, the answer awaited without blocking the event loop. */
function atomicsTrip(shared: SharedArrayBuffer): (id: number) => Promise<void> {
  const control = new Int32Array(shared, 0, CONTROL_BYTES / 4);
  const payload = new Uint8Array(shared, CONTROL_BYTES);
  const encoder = new TextEncoder();
  const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;
  return async (id) => {
    const { written } = encoder.encodeInto(JSON.stringify(MESSAGE), payload);
    Atomics.store(control, LENGTH, written);
    Atomics.store(control, REQUEST_ID, id);
    const sequence = Atomics.add(control, REQUEST, 1) + 1;
    Atomics.notify(control, REQUEST);
    // Looked at again after each wake-up: a waiter may be woken by a notify meant for an earlier answer.
    for (let answer = Atomics.load(control, ANSWER); answer !== sequence; answer = Atomics.load(control, ANSWER)) {
      const waiting = waitAsync(control, ANSWER, answer);
      if (waiting.async) await waiting.value;
    }
    if (Atomics.load(control, ANSWER_ID) !== id) throw new Error('the shared-memory echo answered another request');
  };
}

function stopAtomics(shared: SharedArrayBuffer): void {
  const control = new Int32Array(shared, 0, CONTROL_BYTES / 4);
  Atomics.store(control, REQUEST, -1);
  Atomics.notify(control, REQUEST);
}

if (!isMainThread && parentPort !== null) {
  const { echo, shared } = workerData as { echo?: ThreadChannel; shared: SharedArrayBuffer };
  const port = parentPort;
  if (echo === 'message') port.on('message', (message: { id: number }) => port.postMessage(message.id));
  if (echo === 'atomics') {
    // Blocks this thread between requests, as a writer waiting on shared memory would.
    const control = new Int32Array(shared, 0, CONTROL_BYTES / 4);
    const payload = new Uint8Array(shared, CONTROL_BYTES);
    const decoder = new TextDecoder();
    for (let seen = 0; ; ) {
      Atomics.wait(control, REQUEST, seen);
      const sequence = Atomics.load(control, REQUEST);
      if (sequence < 0) break;
      seen = sequence;
      const message = JSON.parse(decoder.decode(payload.slice(0, Atomics.load(control, LENGTH)))) as { streamId: string };
      if (message.streamId === '') break;
      Atomics.store(control, ANSWER_ID, Atomics.load(control, REQUEST_ID));
      Atomics.store(control, ANSWER, sequence);
      Atomics.notify(control, ANSWER);
    }
  }
}
