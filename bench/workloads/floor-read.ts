/**
 * Floors of the read side, on the rows of a log built by the service's own store: better-sqlite3
 * alone reading them in position order (pages of 1,000), with sha256 over each row's stored text
 * on one thread and on two (each thread its own read-only connection and half of the positions),
 * and with JSON.parse of each row's data and metadata (what a rebuild cannot do without). Run as
 * a worker of itself for the two-thread rows.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

export const PAGE_SIZE = 1000;

export type ReadStep = 'sha256' | 'json';

interface Slice {
  readonly file: string;
  readonly from: number;
  readonly to: number;
  readonly step: ReadStep;
}

/** Reads positions (from, to] of the log and applies `step` to each row; returns the rows read. */
export function readSlice({ file, from, to, step }: Slice): number {
  const db = new Database(file, { readonly: true });
  try {
    const page = db.prepare('SELECT position, stream_id, type, data, metadata FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?').raw();
    let events = 0;
    let sink = 0;
    for (let after = from; after < to; ) {
      const rows = page.all(after, to, PAGE_SIZE) as [number, string, string, string, string][];
      for (const [, streamId, type, data, metadata] of rows) {
        if (step === 'sha256') sink += createHash('sha256').update(streamId).update(type).update(data).update(metadata).digest()[0]!;
        else sink += Object.keys(JSON.parse(data) as object).length + Object.keys(JSON.parse(metadata) as object).length;
      }
      events += rows.length;
      if (rows.length < PAGE_SIZE) break;
      after = rows.at(-1)![0];
    }
    if (sink < 0) throw new Error('unreachable: keeps the work from being optimised away');
    return events;
  } finally {
    db.close();
  }
}

export interface ReadFloor {
  readonly events: number;
  readonly seconds: number;
}

/**
 * The whole log (positions 1…size) read on `threads` threads (1: this one; more: workers, this
 * one waiting). The workers are started and loaded first: the time runs from the signal to go
 * until the last is done, so it is the reading, not the threads' start.
 */
export async function readFloor(file: string, size: number, step: ReadStep, threads: number): Promise<ReadFloor> {
  if (threads === 1) {
    const started = performance.now();
    const events = readSlice({ file, from: 0, to: size, step });
    return { events, seconds: (performance.now() - started) / 1000 };
  }
  const share = Math.ceil(size / threads);
  const workers = Array.from({ length: threads }, (_, t) => new Worker(new URL(import.meta.url), { workerData: { file, from: t * share, to: Math.min(size, (t + 1) * share), step } satisfies Slice }));
  try {
    const next = (worker: Worker) =>
      new Promise<number>((resolve, reject) => {
        worker.once('message', (value: number) => resolve(value));
        worker.once('error', reject);
      });
    await Promise.all(workers.map(next)); // each says it is ready
    const started = performance.now();
    const done = workers.map(next);
    for (const worker of workers) worker.postMessage('go');
    const counts = await Promise.all(done);
    return { events: counts.reduce((a, b) => a + b, 0), seconds: (performance.now() - started) / 1000 };
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

if (!isMainThread && parentPort !== null && (workerData as Partial<Slice> | undefined)?.step !== undefined) {
  const port = parentPort;
  port.once('message', () => port.postMessage(readSlice(workerData as Slice)));
  port.postMessage(0);
}
