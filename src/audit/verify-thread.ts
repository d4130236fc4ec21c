import { EventStoreUnavailableError } from '../event-store/event-store.errors.js';
import { createStoredTextCheck, createStreamHeads, type StoredRow } from '../event-store/verify.js';
import { startSqliteThread } from '../shared/sqlite-thread.js';

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

interface Wire {
  readonly events: number;
  readonly streams: number;
  readonly roots: readonly [number, string][];
}

export interface LogCheckDeps {
  sha256Hex(text: string): string;
  /** RFC 9162 leaf hash of a 64-hex-digit event hash. */
  leaf(eventHash: string): Buffer;
  node(left: Buffer, right: Buffer): Buffer;
  /** MTH of no leaves: sha256 of nothing. */
  empty(): Buffer;
}

/**
 * The verification the thread runs, page by page: ChainVerifier's stored-text path (each row's
 * position, revision and prevHash following its stream's head, the digest of its stored texts
 * its stored hash) with the heads kept compact, and the Merkle frontier with its roots at the
 * asked sizes. It only ever says yes: the first row that does not pass ends it with `exact`.
 * Self-contained on purpose (what it needs comes as arguments): the thread runs it from its
 * source text, under Jest, from dist/ and in the image alike.
 */
export function createLogCheck(
  deps: LogCheckDeps,
  sizes: readonly number[],
  stored: ReturnType<typeof createStoredTextCheck>,
  heads: ReturnType<typeof createStreamHeads>,
): { page(rows: readonly StoredRow[]): boolean; result(): Wire } {
  const GENESIS = '0'.repeat(64);
  const asked = new Set(sizes);
  const roots: [number, string][] = [];
  const subtrees: Buffer[] = [];
  const subtreeSizes: number[] = [];
  let count = 0;
  let last = -1n;
  const root = (): Buffer => (count === 0 ? deps.empty() : subtrees.reduceRight((right, left) => deps.node(left, right)));
  const takeRoot = () => {
    if (asked.has(count)) roots.push([count, root().toString('base64')]);
  };
  takeRoot();
  const append = (leaf: Buffer) => {
    let hash = leaf;
    let size = 1;
    while (subtreeSizes.length > 0 && subtreeSizes[subtreeSizes.length - 1] === size) {
      subtreeSizes.pop();
      hash = deps.node(subtrees.pop() as Buffer, hash);
      size *= 2;
    }
    subtrees.push(hash);
    subtreeSizes.push(size);
    count += 1;
    takeRoot();
  };
  return {
    /** Checks a page in order; false at the first row that does not pass (nothing after it is taken). */
    page(rows) {
      for (const row of rows) {
        if (row.position <= last) return false;
        const tail = stored.tail(row.metadata);
        if (tail === undefined) return false;
        const revision = Number(row.revision);
        const slot = heads.slot(row.stream_id);
        if (slot < 0 ? revision !== 0 || tail.prevHash !== GENESIS : revision !== heads.revision(slot) + 1 || tail.prevHash !== heads.hash(slot)) return false;
        if (stored.rowHash(row, tail) !== tail.hash) return false;
        heads.set(row.stream_id, revision, tail.hash);
        last = row.position;
        append(deps.leaf(tail.hash));
      }
      return true;
    },
    result() {
      if (!asked.has(count)) roots.push([count, root().toString('base64')]);
      return { events: count, streams: heads.size, roots };
    },
  };
}

/** Rows a page: as the sliced path reads them. */
const PAGE = 1000;

/**
 * The thread's program, from source text (eval), as the SQLite writer's: Jest runs this project
 * from TypeScript sources, which a worker thread could not load as a file. It opens the event
 * file read-only with its own connection (WAL: it sees every commit made before each page is
 * read), reads the log in pages in global order (the store's own rows, `$`-streams left out as
 * its reads do), and posts one message at the end: the result, or `exact`.
 */
const THREAD_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { createHash, hash } = require('node:crypto');
const createStoredTextCheck = ${createStoredTextCheck.toString()};
const createStreamHeads = ${createStreamHeads.toString()};
const createLogCheck = ${createLogCheck.toString()};
const NODE = Buffer.of(1);
const deps = {
  sha256Hex: (text) => hash('sha256', text, 'hex'),
  leaf: (eventHash) => hash('sha256', Buffer.from('00' + eventHash, 'hex'), 'buffer'),
  node: (left, right) => hash('sha256', Buffer.concat([NODE, left, right]), 'buffer'),
  empty: () => createHash('sha256').digest(),
};
const db = new (require(workerData.sqlite))(workerData.file, { readonly: true, fileMustExist: true, timeout: workerData.busyTimeoutMs });
db.defaultSafeIntegers(true);
const read = db.prepare("SELECT position, event_id, stream_id, revision, type, schema_version, data, metadata FROM events WHERE position > ? AND stream_id NOT LIKE '$%' ORDER BY position ASC LIMIT ?");
const check = createLogCheck(deps, workerData.sizes, createStoredTextCheck(deps.sha256Hex), createStreamHeads());
let exact = false;
for (let after = -1n; ; ) {
  const rows = read.all(after, workerData.page);
  if (!check.page(rows)) { exact = true; break; }
  if (rows.length < workerData.page) break;
  after = rows[rows.length - 1].position;
}
db.close();
parentPort.postMessage(exact ? 'exact' : check.result());
`;

/** The file a verification thread can read the store's log from (the SQLite store on disk); undefined otherwise. */
export function threadReadableFile(store: object): { file: string; busyTimeoutMs: number } | undefined {
  const candidate = store as { fileForReaders?: () => { file: string; busyTimeoutMs: number } | undefined };
  return typeof candidate.fileForReaders === 'function' ? candidate.fileForReaders() : undefined;
}

/**
 * Verifies the SQLite log in `file` on a thread of its own (the second core), so this thread's
 * event loop and heap stay free: /health and commands are answered at once while it runs, and
 * the stream heads never sit on this heap for its collector to trace. Rejects with
 * EventStoreUnavailableError (a 503) when the thread cannot open the file or stops without a
 * result; each call starts its own thread, so the next call starts afresh.
 */
export function verifyLogInThread(file: string, sizes: Iterable<number>, options: { busyTimeoutMs?: number } = {}): Promise<ThreadOutcome> {
  return new Promise<ThreadOutcome>((resolve, reject) => {
    let outcome: Wire | 'exact' | undefined;
    let failure: Error | undefined;
    const worker = startSqliteThread(THREAD_SOURCE, { file, sizes: [...sizes], page: PAGE, busyTimeoutMs: options.busyTimeoutMs ?? 5000 });
    worker.on('message', (message: Wire | 'exact') => {
      outcome = message;
    });
    worker.on('error', (error) => {
      failure = error;
    });
    worker.on('exit', (code) => {
      if (outcome === 'exact') return resolve('exact');
      if (outcome !== undefined && code === 0) return resolve({ events: outcome.events, streams: outcome.streams, roots: new Map(outcome.roots) });
      const reason = failure ? failure.message : `it exited with code ${code}`;
      reject(new EventStoreUnavailableError(`the verification thread stopped before it finished (${reason}); retry`, failure ? { cause: failure } : undefined));
    });
  });
}
