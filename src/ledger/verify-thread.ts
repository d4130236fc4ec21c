import Database from 'better-sqlite3';
import { availableParallelism } from 'node:os';
import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import { EventStoreUnavailableError } from '../event-store/event-store.errors.js';
import { createStoredTextCheck, createStreamHeads, type StoredRow } from '../event-store/verify.js';
import { startSqliteThread } from '../shared/sqlite-thread.js';
import { SHA256_INTO_SOURCE, type Sha256Into } from './thread-hash.js';

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
 * What a checking thread posts to the service's thread, once: its count (with the second's, when
 * split), or `exact`. The folding thread posts the size it folded and the roots it took (size,
 * base64). Nothing per page or per event comes here.
 */
type Checked = { readonly events: number; readonly streams: number } | 'exact';
type Folded = { readonly size: number; readonly roots: readonly (readonly [number, string])[] };

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
 * hashes (RFC 9162: sha256(0x00 || event hash), `sha256Into` hashing the 33 bytes into the
 * page's buffer), 32 bytes a row, or undefined at the first row that does not pass.
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
  sha256Into: Sha256Into,
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
        sha256Into(leaf, hashes, at);
        at += 32;
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

/**
 * The Merkle frontier (RFC 9162 §2.1.1, as MerkleFrontier keeps it) folded from leaf hashes
 * read 32 bytes at `at` in a page's buffer, with nothing allocated per leaf but each node
 * hash's result: the complete subtrees (one per 1-bit of the size, largest first) lie back to
 * back in one buffer, so the two a leaf closes are already the node's input, side by side.
 * Self-contained: the thread runs it from its text.
 */
export function createLeafFold(sha256Into: Sha256Into): { readonly size: number; append(leaves: Buffer, at: number): void; root(): Buffer } {
  // 53 subtrees cover every size below 2^53.
  const subtrees = Buffer.alloc(53 * 32);
  const node = Buffer.alloc(65);
  node[0] = 0x01;
  let held = 0;
  let size = 0;
  return {
    get size() {
      return size;
    },
    append(leaves, at) {
      leaves.copy(subtrees, held * 32, at, at + 32);
      held += 1;
      // The leaf closes one subtree per trailing 1-bit of the size before it: the last two
      // held are hashed into their parent (0x01 || left || right), which takes their place.
      for (let bits = size; bits % 2 === 1; bits = Math.floor(bits / 2)) {
        held -= 1;
        subtrees.copy(node, 1, (held - 1) * 32, (held + 1) * 32);
        sha256Into(node, subtrees, (held - 1) * 32);
      }
      size += 1;
    },
    root() {
      const root = Buffer.alloc(32);
      if (size === 0) {
        sha256Into(Buffer.alloc(0), root, 0);
        return root;
      }
      // The subtrees folded from the right: MTH of every leaf appended so far.
      subtrees.copy(root, 0, (held - 1) * 32, held * 32);
      for (let index = held - 2; index >= 0; index -= 1) {
        subtrees.copy(node, 1, index * 32, index * 32 + 32);
        root.copy(node, 33);
        sha256Into(node, root, 0);
      }
      return root;
    },
  };
}

/**
 * Puts the pages of `ranges` consecutive ranges of the log, each posted by its own thread and
 * ended by 'range', back in log order: `receive(range, page)` takes them as they come, hands
 * each to `fold` once every page of the ranges before it has been, keeps a later range's until
 * then, and calls `done` when every range has ended. Self-contained: the thread runs it from its
 * text.
 */
export function createRangeOrder<Page>(ranges: number, fold: (page: Page) => void, done: () => void): (range: number, page: Page | 'range') => void {
  const waiting: (Page | 'range')[][] = Array.from({ length: ranges }, () => []);
  let current = 0;
  return (range, page) => {
    if (range !== current) {
      waiting[range]?.push(page);
      return;
    }
    if (page !== 'range') return fold(page);
    // The current range ended: the next ones' pages that came meanwhile, as far as they go.
    for (current += 1; current < ranges; current += 1) {
      const pages = waiting[current] ?? [];
      waiting[current] = [];
      for (const kept of pages) if (kept !== 'range') fold(kept);
      if (pages.at(-1) !== 'range') return;
    }
    done();
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
 * The checking thread's program, from source text (eval), as the SQLite writer's: Jest runs this
 * project from TypeScript sources, which a worker thread could not load as a file. It opens the
 * event file read-only with its own connection (WAL: it sees every commit made before each page
 * is read), reads its range of the log (positions after `after`, up to `upTo` when given) in
 * pages in global order (the store's own rows, `$`-streams left out as its reads do) and posts
 * each page's leaf hashes as it passes to the folding thread (`leaves`, a port), then `range`
 * there, whatever it found. Alone (`role` 'whole'), it then posts its count, or `exact`, to the
 * service's thread. Split in two: the second ('second', open) hands the streams it took up
 * (`entries`), its count, or `exact` to the first over the port it is sent; the first ('first')
 * joins the second's entries to its heads and posts the count of both, or `exact`.
 */
const THREAD_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { hash } = require('node:crypto');
(${lowerThreadPriority.toString()})(require('node:fs').readlinkSync, require('node:os'));
const createStoredTextCheck = ${createStoredTextCheck.toString()};
const createStreamHeads = ${createStreamHeads.toString()};
const createLogCheck = ${createLogCheck.toString()};
const { role, page, leaves } = workerData;
const db = new (require(workerData.sqlite))(workerData.file, { readonly: true, fileMustExist: true, timeout: workerData.busyTimeoutMs });
db.defaultSafeIntegers(true);
const bounded = workerData.upTo !== undefined;
const read = db.prepare("SELECT position, event_id, stream_id, revision, type, schema_version, data, metadata FROM events WHERE position > ?" + (bounded ? " AND position <= ?" : "") + " AND stream_id NOT LIKE '$%' ORDER BY position ASC LIMIT ?");
${SHA256_INTO_SOURCE}
const check = createLogCheck(createStoredTextCheck((text) => hash('sha256', text, 'hex')), createStreamHeads(), sha256Into, role === 'second');
let exact = false;
for (let after = BigInt(workerData.after); ; ) {
  const rows = bounded ? read.all(after, BigInt(workerData.upTo), page) : read.all(after, page);
  const hashes = check.page(rows);
  if (hashes === undefined) { exact = true; break; }
  if (rows.length > 0) leaves.postMessage(hashes.buffer, [hashes.buffer]);
  if (rows.length < page) break;
  after = rows[rows.length - 1].position;
}
db.close();
leaves.postMessage('range');
leaves.close();
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

/**
 * The folding thread's program (source text, as the checking thread's): it folds the leaf hashes
 * the checking threads post over their ports (`ranges`, in log order: one, or the first's and
 * the second's) into the Merkle frontier, taking the root at each of `sizes`. Pages come in as
 * each thread reads them; the second's wait (32 bytes an event) until the first's range is
 * folded. Once every range has come in, it posts the size it folded and the roots. A thread of
 * its own, so that the fold (on average one node hash per event) runs beside the checks as the
 * cores allow, and the service's thread does none of it.
 */
const FOLD_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { hash } = require('node:crypto');
(${lowerThreadPriority.toString()})(require('node:fs').readlinkSync, require('node:os'));
const createLeafFold = ${createLeafFold.toString()};
const createRangeOrder = ${createRangeOrder.toString()};
const { ranges } = workerData;
const asked = new Set(workerData.sizes);
${SHA256_INTO_SOURCE}
const tree = createLeafFold(sha256Into);
const roots = [];
const takeRoot = () => {
  if (asked.has(tree.size)) roots.push([tree.size, tree.root().toString('base64')]);
};
const fold = (page) => {
  const leaves = Buffer.from(page);
  for (let at = 0; at < leaves.length; at += 32) {
    tree.append(leaves, at);
    takeRoot();
  }
};
takeRoot();
const inOrder = createRangeOrder(ranges.length, fold, () => {
  roots.push([tree.size, tree.root().toString('base64')]);
  parentPort.postMessage({ size: tree.size, roots });
});
ranges.forEach((port, index) => {
  port.on('message', (page) => {
    inOrder(index, page);
    if (page === 'range') port.close();
  });
});
`;

/** The verification threads at work: stopped when the service stops (stopVerificationThreads). */
const running = new Set<Worker>();

/** Counts `worker` among the threads stopVerificationThreads stops, until it exits. */
export function trackThread(worker: Worker): void {
  running.add(worker);
  worker.once('exit', () => running.delete(worker));
}

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
 * the leaf's) and hand each page's leaf hashes (transferred, not copied) to a folding thread,
 * which folds them into the Merkle frontier (on average one node hash per event) and takes the
 * root at each of `sizes`. This thread only starts them and takes their answers: no page, leaf
 * or hash comes here, so its event loop and heap stay free for /health and commands. On a long
 * log two checking threads share it, split at the middle of its positions (`splitAfter` sets
 * the split, 'never' keeps one): the first checks the positions up to the split, the second
 * those after, each with heads of its own, and the first then joins the second's streams to its
 * heads (createLogCheck); the second's leaves wait on the folding thread (32 bytes an event)
 * until the first's range is folded. Rejects with EventStoreUnavailableError (a 503) when a
 * thread cannot open the file or stops without a result; each call starts its own threads, so
 * the next call starts afresh.
 */
export function verifyLogInThread(file: string, sizes: Iterable<number>, options: { busyTimeoutMs?: number; splitAfter?: bigint | 'never' } = {}): Promise<ThreadOutcome> {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const split = options.splitAfter === 'never' ? undefined : (options.splitAfter ?? splitPosition(file, busyTimeoutMs));
  const data = { file, page: PAGE, busyTimeoutMs };
  const ranges = split === undefined ? [new MessageChannel()] : [new MessageChannel(), new MessageChannel()];
  const checking = (role: string, after: string, leaves: MessagePort, upTo?: string) => startSqliteThread(THREAD_SOURCE, { ...data, role, after, leaves, ...(upTo === undefined ? {} : { upTo }) }, undefined, [leaves]);
  return new Promise<ThreadOutcome>((resolve, reject) => {
    let checked: Checked | undefined;
    let folded: Folded | undefined;
    let failure: Error | undefined;
    let exited = 0;
    const exitCodes: number[] = [];
    const [first, second] = ranges.map((range) => range.port1) as [MessagePort, MessagePort | undefined];
    const workers =
      split === undefined || second === undefined
        ? [checking('whole', '-1', first)]
        : [checking('first', '-1', first, String(split)), checking('second', String(split), second)];
    const ports = ranges.map((range) => range.port2);
    workers.push(startSqliteThread(FOLD_SOURCE, { ranges: ports, sizes: [...new Set(sizes)] }, undefined, ports));
    if (split !== undefined) {
      const { port1, port2 } = new MessageChannel();
      workers[0]?.postMessage(port1, [port1]);
      workers[1]?.postMessage(port2, [port2]);
    }
    const settle = () => {
      if (exited < workers.length) return;
      for (const worker of workers) running.delete(worker);
      if (checked === 'exact') return resolve('exact');
      if (checked !== undefined && folded !== undefined && exitCodes.every((code) => code === 0) && checked.events === folded.size) {
        return resolve({ events: checked.events, streams: checked.streams, roots: new Map(folded.roots) });
      }
      const reason = failure ? failure.message : checked === undefined || folded === undefined ? `it exited with code ${exitCodes.find((code) => code !== 0) ?? 0}` : `it checked ${checked.events} events and folded ${folded.size}`;
      reject(new EventStoreUnavailableError(`the verification thread stopped before it finished (${reason}); retry`, failure ? { cause: failure } : undefined));
    };
    workers.forEach((worker) => {
      running.add(worker);
      worker.on('message', (message: Checked | Folded) => {
        if (typeof message === 'object' && 'roots' in message) {
          folded = message;
          return;
        }
        checked = message;
        // A break found by the first thread: the second's work, and the fold, are not needed.
        if (message === 'exact') for (const other of workers) if (other !== worker) void other.terminate();
      });
      worker.on('error', (error) => {
        failure ??= error;
      });
      worker.on('exit', (code) => {
        exitCodes.push(checked === 'exact' ? 0 : code);
        exited += 1;
        settle();
      });
    });
  });
}
