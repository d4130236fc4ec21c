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
export function rawInserts(source: string, target: string, batchOf: (index: number) => number, samples?: Samples): Measurement {
  const db = openEventStoreFile({ file: target, busyTimeoutMs: 5000 });
  samples?.reset();
  try {
    const insert = db.prepare(INSERT);
    const commit = db.transaction((rows: readonly unknown[][]) => rows.forEach((values) => insert.run(...values)));
    let busyMs = 0;
    let commits = 0;
    const write = (rows: readonly unknown[][]): void => {
      const started = performance.now();
      commit.immediate(rows);
      const ms = performance.now() - started;
      busyMs += ms;
      commits += 1;
      samples?.add(ms);
    };
    let events = 0;
    let batch: unknown[][] = [];
    let current = batchOf(0);
    for (const values of storedRows(source)) {
      if (batchOf(events) !== current) {
        write(batch);
        batch = [];
        current = batchOf(events);
      }
      batch.push(values);
      events += 1;
    }
    if (batch.length > 0) write(batch);
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
