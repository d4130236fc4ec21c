import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import Database from 'better-sqlite3';
import { createHash, generateKeyPairSync, hash } from 'node:crypto';
import { existsSync, renameSync } from 'node:fs';
import { once } from 'node:events';
import { getPriority } from 'node:os';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { Ledger } from '../../src/ledger/ledger.js';
import type { LedgerVerification } from '../../src/ledger/ledger-verifier.js';
import { MerkleFrontier, leafHash } from '../../src/ledger/merkle.js';
import { createLeafFold, createLogCheck, createRangeOrder, lowerThreadPriority, splitPosition, stopVerificationThreads, verifyLogInThread, type ThreadOutcome } from '../../src/ledger/verify-thread.js';
import { EventStoreUnavailableError } from '../../src/event-store/event-store.errors.js';
import type { EventStore } from '../../src/event-store/event-store.port.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { createStoredTextCheck, createStreamHeads } from '../../src/event-store/verify.js';
import { SHA256_INTO_SOURCE, type Sha256Into } from '../../src/ledger/thread-hash.js';
import { toProblem } from '../../src/http/to-problem.js';
import { FixedClock } from '../../src/shared/clock.js';
import { freshStreamId, numbered } from '../support/events.js';
import { tempDir } from '../support/temp-dir.js';

/** The threads' own sha256Into, from the very text their programs run. */
const threadSha256Into = new Function('hash', `${SHA256_INTO_SOURCE} return sha256Into;`)(hash) as Sha256Into;

describe('the threads’ sha256Into', () => {
  it('writes the digest crypto.hash gives as a Buffer, byte for byte, at its place and nowhere else', () => {
    const target = Buffer.alloc(96, 0xee);
    for (let n = 0; n < 2000; n += 1) {
      const bytes = Buffer.from(`input ${n} ${'x'.repeat(n % 70)}`);
      threadSha256Into(bytes, target, 32);
      expect(target.subarray(32, 64)).toEqual(createHash('sha256').update(bytes).digest());
      expect(target.subarray(0, 32).every((byte) => byte === 0xee) && target.subarray(64).every((byte) => byte === 0xee)).toBe(true);
    }
  });
});

const key = generateKeyPairSync('ed25519');
const clock = new FixedClock('2026-03-01T00:00:00.000Z');

/** The same store without the file a thread could read: the Ledger verifies it in slices of this event loop. */
function slicedOnly(store: SqliteEventStore): EventStore {
  return new Proxy(store, { get: (target, property) => (property === 'fileForReaders' ? undefined : Reflect.get(target, property, target)) as unknown });
}

describe('verification on a thread of its own (SQLite)', () => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  let store: SqliteEventStore;
  const ledgerOf = (events: EventStore) => new Ledger(events, clock, 'privacy-ledger.test', key);

  async function bothWays(): Promise<{ thread: LedgerVerification; sliced: LedgerVerification; rowsReadHere: number }> {
    const rows = jest.spyOn(store, 'readAllRows');
    const thread = await ledgerOf(store).verify();
    const rowsReadHere = rows.mock.calls.length;
    rows.mockRestore();
    const sliced = await ledgerOf(slicedOnly(store)).verify();
    return { thread, sliced, rowsReadHere };
  }

  function alter(sql: string, trigger: 'update' | 'delete'): void {
    const raw = new Database(file);
    raw.exec(`DROP TRIGGER events_are_immutable_${trigger}`);
    raw.exec(sql);
    raw.close();
  }

  beforeEach(async () => {
    dir = tempDir();
    file = join(dir.path, 'events.sqlite');
    store = new SqliteEventStore({ file, clock });
    const streams = [freshStreamId('breach'), freshStreamId('dpia'), freshStreamId('breach')];
    for (let round = 0; round < 5; round += 1) {
      for (const stream of streams) await store.append(stream, numbered(3), { expectedRevision: round === 0 ? 'no_stream' : 'any' });
      if (round === 1 || round === 3) await ledgerOf(store).checkpoint();
    }
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  it('gives the sliced path’s answer over a valid log, reading no row on this thread', async () => {
    const { thread, sliced, rowsReadHere } = await bothWays();
    expect(thread).toMatchObject({ ok: true, checkpoints: 2, events: 47 });
    expect(thread).toEqual(sliced);
    expect(rowsReadHere).toBe(0);
  });

  it('gives the Merkle roots at the asked sizes and the log’s size, as the frontier does', async () => {
    const frontier = new MerkleFrontier();
    const expected = new Map<number, string>();
    for (const event of await store.readAll({ maxCount: 1000 })) {
      frontier.append(leafHash(event.metadata.hash));
      if (frontier.size === 5 || frontier.size === 20) expected.set(frontier.size, frontier.root().toString('base64'));
    }
    expected.set(frontier.size, frontier.root().toString('base64'));
    const outcome = await verifyLogInThread(file, [5, 20, 10_000]);
    expect(outcome).not.toBe('exact');
    if (outcome === 'exact') return;
    expect(outcome).toMatchObject({ events: frontier.size, streams: 4 });
    expect(outcome.roots).toEqual(expected);
  });

  it.each([
    ['an altered row', `UPDATE events SET data = '{"n":99}' WHERE position = 8`, 'update', { kind: 'hash-mismatch', revision: 1, position: '8' }],
    ['a broken chain', `UPDATE events SET metadata = replace(metadata, '"prevHash":"', '"prevHash":"0') WHERE position = 11`, 'update', { kind: 'prev-hash-mismatch' }],
    ['a gap', 'DELETE FROM events WHERE position = 10', 'delete', { kind: 'revision-gap' }],
  ] as const)('hands %s to the exact path, which finds the same break', async (_name, sql, trigger, firstBreak) => {
    alter(sql, trigger);
    expect(await verifyLogInThread(file, [])).toBe('exact');
    const { thread, sliced, rowsReadHere } = await bothWays();
    expect(thread).toMatchObject({ ok: false, firstBreak });
    expect(thread).toEqual(sliced);
    expect(rowsReadHere).toBeGreaterThan(0);
  });

  it('leaves the event loop free while it runs', async () => {
    for (let n = 0; n < 20; n += 1) await store.append(freshStreamId('breach'), numbered(100), { expectedRevision: 'no_stream' });
    let turns = 0;
    let settled = false;
    const turn = () => {
      turns += 1;
      if (!settled) setImmediate(turn);
    };
    setImmediate(turn);
    const verifying = ledgerOf(store).verify();
    // A command is taken and committed while the thread reads the log.
    await store.append(freshStreamId('breach'), numbered(1), { expectedRevision: 'no_stream' });
    const report = await verifying.finally(() => (settled = true));
    expect(report.ok).toBe(true);
    expect(turns).toBeGreaterThan(1);
  });

  it('answers parallel verifications alike (queued one after another) while the log grows', async () => {
    const ledger = ledgerOf(store);
    const threads = jest.spyOn(store, 'fileForReaders');
    const verifying = [ledger.verify(), ledger.verify(), ledger.verify()];
    await store.append(freshStreamId('breach'), numbered(2), { expectedRevision: 'no_stream' });
    const reports = await Promise.all(verifying);
    expect(reports.every((report) => report.ok)).toBe(true);
    expect(reports.map((report) => report.events).sort()).toEqual(reports.map((report) => report.events));
    expect(threads).toHaveBeenCalledTimes(3);
  });

  it('answers a thread that stops without a result with a 503 (retry), and the next call works', async () => {
    renameSync(file, `${file}.away`);
    let failure: unknown;
    try {
      await ledgerOf(store).verify();
    } catch (error) {
      failure = error;
    } finally {
      renameSync(`${file}.away`, file);
    }
    expect(failure).toBeInstanceOf(EventStoreUnavailableError);
    expect((failure as Error).message).toContain('verification thread stopped');
    expect(toProblem(failure).problem).toMatchObject({ status: 503 });
    expect(await ledgerOf(store).verify()).toMatchObject({ ok: true });
  });

  it('stops a verification under way when the service stops: its caller gets the 503, and a later call works', async () => {
    const under = verifyLogInThread(file, []);
    await stopVerificationThreads();
    await expect(under).rejects.toBeInstanceOf(EventStoreUnavailableError);
    expect(await ledgerOf(store).verify()).toMatchObject({ ok: true });
  });
});

describe('verification split between two threads (SQLite)', () => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  let store: SqliteEventStore;
  /** The log's last position: every split from before the first row to after the last is tried. */
  let last: number;

  function alter(sql: string): void {
    const raw = new Database(file);
    raw.exec('DROP TRIGGER events_are_immutable_update');
    raw.exec('DROP TRIGGER events_are_immutable_delete');
    raw.exec(sql);
    raw.close();
  }

  /** One thread's outcome, and the same from two threads split after each position of the log (up to `upTo`). */
  async function everySplit(sizes: readonly number[], upTo = last): Promise<{ whole: ThreadOutcome; splits: ThreadOutcome[] }> {
    const whole = await verifyLogInThread(file, sizes, { splitAfter: 'never' });
    const splits: ThreadOutcome[] = [];
    for (let after = 0; after <= upTo; after += 1) splits.push(await verifyLogInThread(file, sizes, { splitAfter: BigInt(after) }));
    return { whole, splits };
  }

  beforeEach(async () => {
    dir = tempDir();
    file = join(dir.path, 'events.sqlite');
    store = new SqliteEventStore({ file, clock });
    // Streams that cross any split, one that starts after the middle and one with a single event.
    const long = [freshStreamId('breach'), freshStreamId('dpia')];
    for (let round = 0; round < 4; round += 1) {
      for (const stream of long) await store.append(stream, numbered(2), { expectedRevision: round === 0 ? 'no_stream' : 'any' });
      if (round === 2) await store.append(freshStreamId('breach'), numbered(3), { expectedRevision: 'no_stream' });
    }
    await store.append(freshStreamId('audit'), numbered(1), { expectedRevision: 'no_stream' });
    last = Number((await store.readAll({ maxCount: 1000 })).at(-1)?.position);
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  it('gives one thread’s events, streams and roots wherever the log is split', async () => {
    const { whole, splits } = await everySplit([1, 7, 12, 20]);
    expect(whole).toMatchObject({ events: 20, streams: 4 });
    expect(last).toBe(20);
    for (const split of splits) expect(split).toEqual(whole);
  });

  it.each([
    ['the last event before a split removed', 'DELETE FROM events WHERE position = 9'],
    ['the first event after a split removed', 'DELETE FROM events WHERE position = 10'],
    ['a stream’s first event removed', 'DELETE FROM events WHERE position = 2'],
    ['an event altered', `UPDATE events SET data = '{"n":9}' WHERE position = 10`],
  ])('hands the log with %s to the exact path wherever it is split', async (_name, sql) => {
    alter(sql);
    // Every split before, at and after the damage (positions 2 to 10), and past it.
    const { whole, splits } = await everySplit([], 12);
    expect(whole).toBe('exact');
    for (const split of splits) expect(split).toBe('exact');
  });

  it('splits a log of 20,000 positions or more at the middle of its positions, by itself, with the same outcome', async () => {
    expect(splitPosition(file, 1000)).toBeUndefined();
    for (let n = 0; n < 20; n += 1) await store.append(freshStreamId('breach'), numbered(1000), { expectedRevision: 'no_stream' });
    expect(splitPosition(file, 1000)).toBe(10_010n);
    const whole = await verifyLogInThread(file, [10_000], { splitAfter: 'never' });
    expect(whole).toMatchObject({ events: 20_020, streams: 24 });
    // No leaf is folded on this thread, the second thread's neither: the threads fold them.
    const appends = jest.spyOn(MerkleFrontier.prototype, 'append');
    let most = 0;
    let seen = 0;
    let settled = false;
    const turn = () => {
      most = Math.max(most, appends.mock.calls.length - seen);
      seen = appends.mock.calls.length;
      if (!settled) setImmediate(turn);
    };
    setImmediate(turn);
    const split = await verifyLogInThread(file, [10_000]).finally(() => (settled = true));
    appends.mockRestore();
    expect(split).toEqual(whole);
    expect(seen).toBe(0);
    expect(most).toBeLessThanOrEqual(1000);
  });
});

describe('the Merkle frontier folded on the threads', () => {
  it('gives MerkleFrontier’s root at every size, from leaves anywhere in a page’s buffer', () => {
    const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest();
    const fold = createLeafFold(threadSha256Into);
    const frontier = new MerkleFrontier();
    expect(fold.root()).toEqual(frontier.root());
    // Pages of 7 leaves, so that leaves sit at every offset of their buffer.
    for (let page = 0; page < 80; page += 1) {
      const leaves = Buffer.concat(Array.from({ length: 7 }, (_, n) => leafHash(sha256(Buffer.from(`event ${page * 7 + n}`)).toString('hex'))));
      for (let at = 0; at < leaves.length; at += 32) {
        fold.append(leaves, at);
        frontier.append(leaves.subarray(at, at + 32));
        expect(fold.size).toBe(frontier.size);
        expect(fold.root()).toEqual(frontier.root());
      }
    }
  });
});

describe('the two threads’ leaves put back in log order', () => {
  /** Every way the messages of two ranges can interleave, each range's in its own order. */
  function interleavings(a: readonly string[], b: readonly string[]): string[][][] {
    if (a.length === 0) return [b.map((page) => ['b', page])];
    if (b.length === 0) return [a.map((page) => ['a', page])];
    return [...interleavings(a.slice(1), b).map((rest) => [['a', a[0] as string], ...rest]), ...interleavings(a, b.slice(1)).map((rest) => [['b', b[0] as string], ...rest])];
  }

  it('folds the first range’s pages, then the second’s, however they arrive, and ends once both have ended', () => {
    const orders = interleavings(['a1', 'a2', 'range'], ['b1', 'b2', 'b3', 'range']);
    expect(orders).toHaveLength(35);
    for (const order of orders) {
      const folded: string[] = [];
      let done = 0;
      const receive = createRangeOrder<string>(2, (page) => folded.push(page), () => (done += 1));
      for (const [range, page] of order) {
        expect(done).toBe(0);
        receive(range === 'a' ? 0 : 1, page as string);
      }
      expect(folded).toEqual(['a1', 'a2', 'b1', 'b2', 'b3']);
      expect(done).toBe(1);
    }
  });
});

describe('joining the second thread’s streams to the first’s heads', () => {
  const stored = createStoredTextCheck((text) => createHash('sha256').update(text).digest('hex'));
  const hashOf = (n: number) => n.toString(16).padStart(64, '0');
  const GENESIS = '0'.repeat(64);

  function firstWith(streams: Record<string, [number, string]>) {
    const heads = createStreamHeads();
    for (const [id, [revision, hash]] of Object.entries(streams)) heads.set(id, revision, hash);
    return createLogCheck(stored, heads, threadSha256Into);
  }

  it('passes entries that follow the heads, and counts the streams started after the split', () => {
    const first = firstWith({ a: [3, hashOf(3)], b: [0, hashOf(10)] });
    expect(first.join({ ids: ['a', 'b', 'c'], revisions: [4, 1, 0], prevHashes: [hashOf(3), hashOf(10), GENESIS] })).toBe(1);
    expect(first.join({ ids: [], revisions: [], prevHashes: [] })).toBe(0);
  });

  it.each([
    ['a revision skipped', { ids: ['a'], revisions: [5], prevHashes: [hashOf(3)] }],
    ['another prevHash', { ids: ['a'], revisions: [4], prevHashes: [hashOf(4)] }],
    ['a stream started again at revision 0', { ids: ['a'], revisions: [0], prevHashes: [GENESIS] }],
    ['an unknown stream taken up past revision 0', { ids: ['c'], revisions: [1], prevHashes: [hashOf(1)] }],
    ['a new stream without the genesis prevHash', { ids: ['c'], revisions: [0], prevHashes: [hashOf(1)] }],
  ])('refuses %s', (_name, entries) => {
    expect(firstWith({ a: [3, hashOf(3)] }).join(entries)).toBeUndefined();
  });
});

describe('compact stream heads', () => {
  it('keeps each stream’s revision and hash through growth, in chunks of 52 bytes an entry', () => {
    const heads = createStreamHeads();
    const hashOf = (n: number) => n.toString(16).padStart(64, '0');
    for (let n = 0; n < 5000; n += 1) heads.set(`s-${n}`, n, hashOf(n));
    heads.set('s-7', 8, hashOf(70));
    expect(heads.size).toBe(5000);
    expect(heads.slot('missing')).toBe(-1);
    const seven = heads.slot('s-7');
    expect([heads.revision(seven), heads.hash(seven)]).toEqual([8, hashOf(70)]);
    const last = heads.slot('s-4999');
    expect([heads.revision(last), heads.hash(last)]).toEqual([4999, hashOf(4999)]);
    // Entries in chunks of 2,048, added as streams come: three for 5,000 streams, 52 bytes an
    // entry; a table of 16,384 (digest, entry) pairs of uint32 (at most half full); one 1 MiB buffer of stream ids.
    expect(heads.byteLength).toBe(3 * 2048 * 52 + 16_384 * 8 + 2 ** 20);
  });

  /** A Map beside the heads, as the reference: every answer the same, whatever the digest. */
  function againstMap(heads: ReturnType<typeof createStreamHeads>, ids: readonly string[], rounds: number) {
    const model = new Map<string, [number, string]>();
    const slots = new Map<string, number>();
    const hashOf = (n: number) => n.toString(16).padStart(64, '0');
    const wrong: string[] = [];
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0);
    for (let n = 0; n < rounds; n += 1) {
      const id = ids[next() % ids.length] as string;
      const probe = ids[next() % ids.length] as string;
      const known = model.get(probe);
      const slot = heads.slot(probe);
      // Unknown: -1. Known: its head, in the slot it was given (a slot never moves, through the table's growth too).
      const answer = slot < 0 ? 'none' : `${slot} ${heads.revision(slot)} ${heads.hash(slot)}`;
      const expected = known === undefined ? 'none' : `${slots.get(probe)} ${known[0]} ${known[1]}`;
      if (answer !== expected) wrong.push(`round ${n}, ${JSON.stringify(probe)}: ${answer}, not ${expected}`);
      const revision = (model.get(id)?.[0] ?? -1) + 1;
      heads.set(id, revision, hashOf(n));
      model.set(id, [revision, hashOf(n)]);
      if (!slots.has(id)) slots.set(id, heads.slot(id));
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(heads.size).toBe(model.size);
    for (const [id, head] of model) expect([heads.revision(heads.slot(id)), heads.hash(heads.slot(id))]).toEqual(head);
    expect(new Set(slots.values()).size).toBe(model.size);
  }

  // Ids that differ in one character, in length only, by a non-ASCII or an astral character, and
  // in lone surrogates (which UTF-8 would write as the same replacement character).
  const ids = [
    ...Array.from({ length: 3000 }, (_, n) => `breach-${n}`),
    'breach-1\u0000',
    'breach-',
    '',
    'Ω-1',
    'Ω-2',
    '😀',
    '\ud800',
    '\ud801',
    'x\udc00',
    'x\udc01',
    '\ufffd',
    'a'.repeat(3000),
    'a'.repeat(2999) + 'b',
  ];

  it.each([
    ['every id has the same digest', () => 0],
    ['the digest has two values', (id: string) => (id.length > 0 ? id.charCodeAt(id.length - 1) & 1 : 0)],
    ['the digest is the id’s length (ids of a length share it)', (id: string) => id.length],
    ['the default digest', undefined],
  ])('keeps one head per stream id exactly when %s', (_name, digest) => {
    const many = digest === undefined ? 40_000 : 6000;
    againstMap(createStreamHeads(digest), digest === undefined ? [...ids, ...Array.from({ length: 20_000 }, (_, n) => `s-${n}`)] : ids.slice(2800), many);
  });

  it('keeps ids apart that differ only in lone surrogates (which UTF-8 writes as one replacement character)', () => {
    const heads = createStreamHeads(() => 0);
    heads.set('\ud800', 0, 'a'.repeat(64));
    expect(heads.slot('\ud801')).toBe(-1);
    expect(heads.slot('\ufffd')).toBe(-1);
    heads.set('\ufffd', 3, 'b'.repeat(64));
    expect(heads.revision(heads.slot('\ud800'))).toBe(0);
    expect(heads.revision(heads.slot('\ufffd'))).toBe(3);
    expect(heads.size).toBe(2);
  });

  it('keeps a hash that is not 64 hex digits as zeros (only ever set after a break)', () => {
    const heads = createStreamHeads();
    heads.set('s', 0, 'not a hash');
    expect(heads.hash(heads.slot('s'))).toBe('0'.repeat(64));
  });
});

describe('the verification threads’ priority', () => {
  const linux = existsSync('/proc/thread-self') ? it : it.skip;
  linux('is lowered for the thread alone: the service’s thread keeps its own', async () => {
    const before = getPriority(process.pid);
    const source = `const { parentPort } = require('node:worker_threads');
      const os = require('node:os');
      const lowered = (${lowerThreadPriority.toString()})(require('node:fs').readlinkSync, os);
      parentPort.postMessage({ lowered, process: os.getPriority(process.pid) });`;
    const worker = new Worker(source, { eval: true });
    // Listened for before the answer is awaited: when this thread is busy while the worker posts
    // and ends, Node emits 'message' and 'exit' in the same turn, and a listener added after the
    // answer would wait for an exit already past (the CI run that failed on a loaded machine).
    const exited = once(worker, 'exit');
    const [answer] = (await once(worker, 'message')) as [{ lowered: number; process: number }];
    await exited;
    expect(answer).toEqual({ lowered: Math.min(19, before + 10), process: before });
    expect(getPriority(process.pid)).toBe(before);
  });
});

