import { createStoredTextCheck } from '../event-store/verify.js';
import { WRITER_THREAD_LIMITS, startSqliteThread } from '../shared/sqlite-thread.js';
import { lowerThreadPriority, trackThread } from './verify-thread.js';
import { SHA256_POOLED_SOURCE } from './thread-hash.js';

/**
 * The Merkle tree's next levels (RFC 9162 §2.1.1, as MerkleTree.append computes them) from a
 * tree of `size` leaves whose unpaired hashes are `edge` (MerkleTree.edge()): `append` takes a
 * leaf hash and hashes every subtree it completes; `take` gives the hashes appended since the
 * last take, per level, lowest first, back to back in buffers of their own (transferable, never
 * a slice of Node's shared pool), for MerkleTree.appendLevels. Self-contained: the thread runs it
 * from its text.
 */
export function createLevelFold(sha256: (bytes: Buffer) => Buffer, size: number, edge: readonly (Uint8Array | undefined)[]): { append(leaf: Buffer): void; take(): Buffer[] } {
  const HASH = 32;
  // Per level: how many hashes it holds, and its last while that count is odd.
  const counts: number[] = [];
  for (let width = 1; width <= size; width *= 2) counts.push(Math.floor(size / width));
  const unpaired: (Buffer | undefined)[] = edge.map((hash) => (hash === undefined ? undefined : Buffer.from(hash)));
  const node = Buffer.alloc(1 + 2 * HASH);
  node[0] = 0x01;
  let added: Buffer[][] = [];
  return {
    append(leaf) {
      let hash: Buffer = leaf;
      for (let h = 0; ; h++) {
        (added[h] ??= []).push(hash);
        const count = (counts[h] ?? 0) + 1;
        counts[h] = count;
        if (count % 2 === 1) {
          unpaired[h] = hash;
          return;
        }
        (unpaired[h] as Buffer).copy(node, 1);
        hash.copy(node, 1 + HASH);
        hash = sha256(node);
        unpaired[h] = undefined;
      }
    },
    take() {
      const levels = added.map((hashes) => {
        const level = Buffer.allocUnsafeSlow(hashes.length * HASH);
        hashes.forEach((hash, n) => hash.copy(level, n * HASH));
        return level;
      });
      added = [];
      return levels;
    },
  };
}

/** Rows a page. */
const PAGE = 1000;

/**
 * The thread's program (source text, as the verification threads'): it opens the event file
 * read-only with its own connection, reads the log after `after` in pages in global order (the
 * store's own rows, `$`-streams left out as its reads do; only each row's position and metadata
 * text), takes each event's stored hash off the end of its metadata text, and posts per page the
 * positions and the tree's new levels (createLevelFold). At the first row whose metadata is not
 * in the stored form (a row from before the store kept canonical text) it stops, posting
 * `stopped`: the caller reads the rest the way that decodes such rows. Otherwise it posts `end`.
 */
const THREAD_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { hash } = require('node:crypto');
(${lowerThreadPriority.toString()})(require('node:fs').readlinkSync, require('node:os'));
const createStoredTextCheck = ${createStoredTextCheck.toString()};
const createLevelFold = ${createLevelFold.toString()};
${SHA256_POOLED_SOURCE}
const stored = createStoredTextCheck((text) => hash('sha256', text, 'hex'));
const fold = createLevelFold(sha256, workerData.size, workerData.edge);
const db = new (require(workerData.sqlite))(workerData.file, { readonly: true, fileMustExist: true, timeout: workerData.busyTimeoutMs });
db.defaultSafeIntegers(true);
const read = db.prepare("SELECT position, metadata FROM events WHERE position > ? AND stream_id NOT LIKE '$%' ORDER BY position ASC LIMIT ?").raw(true);
const leaf = Buffer.alloc(33);
let end = 'end';
for (let after = BigInt(workerData.after); ; ) {
  const rows = read.all(after, workerData.page);
  const positions = new BigUint64Array(rows.length);
  let taken = 0;
  for (const [position, metadata] of rows) {
    const tail = stored.tail(metadata);
    if (tail === undefined) { end = 'stopped'; break; }
    leaf.write(tail.hash, 1, 32, 'hex');
    fold.append(sha256(leaf));
    positions[taken] = position;
    taken += 1;
  }
  if (taken > 0) {
    const levels = fold.take();
    const kept = taken === rows.length ? positions : positions.slice(0, taken);
    parentPort.postMessage({ positions: kept, levels }, [kept.buffer, ...levels.map((level) => level.buffer)]);
  }
  if (end === 'stopped' || rows.length < workerData.page) break;
  after = rows[rows.length - 1][0];
}
db.close();
parentPort.postMessage(end);
`;

/** A page of the tree: the leaves' positions in the log, and the levels they add (MerkleTree.appendLevels). */
export interface TreePage {
  readonly positions: BigUint64Array;
  readonly levels: readonly Buffer[];
}

/**
 * Reads the log after `after` from the SQLite file on a thread of its own and computes there what
 * the Merkle tree of `size` leaves with unpaired hashes `edge` (MerkleTree.edge()) gains: each
 * event's leaf hash and every subtree hash it completes, so that this thread only copies them in
 * (`page`, one page of 1,000 events per turn of its event loop, in log order) and neither reads
 * a row nor hashes. Resolves `true` when the thread read to the end of the log, `false` when it
 * stopped at a row whose stored hash it could not read from the metadata text, or failed or was
 * stopped: then the caller goes on from the last page `page` took, its own way. A `page` that
 * throws stops the thread, and the promise rejects with its error.
 */
export function treePagesInThread(file: { file: string; busyTimeoutMs: number }, after: bigint, size: number, edge: readonly (Buffer | undefined)[], page: (page: TreePage) => void): Promise<boolean> {
  const worker = startSqliteThread(THREAD_SOURCE, { file: file.file, busyTimeoutMs: file.busyTimeoutMs, page: PAGE, after: String(after), size, edge }, WRITER_THREAD_LIMITS);
  trackThread(worker);
  return new Promise<boolean>((resolve, reject) => {
    // A port hands over every message it has in one turn: pages wait here and are taken one per
    // turn of the event loop, so that requests are answered between them.
    const waiting: TreePage[] = [];
    let taking = false;
    let end: string | undefined;
    let exited = false;
    let thrown: unknown;
    const settle = () => {
      if (!exited || taking) return;
      if (thrown !== undefined) reject(thrown);
      else resolve(end === 'end');
    };
    const takeNext = () => {
      const next = waiting.shift();
      if (next === undefined || thrown !== undefined) {
        taking = false;
        return settle();
      }
      try {
        page(next);
      } catch (error) {
        thrown = error;
        void worker.terminate();
      }
      setImmediate(takeNext);
    };
    worker.on('message', (message: TreePage | string) => {
      if (typeof message === 'string') {
        end = message;
        return;
      }
      waiting.push({ positions: message.positions, levels: message.levels.map((level) => Buffer.from(level.buffer, level.byteOffset, level.byteLength)) });
      if (!taking) {
        taking = true;
        setImmediate(takeNext);
      }
    });
    // An error ends the thread: its exit settles the promise (false: the caller goes on its own way).
    worker.on('error', () => undefined);
    worker.on('exit', () => {
      exited = true;
      settle();
    });
  });
}
