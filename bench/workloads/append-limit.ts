/**
 * The limit beside the service: what SQLite and sha256 alone cost for the very rows the
 * store wrote. Both read the rows from the store's own file, outside the timed part, so
 * only the inserts (or the hashing) are timed.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { canonicalJson } from '../../src/event-store/canonical-json.js';
import { openEventStoreFile } from '../../src/event-store/sqlite/sqlite-schema.js';
import { startSqliteThread } from '../../src/shared/sqlite-thread.js';
import { round } from '../harness.js';
import type { Measurement, Samples } from './append-measure.js';

/** The columns the store's insert statement writes, in its order (sqlite-event-store.ts). */
const STORED_COLUMNS = 'event_id, stream_id, revision, type, schema_version, data, metadata';
const INSERT = `INSERT INTO events (${STORED_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`;
const IN_ORDER = `SELECT ${STORED_COLUMNS} FROM events ORDER BY position`;
const CHUNK = 1000;

/** The source file's rows in position order, as arrays of the stored column values. */
function* storedRows(file: string): Generator<unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    yield* db.prepare(IN_ORDER).raw().iterate() as IterableIterator<unknown[]>;
  } finally {
    db.close();
  }
}

/**
 * Inserts the source's rows into a fresh file opened exactly as the store opens its own
 * (same schema, triggers and unique indexes; WAL, synchronous=FULL), one transaction per
 * run of rows with the same `batchOf(index)`. Times the transactions only.
 */
/**
 * The source's rows in position order, in runs of rows with the same `batchOf(index)`: the
 * batches to commit; no batch starts after the first `limit` rows.
 */
function* storedBatches(source: string, batchOf: (index: number) => number, limit = Number.POSITIVE_INFINITY): Generator<unknown[][]> {
  let index = 0;
  let batch: unknown[][] = [];
  let current = batchOf(0);
  for (const values of storedRows(source)) {
    if (batchOf(index) !== current) {
      yield batch;
      if (index >= limit) return;
      batch = [];
      current = batchOf(index);
    }
    batch.push(values);
    index += 1;
  }
  if (batch.length > 0) yield batch;
}

export function rawInserts(source: string, target: string, batchOf: (index: number) => number, samples?: Samples): Measurement {
  const db = openEventStoreFile({ file: target, busyTimeoutMs: 5000 });
  samples?.reset();
  try {
    const insert = db.prepare(INSERT);
    const commit = db.transaction((rows: readonly unknown[][]) => rows.forEach((values) => insert.run(...values)));
    let busyMs = 0;
    let commits = 0;
    let events = 0;
    for (const rows of storedBatches(source, batchOf)) {
      const started = performance.now();
      commit.immediate(rows);
      const ms = performance.now() - started;
      busyMs += ms;
      commits += 1;
      events += rows.length;
      samples?.add(ms);
    }
    return { events, seconds: busyMs / 1000, commits, ...(samples ? { latency: samples.percentiles() } : {}) };
  } finally {
    db.close();
  }
}

interface ChainInput {
  readonly bytes: Buffer;
  readonly hash: string;
}

/** What the hash chain hashes for a stored row: prevHash, then the canonical envelope without hash. */
function chainInput([eventId, streamId, revision, type, schemaVersion, data, metadata]: unknown[]): ChainInput {
  const { hash, ...unsealed } = JSON.parse(metadata as string) as { hash: string; prevHash: string };
  const envelope = { eventId, streamId, revision, type, schemaVersion, data: JSON.parse(data as string) as unknown, metadata: unsealed };
  return { bytes: Buffer.from(unsealed.prevHash + canonicalJson(envelope), 'utf8'), hash };
}

/**
 * node:crypto sha256 over the bytes the chain hashed for each stored row, prepared in
 * chunks outside the timed part; each digest must equal the stored hash, which proves they
 * are the same bytes.
 */
export function sha256OverChain(source: string): Measurement & { readonly bytesPerEvent: number } {
  let busyMs = 0;
  let events = 0;
  let bytes = 0;
  let chunk: ChainInput[] = [];
  const hashChunk = (): void => {
    const started = performance.now();
    const digests = chunk.map((input) => createHash('sha256').update(input.bytes).digest('hex'));
    busyMs += performance.now() - started;
    chunk.forEach((input, i) => {
      if (digests[i] !== input.hash) throw new Error(`sha256 of row ${events + i + 1} differs from its stored hash: not the bytes the chain hashed`);
      bytes += input.bytes.length;
    });
    events += chunk.length;
    chunk = [];
  };
  for (const values of storedRows(source)) {
    chunk.push(chainInput(values));
    if (chunk.length === CHUNK) hashChunk();
  }
  if (chunk.length > 0) hashChunk();
  return { events, seconds: busyMs / 1000, bytesPerEvent: Math.round(bytes / events) };
}

/** Average bytes of data and metadata JSON per stored row. */
export function storedBytesPerEvent(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return Math.round((db.prepare('SELECT avg(length(CAST(data AS BLOB)) + length(CAST(metadata AS BLOB))) AS bytes FROM events').get() as { bytes: number }).bytes);
  } finally {
    db.close();
  }
}

/**
 * The worker thread's side of `rawInsertsInThread`: CommonJS program text (as the store's own
 * writer thread runs). Each message is one batch of rows, inserted in one BEGIN IMMEDIATE …
 * COMMIT with synchronous=FULL and answered with one message; 'ping' is answered at once.
 */
const RAW_THREAD_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(workerData.file, { timeout: 5000 });
db.pragma('synchronous = FULL');
db.defaultSafeIntegers(true);
const insert = db.prepare(${JSON.stringify(INSERT)});
const commit = db.transaction((rows) => { for (const values of rows) insert.run(...values); });
parentPort.on('message', (message) => {
  if (message === 'close') { db.close(); parentPort.close(); return; }
  if (message !== 'ping') commit.immediate(message);
  parentPort.postMessage(0);
});
`;

/**
 * The floor of any design that keeps the commit off the event loop: the same raw inserts as
 * `rawInserts`, made by a worker thread that owns the connection, each batch sent to it and
 * answered by one `postMessage` (the main thread does nothing else). Timed per batch from the
 * post to the answer, summed; `pings` bare round trips (no SQLite) are timed after, for the
 * channel alone. At most the batches of the first `limit` rows (the floor is a rate; a
 * million more one-row commits would add minutes to the full run for no other figure).
 */
export async function rawInsertsInThread(
  source: string,
  target: string,
  batchOf: (index: number) => number,
  samples?: Samples,
  pings = 2000,
  limit = 200_000,
): Promise<Measurement & { readonly pingMicros: number }> {
  openEventStoreFile({ file: target, busyTimeoutMs: 5000 }).close();
  const worker = startSqliteThread(RAW_THREAD_SOURCE, { file: target });
  let waiting: { resolve: () => void; reject: (error: Error) => void } | undefined;
  worker.on('message', () => waiting?.resolve());
  worker.on('error', (error) => waiting?.reject(error));
  const answered = (): Promise<void> => new Promise((resolve, reject) => {
    waiting = { resolve, reject };
  });
  samples?.reset();
  try {
    let busyMs = 0;
    let commits = 0;
    const roundTrip = async (message: unknown): Promise<number> => {
      const reply = answered();
      const started = performance.now();
      worker.postMessage(message);
      await reply;
      return performance.now() - started;
    };
    let events = 0;
    for (const rows of storedBatches(source, batchOf, limit)) {
      const ms = await roundTrip(rows);
      busyMs += ms;
      commits += 1;
      events += rows.length;
      samples?.add(ms);
    }
    const latency = samples?.percentiles();
    let pingMs = 0;
    for (let n = 0; n < pings; n += 1) pingMs += await roundTrip('ping');
    return { events, seconds: busyMs / 1000, commits, ...(latency ? { latency } : {}), pingMicros: round((pingMs * 1000) / pings, 1) };
  } finally {
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.postMessage('close');
    await exited;
  }
}
