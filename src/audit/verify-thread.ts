import type { Worker } from 'node:worker_threads';
import { EventStoreUnavailableError } from '../event-store/event-store.errors.js';
import { createStoredTextCheck, createStreamHeads, type StoredRow } from '../event-store/verify.js';
import { startSqliteThread } from '../shared/sqlite-thread.js';
import { MerkleFrontier, leafHashOfBytes } from './merkle.js';

/** What the thread found over the whole log, every row passing from its stored text. */
export interface ThreadVerification {
  readonly events: number;
  readonly streams: number;
  /** The Merkle root (base64) at each asked size the log reached, and at its size. */
  readonly roots: ReadonlyMap<number, string>;
}

/**
 * The result, or `exact`: a row did not pass from its stored text (written before the store
 * kept canonical text, altered, out of order, a gap), and the caller must check the log the
 * exact way, which decides and words every break.
 */
export type ThreadOutcome = ThreadVerification | 'exact';

/** What the thread posts: each page's stored hashes (32 bytes a row, in order), then its count or `exact`. */
type Message = ArrayBuffer | { readonly events: number; readonly streams: number } | 'exact';

/**
 * The check the thread runs, page by page: ChainVerifier's stored-text path (each row's
 * position, revision and prevHash following its stream's head, the digest of its stored texts
 * its stored hash), the heads kept compact. It only ever says yes: `page` gives the page's
 * stored hashes, 32 bytes a row, or undefined at the first row that does not pass.
 * Self-contained on purpose (what it needs comes as arguments): the thread runs it from its
 * source text, under Jest, from dist/ and in the image alike.
 */
export function createLogCheck(
  stored: ReturnType<typeof createStoredTextCheck>,
  heads: ReturnType<typeof createStreamHeads>,
): { page(rows: readonly StoredRow[]): Buffer | undefined; result(): { events: number; streams: number } } {
  const GENESIS = '0'.repeat(64);
  let count = 0;
  let last = -1n;
  return {
    page(rows) {
      // Its own memory (not the pool's), so that it can be handed over to the other thread.
      const hashes = Buffer.allocUnsafeSlow(32 * rows.length);
      let at = 0;
      for (const row of rows) {
        if (row.position <= last) return undefined;
        const tail = stored.tail(row.metadata);
        if (tail === undefined) return undefined;
        const revision = Number(row.revision);
        const slot = heads.slot(row.stream_id);
        if (slot < 0 ? revision !== 0 || tail.prevHash !== GENESIS : revision !== heads.revision(slot) + 1 || tail.prevHash !== heads.hash(slot)) return undefined;
        if (stored.rowHash(row, tail) !== tail.hash) return undefined;
        heads.set(row.stream_id, revision, tail.hash);
        last = row.position;
        at += hashes.write(tail.hash, at, 32, 'hex');
        count += 1;
      }
      return hashes;
    },
    result: () => ({ events: count, streams: heads.size }),
  };
}

/** Rows a page: as the sliced path reads them. */
const PAGE = 1000;

/**
 * The thread's program, from source text (eval), as the SQLite writer's: Jest runs this project
 * from TypeScript sources, which a worker thread could not load as a file. It opens the event
 * file read-only with its own connection (WAL: it sees every commit made before each page is
 * read), reads the log in pages in global order (the store's own rows, `$`-streams left out as
 * its reads do), posts each page's hashes as it passes, and at the end its count, or `exact`.
 */
const THREAD_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { hash } = require('node:crypto');
const createStoredTextCheck = ${createStoredTextCheck.toString()};
const createStreamHeads = ${createStreamHeads.toString()};
const createLogCheck = ${createLogCheck.toString()};
const db = new (require(workerData.sqlite))(workerData.file, { readonly: true, fileMustExist: true, timeout: workerData.busyTimeoutMs });
db.defaultSafeIntegers(true);
const read = db.prepare("SELECT position, event_id, stream_id, revision, type, schema_version, data, metadata FROM events WHERE position > ? AND stream_id NOT LIKE '$%' ORDER BY position ASC LIMIT ?");
const check = createLogCheck(createStoredTextCheck((text) => hash('sha256', text, 'hex')), createStreamHeads());
let exact = false;
for (let after = -1n; ; ) {
  const rows = read.all(after, workerData.page);
  const hashes = check.page(rows);
  if (hashes === undefined) { exact = true; break; }
  if (rows.length > 0) parentPort.postMessage(hashes.buffer, [hashes.buffer]);
  if (rows.length < workerData.page) break;
  after = rows[rows.length - 1].position;
}
db.close();
parentPort.postMessage(exact ? 'exact' : check.result());
`;

/** The verification threads at work: stopped when the service stops (stopVerificationThreads). */
const running = new Set<Worker>();

/**
 * Stops every verification thread at work, so that a stopping service does not wait for a
 * whole-log read to end before it exits; their callers get the 503 of a thread that stopped
 * without a result.
 */
export async function stopVerificationThreads(): Promise<void> {
  await Promise.all([...running].map((worker) => worker.terminate()));
}

/** The file a verification thread can read the store's log from (the SQLite store on disk); undefined otherwise. */
export function threadReadableFile(store: object): { file: string; busyTimeoutMs: number } | undefined {
  const candidate = store as { fileForReaders?: () => { file: string; busyTimeoutMs: number } | undefined };
  return typeof candidate.fileForReaders === 'function' ? candidate.fileForReaders() : undefined;
}

/**
 * Verifies the SQLite log in `file` with the second core: a thread of its own reads the log
 * and checks every chain (the bulk of the work: the read, the text checks, a sha256 per
 * event), and this thread folds the hashes it hands over, a page at a time, into the Merkle
 * frontier (a leaf hash and on average one node hash per event: a few ms a page, so /health
 * and commands are answered between pages), taking the root at each of `sizes`. The stream
 * heads never sit on this heap for its collector to trace. Rejects with
 * EventStoreUnavailableError (a 503) when the thread cannot open the file or stops without a
 * result; each call starts its own thread, so the next call starts afresh.
 */
export function verifyLogInThread(file: string, sizes: Iterable<number>, options: { busyTimeoutMs?: number } = {}): Promise<ThreadOutcome> {
  const asked = new Set(sizes);
  const tree = new MerkleFrontier();
  const roots = new Map<number, string>();
  const takeRoot = () => {
    if (asked.has(tree.size)) roots.set(tree.size, tree.root().toString('base64'));
  };
  takeRoot();
  return new Promise<ThreadOutcome>((resolve, reject) => {
    let outcome: Exclude<Message, ArrayBuffer> | undefined;
    let failure: Error | undefined;
    const worker = startSqliteThread(THREAD_SOURCE, { file, page: PAGE, busyTimeoutMs: options.busyTimeoutMs ?? 5000 });
    running.add(worker);
    worker.on('message', (message: Message) => {
      if (!(message instanceof ArrayBuffer)) {
        outcome = message;
        return;
      }
      const hashes = new Uint8Array(message);
      for (let at = 0; at < hashes.length; at += 32) {
        tree.append(leafHashOfBytes(hashes.subarray(at, at + 32)));
        takeRoot();
      }
    });
    worker.on('error', (error) => {
      failure = error;
    });
    worker.on('exit', (code) => {
      running.delete(worker);
      if (outcome === 'exact') return resolve('exact');
      if (outcome !== undefined && code === 0 && outcome.events === tree.size) {
        roots.set(tree.size, tree.root().toString('base64'));
        return resolve({ events: outcome.events, streams: outcome.streams, roots });
      }
      const reason = failure ? failure.message : outcome === undefined ? `it exited with code ${code}` : `it checked ${outcome.events} events and handed over ${tree.size}`;
      reject(new EventStoreUnavailableError(`the verification thread stopped before it finished (${reason}); retry`, failure ? { cause: failure } : undefined));
    });
  });
}
