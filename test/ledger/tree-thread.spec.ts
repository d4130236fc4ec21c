import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import Database from 'better-sqlite3';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { Ledger } from '../../src/ledger/ledger.js';
import { TREE_THREAD_FROM } from '../../src/ledger/ledger-tree.js';
import { MerkleTree, leafHash } from '../../src/ledger/merkle.js';
import { createLevelFold } from '../../src/ledger/tree-thread.js';
import type { EventStore } from '../../src/event-store/event-store.port.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { FixedClock } from '../../src/shared/clock.js';
import { freshStreamId, numbered } from '../support/events.js';
import { tempDir } from '../support/temp-dir.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest();
const leafAt = (index: number) => leafHash(sha256(Buffer.from(`event ${index}`)).toString('hex'));

/** A tree of `leaves` leaves: the first `start` appended one by one, the rest as levels folded elsewhere, `page` leaves at a time. */
function treeInPages(start: number, leaves: number, page: number): MerkleTree {
  const tree = new MerkleTree();
  for (let index = 0; index < start; index += 1) tree.append(leafAt(index));
  const fold = createLevelFold(sha256, tree.size, tree.edge());
  for (let index = start; index < leaves; index += 1) {
    fold.append(leafAt(index));
    if ((index - start + 1) % page === 0 || index === leaves - 1) tree.appendLevels(fold.take());
  }
  return tree;
}

describe('the tree’s levels computed elsewhere (createLevelFold, MerkleTree.appendLevels)', () => {
  it('gives the tree appending leaf by leaf gives, from any size on, in pages of any length', () => {
    const leaves = 70;
    const whole = new MerkleTree();
    for (let index = 0; index < leaves; index += 1) whole.append(leafAt(index));
    for (const page of [1, 3, 16, 17]) {
      for (let start = 0; start <= leaves; start += 1) {
        const tree = treeInPages(start, leaves, page);
        expect(tree.size).toBe(leaves);
        expect(tree.byteLength).toBe(whole.byteLength);
        for (const size of [1, 2, Math.max(1, start), Math.min(leaves, start + 1), 64, leaves]) expect(tree.root(size)).toEqual(whole.root(size));
        expect(tree.inclusionProof(5)).toEqual(whole.inclusionProof(5));
        expect(tree.consistencyProof(37)).toEqual(whole.consistencyProof(37));
      }
    }
  });

  it('gives the same tree across its chunks of 2,048 hashes, in pages that straddle them', () => {
    const leaves = 9000;
    const whole = new MerkleTree();
    for (let index = 0; index < leaves; index += 1) whole.append(leafAt(index));
    for (const [start, page] of [[0, 1000], [3, 777], [2047, 2049], [100, 5000]] as const) {
      const tree = treeInPages(start, leaves, page);
      expect(tree.byteLength).toBe(whole.byteLength);
      for (const size of [1, 2047, 2048, 2049, 4097, leaves]) expect(tree.root(size)).toEqual(whole.root(size));
      for (const index of [0, 2047, 2048, 6000, leaves - 1]) expect(tree.inclusionProof(index)).toEqual(whole.inclusionProof(index));
    }
  });

  it('refuses levels that do not line up with the tree, which stays as it was', () => {
    const tree = new MerkleTree();
    for (let index = 0; index < 5; index += 1) tree.append(leafAt(index));
    const root = tree.root();
    const fold = createLevelFold(sha256, 5, tree.edge());
    fold.append(leafAt(5));
    const levels = fold.take();
    expect(levels.map((level) => level.length)).toEqual([32, 32]);
    // Without the subtree the sixth leaf completes, or with one level too many.
    expect(() => tree.appendLevels(levels.slice(0, 1))).toThrow(RangeError);
    expect(() => tree.appendLevels([...levels, Buffer.alloc(32)])).toThrow(RangeError);
    expect(tree.size).toBe(5);
    expect(tree.root()).toEqual(root);
    tree.appendLevels(levels);
    expect(tree.size).toBe(6);
  });
});

/** The same store without the file a thread could read: the Ledger builds its tree on this event loop. */
function slicedOnly(store: SqliteEventStore): EventStore {
  return new Proxy(store, { get: (target, property) => (property === 'fileForReaders' ? undefined : Reflect.get(target, property, target)) as unknown });
}

describe('the first tree build on a thread of its own (SQLite)', () => {
  const key = generateKeyPairSync('ed25519');
  const clock = new FixedClock('2026-03-01T00:00:00.000Z');
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  let store: SqliteEventStore;
  const ledgerOf = (events: EventStore) => new Ledger(events, clock, 'privacy-ledger.test', key);

  beforeEach(async () => {
    dir = tempDir();
    file = join(dir.path, 'events.sqlite');
    store = new SqliteEventStore({ file, clock });
    for (let n = 0; n < 11; n += 1) await store.append(freshStreamId('breach'), numbered(1000), { expectedRevision: 'no_stream' });
    expect(await store.headPosition()).toBeGreaterThanOrEqual(TREE_THREAD_FROM);
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  async function sameTree(events: EventStore): Promise<void> {
    const thread = ledgerOf(events);
    const sliced = ledgerOf(slicedOnly(store));
    const size = await thread.sync();
    expect(await sliced.sync()).toBe(size);
    expect(thread.memory()).toEqual(sliced.memory());
    expect(thread.signedNote(size).split('\n')[2]).toBe(sliced.signedNote(size).split('\n')[2]);
    for (const position of [1n, 1500n, BigInt(size)]) expect(await thread.inclusionProof(position)).toEqual(await sliced.inclusionProof(position));
    expect(await thread.consistencyProof(999, size)).toEqual(await sliced.consistencyProof(999, size));
    // Appended afterwards: the next sync goes on from there, on this thread.
    await store.append(freshStreamId('dpia'), numbered(3), { expectedRevision: 'no_stream' });
    expect(await thread.sync()).toBe(size + 3);
    expect(await sliced.sync()).toBe(size + 3);
    expect(thread.signedNote(size + 3).split('\n')[2]).toBe(sliced.signedNote(size + 3).split('\n')[2]);
  }

  it('builds the tree the sliced path builds, reading no row on this thread', async () => {
    const rows = jest.spyOn(store, 'readAllRows');
    await ledgerOf(store).sync();
    // The one read here looks past the thread's last page: it finds nothing.
    expect(rows.mock.results.map((result) => (result.value as readonly unknown[]).length)).toEqual([0]);
    rows.mockRestore();
    await sameTree(store);
  });

  it('goes on from where the thread stopped at a row whose hash is not read from its text, on this thread', async () => {
    const raw = new Database(file);
    raw.exec('DROP TRIGGER events_are_immutable_update');
    // Valid JSON still, with the same hash, but not the stored form's tail.
    raw.exec(`UPDATE events SET metadata = replace(metadata, ',"hash":"', ', "hash":"') WHERE position = 1234`);
    raw.close();
    const rows = jest.spyOn(store, 'readAllRows');
    await ledgerOf(store).sync();
    expect(rows.mock.calls[0]?.[0]).toBe(1233n);
    rows.mockRestore();
    await sameTree(store);
  });

  it('stays on this thread for a short log', async () => {
    const short = tempDir();
    const small = new SqliteEventStore({ file: join(short.path, 'events.sqlite'), clock });
    try {
      await small.append(freshStreamId('breach'), numbered(30), { expectedRevision: 'no_stream' });
      const rows = jest.spyOn(small, 'readAllRows');
      expect(await ledgerOf(small).sync()).toBe(30);
      expect(rows.mock.results.map((result) => (result.value as readonly unknown[]).length)).toEqual([30]);
    } finally {
      await small.close();
      short.remove();
    }
  });

  it('goes on on this thread when the thread cannot read the file', async () => {
    const away = { ...store.fileForReaders()!, file: join(dir.path, 'absent.sqlite') };
    const events = new Proxy(store, { get: (target, property) => (property === 'fileForReaders' ? () => away : Reflect.get(target, property, target)) as unknown });
    await sameTree(events as unknown as EventStore);
  });
});

