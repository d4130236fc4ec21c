import { beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { LeafPositions } from '../../src/ledger/leaf-positions.js';
import { ledgerExport } from '../../src/ledger/ledger-export.js';
import { Ledger } from '../../src/ledger/ledger.js';
import { MerkleTree, leafHash, verifyInclusion } from '../../src/ledger/merkle.js';
import { StreamNotFoundError } from '../../src/event-store/event-store.errors.js';
import { START, type EventStore, type ReadAllOptions, type StoredEvent } from '../../src/event-store/event-store.port.js';
import { GENESIS_HASH, seal } from '../../src/event-store/hash-chain.js';
import { FixedClock } from '../../src/shared/clock.js';

const key = generateKeyPairSync('ed25519');
const clock = new FixedClock('2026-03-01T00:00:00.000Z');

/**
 * A read-only store over a list, answering at once as the embedded store does (its reads are
 * synchronous under the promise): whatever serves other requests meanwhile is the reader's
 * own doing. Positions may have gaps.
 */
function listStore(count: number, eventAt: (index: number) => StoredEvent): EventStore & { pagesRead: number } {
  const unsupported = (): never => {
    throw new Error('read-only');
  };
  const store = {
    pagesRead: 0,
    append: unsupported,
    subscribeToAll: unsupported,
    close: async () => undefined,
    headPosition: async () => (count === 0 ? START : eventAt(count - 1).position),
    // No checkpoints recorded.
    readStream: async (streamId: string) => {
      throw new StreamNotFoundError(streamId);
    },
    readAll: async ({ fromPosition, afterPosition, maxCount = 1000 }: ReadAllOptions = {}) => {
      store.pagesRead += 1;
      // Positions are 3 i + 1: the first index at or after a position.
      const first = afterPosition !== undefined ? Number((afterPosition + 2n) / 3n) : fromPosition !== undefined ? Number((fromPosition + 1n) / 3n) : 0;
      const page: StoredEvent[] = [];
      for (let i = first; i < Math.min(count, first + maxCount); i += 1) page.push(eventAt(i));
      return page;
    },
  };
  return store;
}

const positionOf = (index: number) => BigInt(3 * index + 1);

/** Leaves only (what sync reads): a position and a hash per event, nothing else. */
function leafOnlyEvent(index: number): StoredEvent {
  const hash = createHash('sha256').update(String(index)).digest('hex');
  return { position: positionOf(index), streamId: 'leaf', metadata: { hash } } as unknown as StoredEvent;
}

/** A sealed log over 200 streams, every chain valid. */
function sealedLog(count: number): StoredEvent[] {
  const heads = new Map<string, { revision: number; hash: string }>();
  return Array.from({ length: count }, (_, index) => {
    const streamId = `breach-00000000-0000-4000-8000-${String(index % 200).padStart(12, '0')}`;
    const head = heads.get(streamId);
    const revision = head ? head.revision + 1 : 0;
    const commandId = `command-${index}`;
    const sealed = seal({
      eventId: `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`,
      streamId,
      revision,
      type: 'BreachUpdated',
      schemaVersion: 1,
      data: { n: index, title: `event ${index}`, tags: ['a', 'b'] },
      metadata: { actor: { id: 'po-1', role: 'privacy-officer' }, commandId, correlationId: commandId, causationId: commandId, recordedAt: '2026-03-01T00:00:00.000Z', prevHash: head?.hash ?? GENESIS_HASH },
    });
    heads.set(streamId, { revision, hash: sealed.metadata.hash });
    return { ...sealed, position: positionOf(index) };
  });
}

/**
 * Runs `work` while counting the turns the event loop gives a setImmediate ticker, as it gives
 * an HTTP request: how many ran before the work was done, and whether the work was still
 * pending at the first.
 */
async function turnsDuring<T>(work: () => Promise<T>): Promise<{ result: T; turns: number; pendingAtFirstTurn: boolean }> {
  let done = false;
  let turns = 0;
  let pendingAtFirstTurn = false;
  const tick = (): void => {
    if (done) return;
    if (turns === 0) pendingAtFirstTurn = true;
    turns += 1;
    setImmediate(tick);
  };
  setImmediate(tick);
  try {
    return { result: await work(), turns, pendingAtFirstTurn };
  } finally {
    done = true;
  }
}

describe('the leaf index', () => {
  it('finds each leaf by its position by binary search, over gaps and past 2^63', () => {
    const positions = new LeafPositions();
    const values = [1n, 2n, 7n, 100n, 2n ** 63n + 5n, 2n ** 64n - 1n];
    for (const value of values) positions.push(value);
    values.forEach((value, index) => expect(positions.indexOf(value)).toBe(index));
    for (const missing of [0n, 3n, 99n, 2n ** 63n]) expect(positions.indexOf(missing)).toBeUndefined();
    expect(positions.at(2)).toBe(7n);
    expect(positions.last()).toBe(2n ** 64n - 1n);
    expect(positions.at(6)).toBeUndefined();
  });

  it('refuses a position that does not increase', () => {
    const positions = new LeafPositions();
    positions.push(5n);
    expect(() => positions.push(5n)).toThrow(RangeError);
    expect(() => positions.push(4n)).toThrow(RangeError);
    expect(positions.length).toBe(1);
  });
});

describe('the Ledger over a long log', () => {
  it('holds at most 80 bytes per event once the tree is built, in buffers, with no Map or array per event', async () => {
    const count = 100_000;
    const ledger = new Ledger(listStore(count, leafOnlyEvent), clock, 'privacy-ledger.test', key);
    expect(await ledger.sync()).toBe(count);
    const { leaves, bytes } = ledger.memory();
    expect(leaves).toBe(count);
    expect(bytes / leaves).toBeLessThanOrEqual(80);
    const fields = Object.values(ledger) as unknown[];
    expect(fields.some((field) => field instanceof Map || field instanceof Set)).toBe(false);
    expect(fields.some((field) => Array.isArray(field) && field.length > 1000)).toBe(false);
    // The index still answers: a leaf by its position, and its proof against the root.
    const tree = new MerkleTree();
    for (let i = 0; i < count; i += 1) tree.append(leafHash(leafOnlyEvent(i).metadata.hash));
    const target = 61_729;
    const proof = await ledger.inclusionProof(positionOf(target));
    expect(proof).toMatchObject({ leafIndex: target, treeSize: count, rootHash: tree.root().toString('base64') });
    expect(verifyInclusion(leafHash(leafOnlyEvent(target).metadata.hash), target, count, proof.proof.map((hash) => Buffer.from(hash, 'base64')), tree.root())).toBe(true);
    await expect(ledger.inclusionProof(positionOf(target) + 1n)).rejects.toMatchObject({ code: 'event-not-found' });
  });
});

describe('whole-log work leaves the event loop to other requests', () => {
  const count = 20_000;
  let events: StoredEvent[];
  beforeAll(() => {
    events = sealedLog(count);
  });
  const store = () => listStore(count, (index) => events[index]!);

  it('builds the tree (the first checkpoint or proof after a start) in slices', async () => {
    const ledger = new Ledger(store(), clock, 'privacy-ledger.test', key);
    const { result, turns, pendingAtFirstTurn } = await turnsDuring(() => ledger.sync());
    expect(result).toBe(count);
    expect(pendingAtFirstTurn).toBe(true);
    expect(turns).toBeGreaterThan(1);
  });

  it('verifies the whole log in slices', async () => {
    const ledger = new Ledger(store(), clock, 'privacy-ledger.test', key);
    const { result, turns, pendingAtFirstTurn } = await turnsDuring(() => ledger.verify());
    expect(result).toMatchObject({ ok: true, events: count });
    expect(pendingAtFirstTurn).toBe(true);
    expect(turns).toBeGreaterThan(1);
  });

  it('exports the whole log in slices, reading a page at a time as the lines are taken', async () => {
    const source = store();
    const ledger = new Ledger(source, clock, 'privacy-ledger.test', key);
    await ledger.sync();
    const lines = await ledgerExport(ledger);
    const pagesBefore = source.pagesRead;
    // Nothing is read ahead of the reader: the first lines cost one page.
    await lines.next();
    await lines.next();
    expect(source.pagesRead - pagesBefore).toBe(1);
    const { result, turns, pendingAtFirstTurn } = await turnsDuring(async () => {
      let n = 2;
      for await (const _line of lines) n += 1;
      return n;
    });
    expect(result).toBe(count + 2); // the header, the events, the footer
    expect(pendingAtFirstTurn).toBe(true);
    expect(turns).toBeGreaterThan(1);
  });
});
