import Database from 'better-sqlite3';
import { availableParallelism } from 'node:os';
import { MessageChannel, type Worker } from 'node:worker_threads';
import { EventStoreUnavailableError } from '../event-store/event-store.errors.js';
import { createStoredTextCheck, createStreamHeads, type StoredRow } from '../event-store/verify.js';
import { startSqliteThread } from '../shared/sqlite-thread.js';
import { MerkleFrontier } from './merkle.js';

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

/**
 * What a thread posts: each page's Merkle leaf hashes (32 bytes a row, in order); `range` when
 * the first of two threads has read its range; then its count, or `exact`.
 */
type Message = ArrayBuffer | 'range' | { readonly events: number; readonly streams: number } | 'exact';

/**
 * Where the second of two threads took up each stream it saw: the revision and prevHash of the
 * stream's first event in its range, which must follow the first thread's head of that stream
 * (or start the stream, when the first thread never saw it).
 */
export interface StreamEntries {
  readonly ids: string[];
  readonly revisions: number[];
  readonly prevHashes: string[];
}

/**
 * The check a thread runs, page by page: ChainVerifier's stored-text path (each row's position,
 * revision and prevHash following its stream's head, the digest of its stored texts its stored
 * hash), the heads kept compact. It only ever says yes: `page` gives the page's Merkle leaf
 * hashes (RFC 9162: sha256(0x00 || event hash), `sha256` hashing the 33 bytes), 32 bytes a row,
 * or undefined at the first row that does not pass.
 *
 * `open`: the check starts in the middle of the log (the second of two threads). A stream's
 * first event there may then follow a head the other thread holds: it is not checked against a
 * head but kept in `entries()`, and `join(entries)`, run by the thread that read the range
 * before, passes when each entry follows that thread's head of its stream (revision + 1 and
 * prevHash its hash) or, at revision 0 with the genesis prevHash, names a stream it never saw.
 * A stream whose chain crosses the split is thus checked exactly as one thread checks it.
 * Self-contained on purpose (what it needs comes as arguments): the thread runs it from its
 * source text, under Jest, from dist/ and in the image alike.
 */
export function createLogCheck(
  stored: ReturnType<typeof createStoredTextCheck>,
  heads: ReturnType<typeof createStreamHeads>,
  sha256: (bytes: Buffer) => Buffer,
  open = false,
): {
  page(rows: readonly StoredRow[]): Buffer | undefined;
  entries(): StreamEntries;
  join(entries: StreamEntries): number | undefined;
  result(): { events: number; streams: number };
} {
  const GENESIS = '0'.repeat(64);
  const leaf = Buffer.alloc(33);
  const entries: StreamEntries = { ids: [], revisions: [], prevHashes: [] };
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
        if (slot < 0 && open) {
          entries.ids.push(row.stream_id);
          entries.revisions.push(revision);
          entries.prevHashes.push(tail.prevHash);
        } else if (slot < 0 ? revision !== 0 || tail.prevHash !== GENESIS : revision !== heads.revision(slot) + 1 || tail.prevHash !== heads.hash(slot)) return undefined;
        if (stored.rowHash(row, tail) !== tail.hash) return undefined;
        heads.set(row.stream_id, revision, tail.hash);
        last = row.position;
        leaf.write(tail.hash, 1, 32, 'hex');
        at += sha256(leaf).copy(hashes, at);
        count += 1;
      }
      return hashes;
    },
    entries: () => entries,
    join(later) {
      let started = 0;
      for (let n = 0; n < later.ids.length; n += 1) {
        const slot = heads.slot(later.ids[n] as string);
        const revision = later.revisions[n] as number;
        const prevHash = later.prevHashes[n] as string;
        if (slot < 0 ? revision !== 0 || prevHash !== GENESIS : revision !== heads.revision(slot) + 1 || prevHash !== heads.hash(slot)) return undefined;
        if (slot < 0) started += 1;
      }
      return started;
    },
    result: () => ({ events: count, streams: heads.size }),
  };
}

/** Rows a page: as the sliced path reads them. */
const PAGE = 1000;

/**
 * Lowers the priority of the calling thread (not the process) by 10 nice steps (up to 19), so that on a
 * machine whose cores the verification threads fill, the service's own thread (its event loop:
 * /health, commands, the frontier's fold) gets a core first when it has work: Linux schedules
 * threads, and setpriority with a thread id (read from /proc/thread-self) sets that thread's
 * nice value alone. Raising one's nice value needs no privilege. Elsewhere, or when it cannot,
 * nothing changes. Returns the thread's nice value after, or undefined. Self-contained: the
 * thread runs it from its text.
 */
export function lowerThreadPriority(readlink: (path: string) => string, os: { getPriority(id: number): number; setPriority(id: number, priority: number): void }): number | undefined {
  const NICENESS = 10;
  try {
    const thread = Number(readlink('/proc/thread-self').split('/').pop());
    if (!Number.isSafeInteger(thread) || thread <= 0) return undefined;
    os.setPriority(thread, Math.min(19, os.getPriority(thread) + NICENESS));
    return os.getPriority(thread);
  } catch {
    return undefined;
  }
}

/**
 * The thread's program, from source text (eval), as the SQLite writer's: Jest runs this project
 * from TypeScript sources, which a worker thread could not load as a file. It opens the event
 * file read-only with its own connection (WAL: it sees every commit made before each page is
 * read), reads its range of the log (positions after `after`, up to `upTo` when given) in pages
 * in global order (the store's own rows, `$`-streams left out as its reads do) and posts each
 * page's leaf hashes as it passes. Alone (`role` 'whole'), it then posts its count, or `exact`.
 * Split in two: the second ('second', open) hands the streams it took up (`entries`), its count,
 * or `exact` to the first over the port it is sent; the first ('first') posts `range` when its
 * range is read, joins the second's entries to its heads and posts the count of both, or `exact`.
 */
const THREAD_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { hash } = require('node:crypto');
(${lowerThreadPriority.toString()})(require('node:fs').readlinkSync, require('node:os'));
const createStoredTextCheck = ${createStoredTextCheck.toString()};
const createStreamHeads = ${createStreamHeads.toString()};
const createLogCheck = ${createLogCheck.toString()};
const { role, page } = workerData;
const db = new (require(workerData.sqlite))(workerData.file, { readonly: true, fileMustExist: true, timeout: workerData.busyTimeoutMs });
db.defaultSafeIntegers(true);
const bounded = workerData.upTo !== undefined;
const read = db.prepare("SELECT position, event_id, stream_id, revision, type, schema_version, data, metadata FROM events WHERE position > ?" + (bounded ? " AND position <= ?" : "") + " AND stream_id NOT LIKE '$%' ORDER BY position ASC LIMIT ?");
const check = createLogCheck(createStoredTextCheck((text) => hash('sha256', text, 'hex')), createStreamHeads(), (bytes) => hash('sha256', bytes, 'buffer'), role === 'second');
let exact = false;
for (let after = BigInt(workerData.after); ; ) {
  const rows = bounded ? read.all(after, BigInt(workerData.upTo), page) : read.all(after, page);
  const hashes = check.page(rows);
  if (hashes === undefined) { exact = true; break; }
  if (rows.length > 0) parentPort.postMessage(hashes.buffer, [hashes.buffer]);
  if (rows.length < page) break;
  after = rows[rows.length - 1].position;
}
db.close();
if (role === 'whole') {
  parentPort.postMessage(exact ? 'exact' : check.result());
} else if (role === 'second') {
  parentPort.once('message', (peer) => {
    peer.postMessage(exact ? 'exact' : { events: check.result().events, entries: check.entries() });
    peer.close();
  });
} else if (exact) {
  parentPort.postMessage('exact');
} else {
  parentPort.postMessage('range');
  parentPort.once('message', (peer) => {
    peer.once('message', (second) => {
      const started = second === 'exact' ? undefined : check.join(second.entries);
      const mine = check.result();
      parentPort.postMessage(started === undefined ? 'exact' : { events: mine.events + second.events, streams: mine.streams + started });
      peer.close();
    });
  });
}
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

/** Below this many positions one thread reads the whole log: two would not pay for their start. */
const SPLIT_FROM = 20_000;

/**
 * Where to split the log between two threads: the middle of its positions, when the machine has
 * a second core and the log is long enough; undefined for one thread. Read with a connection of
 * its own (the largest rowid: a look at the end of the table); a file that cannot be opened is
 * left to the thread, whose failure is the 503.
 */
export function splitPosition(file: string, busyTimeoutMs: number): bigint | undefined {
  if (availableParallelism() < 2) return undefined;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
    const last = db.prepare('SELECT max(position) FROM events').pluck().get() as number | null;
    return last !== null && last >= SPLIT_FROM ? BigInt(Math.floor(last / 2)) : undefined;
  } catch {
    return undefined;
  } finally {
    db?.close();
  }
}

/**
 * Verifies the SQLite log in `file` with the other core: threads of their own read the log and
 * check every chain (the bulk of the work: the read, the text checks, a sha256 per event and
 * the leaf's), and this thread folds the leaf hashes they hand over, a page at a time, into the
 * Merkle frontier (on average one node hash per event: a few ms a page, so /health and commands
 * are answered between pages), taking the root at each of `sizes`. On a long log two threads
 * share it, split at the middle of its positions (`splitAfter` sets the split, 'never' keeps one
 * thread): the first checks the positions up to the split, the second those after, each with
 * heads of its own, and the first then joins the second's streams to its heads (createLogCheck);
 * the second's leaves wait here (32 bytes an event) until the first's range is folded. The
 * stream heads never sit on this heap for its collector to trace. Rejects with
 * EventStoreUnavailableError (a 503) when a thread cannot open the file or stops without a
 * result; each call starts its own threads, so the next call starts afresh.
 */
export function verifyLogInThread(file: string, sizes: Iterable<number>, options: { busyTimeoutMs?: number; splitAfter?: bigint | 'never' } = {}): Promise<ThreadOutcome> {
  const asked = new Set(sizes);
  const tree = new MerkleFrontier();
  const roots = new Map<number, string>();
  const takeRoot = () => {
    if (asked.has(tree.size)) roots.set(tree.size, tree.root().toString('base64'));
  };
  const fold = (message: ArrayBuffer) => {
    const leaves = Buffer.from(message);
    for (let at = 0; at < leaves.length; at += 32) {
      tree.append(leaves.subarray(at, at + 32));
      takeRoot();
    }
  };
  takeRoot();
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const split = options.splitAfter === 'never' ? undefined : (options.splitAfter ?? splitPosition(file, busyTimeoutMs));
  const data = { file, page: PAGE, busyTimeoutMs };
  return new Promise<ThreadOutcome>((resolve, reject) => {
    let outcome: Exclude<Message, ArrayBuffer | 'range'> | undefined;
    let failure: Error | undefined;
    let exited = 0;
    const exitCodes: number[] = [];
    /**
     * Each thread's pages not folded yet, folded a page per turn of the event loop (so that a
     * second thread's pages, which wait until the first's range is folded, are never folded in
     * one go): the first thread's before the second's once the first has read its range.
     */
    const pages: [ArrayBuffer[], ArrayBuffer[]] = [[], []];
    let firstRead = split === undefined;
    let folding = false;
    const workers =
      split === undefined
        ? [startSqliteThread(THREAD_SOURCE, { ...data, role: 'whole', after: '-1' })]
        : [startSqliteThread(THREAD_SOURCE, { ...data, role: 'first', after: '-1', upTo: String(split) }), startSqliteThread(THREAD_SOURCE, { ...data, role: 'second', after: String(split) })];
    if (split !== undefined) {
      const { port1, port2 } = new MessageChannel();
      workers[0]?.postMessage(port1, [port1]);
      workers[1]?.postMessage(port2, [port2]);
    }
    const settle = () => {
      if (exited < workers.length || folding) return;
      for (const worker of workers) running.delete(worker);
      if (outcome === 'exact') return resolve('exact');
      const folded = pages[0].length === 0 && pages[1].length === 0 && firstRead;
      if (outcome !== undefined && exitCodes.every((code) => code === 0) && folded && outcome.events === tree.size) {
        roots.set(tree.size, tree.root().toString('base64'));
        return resolve({ events: outcome.events, streams: outcome.streams, roots });
      }
      const reason = failure ? failure.message : outcome === undefined ? `it exited with code ${exitCodes.find((code) => code !== 0) ?? 0}` : `it checked ${outcome.events} events and handed over ${tree.size}`;
      reject(new EventStoreUnavailableError(`the verification thread stopped before it finished (${reason}); retry`, failure ? { cause: failure } : undefined));
    };
    const foldNext = () => {
      const next = pages[0].length > 0 ? pages[0].shift() : firstRead && outcome !== 'exact' ? pages[1].shift() : undefined;
      if (next === undefined) {
        folding = false;
        return settle();
      }
      fold(next);
      setImmediate(foldNext);
    };
    const startFolding = () => {
      if (folding) return;
      folding = true;
      setImmediate(foldNext);
    };
    workers.forEach((worker, index) => {
      running.add(worker);
      worker.on('message', (message: Message) => {
        if (message instanceof ArrayBuffer) {
          (pages[index] as ArrayBuffer[]).push(message);
          startFolding();
        } else if (message === 'range') {
          firstRead = true;
          startFolding();
        } else {
          outcome = message;
          // A break found by the first thread: the second's work is not needed.
          if (message === 'exact') for (const other of workers) if (other !== worker) void other.terminate();
        }
      });
      worker.on('error', (error) => {
        failure ??= error;
      });
      worker.on('exit', (code) => {
        exitCodes.push(outcome === 'exact' ? 0 : code);
        exited += 1;
        settle();
      });
    });
  });
}
