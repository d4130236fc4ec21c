/**
 * Workload (b): the whole log read back in global order through the port (readAll pages),
 * its hash chains verified (ChainVerifier, as verifyAll and Ledger.verify use it) and the
 * Merkle root computed over it (MerkleFrontier, as Ledger.verify does: O(log n)) or the whole
 * tree built (MerkleTree, as the Ledger keeps it to answer proofs) — passes over the same log,
 * each adding one step, so each step's cost shows. The log is built first, in a child process,
 * and its build is reported apart: it is not the measured workload.
 */
import Database from 'better-sqlite3';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Ledger } from '../../src/ledger/ledger.js';
import { checkedPages } from '../../src/ledger/log-pages.js';
import { MerkleFrontier, MerkleTree, leafHash } from '../../src/ledger/merkle.js';
import { verifyLogInThread } from '../../src/ledger/verify-thread.js';
import { systemClock } from '../../src/shared/clock.js';
import { START, type Position, type StoredEvent } from '../../src/event-store/event-store.port.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { ChainVerifier } from '../../src/event-store/verify.js';
import { comparison, round, type Row, type Workload, type WorkloadOptions, type WorkloadReport } from '../harness.js';
import { BUILD_SETTINGS, buildLogApart, logFileMb, type BuiltLog } from './log-builder.js';
import { MEMORY_COLUMNS, baselineRow, buildRow, memoryAfter, sizeLabel, type MemoryFigures } from './memory.js';

const PAGE_SIZE = 1000;

type Pass = 'read' | 'raw' | 'exact' | 'verify' | 'root' | 'thread1' | 'thread' | 'merkle' | 'ledger';

interface PassResult {
  readonly events: number;
  readonly seconds: number;
  readonly memory: MemoryFigures;
  readonly verified?: { readonly ok: boolean; readonly streams: number };
  readonly root?: string;
}

/**
 * The limit: the same rows read with better-sqlite3 alone, in position order and pages of the
 * same size, and sha256 over each row's stored text (stream, type, data, metadata: about the
 * bytes the chain hashes), with no decoding, canonical JSON or checks. Returns the bytes hashed.
 */
function rawPass(file: string): PassResult & { readonly bytes: number } {
  const db = new Database(file, { readonly: true });
  try {
    const page = db.prepare('SELECT position, stream_id, type, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT ?').raw();
    let events = 0;
    let bytes = 0;
    const started = performance.now();
    for (let after = 0; ; ) {
      const rows = page.all(after, PAGE_SIZE) as [number, string, string, string, string][];
      for (const [, streamId, type, data, metadata] of rows) {
        createHash('sha256').update(streamId).update(type).update(data).update(metadata).digest();
        bytes += streamId.length + type.length + data.length + metadata.length;
      }
      events += rows.length;
      if (rows.length < PAGE_SIZE) break;
      after = rows.at(-1)![0];
    }
    const seconds = (performance.now() - started) / 1000;
    return { events, seconds, memory: memoryAfter(), bytes };
  } finally {
    db.close();
  }
}

/**
 * The service's Ledger brought up to the head (`sync`, as the first checkpoint or export does):
 * what it keeps for every event (the tree, and where each leaf is in the log), measured while
 * it is alive.
 */
async function ledgerPass(store: SqliteEventStore): Promise<PassResult> {
  const ledger = new Ledger(store, systemClock, 'bench.example/ledger', generateKeyPairSync('ed25519'));
  const started = performance.now();
  const events = await ledger.sync();
  const seconds = (performance.now() - started) / 1000;
  const memory = memoryAfter();
  return { events, seconds, memory };
}

/**
 * What GET /audit/verification does over SQLite: the chains checked and the Merkle leaves hashed
 * on threads of their own with read-only connections (verify-thread.ts: two, the log split at
 * the middle of its positions, from 20,000 positions on; `oneThread`: one reads it all), and a
 * folding thread taking their leaf hashes into the Merkle frontier; this thread only starts them
 * and takes the answer.
 */
async function threadPass(file: string, oneThread = false): Promise<PassResult> {
  const started = performance.now();
  const outcome = await verifyLogInThread(file, [], oneThread ? { splitAfter: 'never' } : {});
  const seconds = (performance.now() - started) / 1000;
  if (outcome === 'exact') throw new Error('a row did not pass from its stored text on the thread');
  const root = Buffer.from(outcome.roots.get(outcome.events) as string, 'base64').toString('hex');
  return { events: outcome.events, seconds, memory: memoryAfter(), verified: { ok: true, streams: outcome.streams }, root };
}

/**
 * Reads the log page by page, as verifyAll does; each event goes to the pass's steps and is
 * dropped. The verifying passes other than 'exact' go the service's way (checkedPages, as
 * Ledger.verify): rows checked from their stored text, decoded only when that does not pass.
 */
async function runPass(store: SqliteEventStore, pass: Pass): Promise<PassResult> {
  const chains = pass === 'read' ? undefined : new ChainVerifier();
  const tree = pass === 'merkle' ? new MerkleTree() : pass === 'root' ? new MerkleFrontier() : undefined;
  let events = 0;
  const started = performance.now();
  if (pass !== 'read' && pass !== 'exact') {
    for await (const page of checkedPages(store, chains!)) {
      for (const { broken, hash } of page) {
        if (broken) throw new Error(`the chain breaks: ${broken.message}`);
        tree?.append(leafHash(hash));
      }
      events += page.length;
    }
  }
  for (let after: Position = START; pass === 'read' || pass === 'exact'; ) {
    const page: readonly StoredEvent[] = await store.readAll({ afterPosition: after, maxCount: PAGE_SIZE });
    for (const event of page) {
      if (chains?.check(event)) throw new Error(`the chain breaks: ${chains.report().firstBreak?.message}`);
      tree?.append(leafHash(event.metadata.hash));
    }
    events += page.length;
    const last = page.at(-1);
    if (!last || page.length < PAGE_SIZE) break;
    after = last.position;
  }
  const seconds = (performance.now() - started) / 1000;
  // Measured while the verifier and the tree are still alive: what the pass holds.
  const memory = memoryAfter();
  const report = chains?.report();
  return { events, seconds, memory, ...(report ? { verified: { ok: report.ok, streams: report.streamsChecked } } : {}), ...(tree ? { root: tree.root().toString('hex') } : {}) };
}

const RAW_SCENARIO = 'raw better-sqlite3 read + sha256 of each row (the limit)';
const ROOT_SCENARIO = 'read + verify + Merkle root (frontier, as GET /audit/verification)';
const SLICED_SCENARIO = 'read + verify + Merkle root in slices of the event loop (other engines; GET /audit/verification before the thread)';

const PASSES: readonly { readonly pass: Pass; readonly scenario: string }[] = [
  { pass: 'read', scenario: 'read only (readAll pages)' },
  { pass: 'raw', scenario: RAW_SCENARIO },
  { pass: 'exact', scenario: 'read + verify chains, every event decoded and canonicalised (the exact path)' },
  { pass: 'verify', scenario: 'read + verify chains from the stored text (as the service does)' },
  { pass: 'root', scenario: SLICED_SCENARIO },
  { pass: 'thread1', scenario: 'the same on one thread (the log not split; GET /audit/verification before the split)' },
  { pass: 'thread', scenario: ROOT_SCENARIO },
  { pass: 'merkle', scenario: 'read + verify + whole Merkle tree (as kept for proofs)' },
  { pass: 'ledger', scenario: "the service's Ledger synced to the head (tree + where each leaf is)" },
];

export const workload: Workload = {
  name: 'replay',
  async run(options: WorkloadOptions): Promise<WorkloadReport> {
    const size = options.size ?? (options.quick ? 10_000 : 100_000);
    const file = join(options.dir, 'events.sqlite');
    const built: BuiltLog = buildLogApart(file, size);
    const store = new SqliteEventStore({ file });
    const results = new Map<Pass, PassResult>();
    const baseline = baselineRow();
    try {
      for (const { pass } of PASSES) {
        // Each pass's structures are dropped before the next, so each is measured alone.
        results.set(pass, pass === 'raw' ? rawPass(file) : pass === 'ledger' ? await ledgerPass(store) : pass === 'thread' ? await threadPass(file) : pass === 'thread1' ? await threadPass(file, true) : await runPass(store, pass));
      }
    } finally {
      await store.close();
    }
    const rows: Row[] = PASSES.map(({ pass, scenario }) => {
      const r = results.get(pass)!;
      if (r.events !== size) throw new Error(`${scenario} read ${r.events} events, the log holds ${size}`);
      if (r.verified && !r.verified.ok) throw new Error(`${scenario}: the chains do not verify`);
      return { scenario, figures: { events: r.events, seconds: round(r.seconds, 2), eventsPerSecond: Math.round(r.events / r.seconds), ...r.memory, logMb: logFileMb(file) } };
    });
    rows.unshift(baseline);
    rows.push(buildRow(built));
    const merkle = results.get('merkle')!;
    if (results.get('root')?.root !== merkle.root) throw new Error('the frontier and the tree disagree on the root');
    if (results.get('thread')?.root !== merkle.root || results.get('thread1')?.root !== merkle.root) throw new Error('the verification threads and the tree disagree on the root');
    const verify = results.get('verify')!;
    const read = results.get('read')!;
    const raw = results.get('raw') as PassResult & { bytes: number };
    const root = results.get('thread')!;
    const sliced = results.get('root')!;
    const rate = (r: PassResult) => Math.round(r.events / r.seconds);
    const held = (from: MemoryFigures, to: MemoryFigures) => (to.heapUsedMb + to.arrayBuffersMb - from.heapUsedMb - from.arrayBuffersMb) * 2 ** 20;
    const perStream = Math.round(held(read.memory, verify.memory) / built.streams);
    const perEvent = Math.round(held(verify.memory, merkle.memory) / size);
    const ledgerPerEvent = Math.round(held(read.memory, results.get('ledger')!.memory) / size);
    return {
      workload: `replay-${sizeLabel(size)}`,
      title: `Replay of ${size.toLocaleString('en')} events: read, verify the chains, the Merkle root and tree`,
      settings: {
        events: size,
        streams: built.streams,
        byCategory: built.byCategory,
        pageSize: PAGE_SIZE,
        durability: 'WAL, synchronous=FULL',
        merkleRoot: merkle.root,
        streamsVerified: merkle.verified?.streams,
        verifierBytesPerStream: perStream,
        merkleTreeBytesPerEvent: perEvent,
        ledgerBytesPerEvent: ledgerPerEvent,
        ...BUILD_SETTINGS,
      },
      columns: [
        { key: 'events', label: 'events' },
        { key: 'seconds', label: 'seconds' },
        { key: 'eventsPerSecond', label: 'events/s' },
        ...MEMORY_COLUMNS,
      ],
      rows,
      comparisons: [comparison(ROOT_SCENARIO, RAW_SCENARIO, 'events/s', rate(root), rate(raw)), comparison(SLICED_SCENARIO, RAW_SCENARIO, 'events/s', rate(sliced), rate(raw))],
      notes: [
        `"${RAW_SCENARIO}" is the limit the replay is compared with: better-sqlite3 alone reads the same rows in position order, ${PAGE_SIZE} a page, and hashes each row's stored stream id, type, data and metadata with node:crypto sha256 (${Math.round(raw.bytes / raw.events)} bytes per event; the chain hashes the canonical JSON of the envelope, about as many), with no decoding, canonical JSON, chain or tree. The replay's ratio to it is in the comparisons.`,
        'Verifying goes two ways: "the exact path" decodes every event and recomputes its hash from the canonical JSON of the decoded envelope (as for EventStoreDB, or for rows stored before the SQLite store kept RFC 8785 text); the service\'s way over SQLite (checkedPages, as GET /audit/verification and the Ledger) hashes each row\'s stored canonical text as it is and decodes only a row whose digest does not match (none in this log). The rows after it go the service\'s way.',
        'Passes over the same log, one after the other: the raw limit, then through the port each adding a step, then the service\'s Ledger: events/s of a pass is log events ÷ its wall-clock time. heapUsed and buffers (Buffer memory outside the heap) are measured after a full GC at the end of each pass, with its verifier and tree still alive; RSS at the same moment: it also counts the heap V8 has reserved and not given back after the pass\'s garbage, so it rises more than what is held. The runner\'s peak RSS is this process\'s (the log is built in a child process).',
        `Reading streams: one page of ${PAGE_SIZE} events at a time, nothing kept. Verifying keeps one head (revision + hash) per stream, as it must to check each stream's chain in global order: ~${perStream} bytes per stream here (${built.streams.toLocaleString('en')} streams), so it grows with the number of streams, not with their length.`,
        `"${ROOT_SCENARIO}" is what the service does over SQLite: the chains, from the stored text, and the Merkle leaves on two threads with read-only connections of their own (src/ledger/verify-thread.ts: the log split at the middle of its positions, the first thread then joining the streams the second took up to its heads), stream heads kept compact; a folding thread takes their leaf hashes into the frontier (a node hash per event on average); this thread only starts the threads and takes the answer. The row before it is the same on one thread. "${SLICED_SCENARIO}" is the same work on this thread, in slices of the event loop: the path of other engines and of a log whose rows do not all pass from their stored text.`,
        `The Merkle root alone (MerkleFrontier: one hash per 1-bit of the size, O(log n)) is what replaying the log to verify it needs, and what Ledger.verify (GET /audit/verification) keeps: its memory is the verifier's. Its root equals the whole tree's (checked).`,
        `The whole Merkle tree keeps every leaf hash and every complete subtree's hash (2 × 32 bytes per event, in 64 KiB chunks), so that it can answer any later root and proof as the service's Ledger keeps it: ~${perEvent} bytes per event here over verifying alone, O(n) by design. It runs last, so the runner's peak RSS includes it.`,
        `The last row is the service's own Ledger (src/ledger/ledger.ts) over the same store, brought to the head with sync(), as the first checkpoint, an export or an inquiry answer does: it keeps the whole tree and, per leaf, where the event is in the log. heapUsed + buffers over the read-only pass: ~${ledgerPerEvent} bytes per event (ledgerBytesPerEvent), the figure of the Ledger memory goal.`,
        `The log (built in a child process, not measured): ${built.events.toLocaleString('en')} events in ${built.seconds} s (${built.eventsPerSecond.toLocaleString('en')} events/s, ${built.commits} commits), one append per event through the port with the real hash chain, pipelined; the builder's peak RSS ${built.peakRssMb} MB.`,
      ],
    };
  },
};
