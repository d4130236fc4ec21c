import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { ProjectionDefinition } from '../../projections/projection.js';
import type { EventStore, EventSubscription, ReadAllOptions, StoredEvent, SubscribeOptions } from '../event-store/event-store.port.js';
import { allDocuments, quiet, readSide } from '../../test/support/read-side.js';
import { tempDir } from '../../test/support/temp-dir.js';
import { newEvent } from '../../test/support/events.js';
import { Projections } from './projections.js';
import { SharedLog, type Reached } from './shared-log.js';

/** Counts each stream's events and the revisions seen: an event applied twice or skipped shows. */
function tally(category: string, name = `${category}-tally.v1`): ProjectionDefinition<{ streamId: string; count: number; revisions: number[] }> {
  return {
    name,
    category,
    indexes: ['count'],
    documentId: (event: StoredEvent) => event.streamId,
    apply: (document, event) => ({ streamId: event.streamId, count: (document?.count ?? 0) + 1, revisions: [...(document?.revisions ?? []), event.revision] }),
  };
}

/** The event store with a count of every event it hands out, through readAll and through subscriptions. */
function counting(store: EventStore) {
  const counted = { read: 0, subscriptions: 0 };
  const events: EventStore = Object.create(store) as EventStore;
  events.readAll = async (options?: ReadAllOptions) => {
    const page = await store.readAll(options);
    counted.read += page.length;
    return page;
  };
  events.subscribeToAll = (options?: SubscribeOptions): EventSubscription => {
    counted.subscriptions += 1;
    const subscription = store.subscribeToAll(options);
    return {
      close: () => subscription.close(),
      async *[Symbol.asyncIterator]() {
        for await (const event of subscription) {
          counted.read += 1;
          yield event;
        }
      },
    };
  };
  return { events, counted };
}

const CATEGORIES = ['alpha', 'beta', 'gamma'];
const DEFINITIONS = [...CATEGORIES.map((category) => tally(category)), tally('alpha', 'alpha-again.v1'), tally('delta')];

describe('the shared read of the log', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.remove());

  async function appendLog(events: EventStore, count: number): Promise<Map<string, number>> {
    const streams = CATEGORIES.flatMap((category) => Array.from({ length: 7 }, () => `${category}-${randomUUID()}`));
    const perStream = new Map<string, number>();
    for (let n = 0; n < count; n += 1) {
      const stream = streams[(n * 5) % streams.length] as string;
      await events.append(stream, [newEvent('Counted', { n })], { expectedRevision: 'any' });
      perStream.set(stream, (perStream.get(stream) ?? 0) + 1);
    }
    return perStream;
  }

  it('reads the log once for every projection catching up, and each gets every event of its category once', async () => {
    const side = readSide(dir.path);
    const perStream = await appendLog(side.events, 1200);
    const head = await side.events.headPosition();
    const { events, counted } = counting(side.events);
    const pageSize = 50;
    const projections = new Projections(DEFINITIONS, events, side.documents, side.clock, {
      batchSize: 10,
      idleFlushMs: 5,
      readWaitMs: 20_000,
      generationPollMs: 50,
      log: quiet,
      sharedLog: { pageSize, maxPages: 4 },
    });
    try {
      await projections.start();
      for (const { name } of DEFINITIONS) await projections.readable(name, head);
      // Five runners: each reading for itself would be 6,000 events. A runner that starts after
      // the others left a page may read that one page again for itself, no more.
      expect(counted.read).toBeGreaterThanOrEqual(1200);
      expect(counted.read).toBeLessThanOrEqual(1200 + pageSize * DEFINITIONS.length);
      expect(projections.log.pagesRead).toBeLessThanOrEqual(1200 / pageSize + DEFINITIONS.length);
      for (const { name, category } of DEFINITIONS) {
        const { collection } = await projections.readable(name, head);
        const documents = await allDocuments(side.documents, collection);
        const expected = [...perStream].filter(([stream]) => stream.startsWith(`${category}-`));
        expect(documents.size).toBe(expected.length);
        for (const document of documents.values()) {
          const count = perStream.get(document.streamId as string);
          expect([document.count, document.revisions]).toEqual([count, Array.from({ length: count ?? 0 }, (_, n) => n)]);
        }
      }
      // Then live: appends made now reach every projection through the store's own subscription.
      const stream = `beta-${randomUUID()}`;
      const { position } = await side.events.append(stream, [newEvent('Counted')], { expectedRevision: 'no_stream' });
      const { collection } = await projections.readable('beta-tally.v1', position);
      expect(await side.documents.get(collection, stream)).toMatchObject({ count: 1, revisions: [0] });
    } finally {
      await projections.stop();
      await side.close();
    }
  });

  it('reads by category: each projection reads only its own rows, and its position follows the whole log, also live', async () => {
    const side = readSide(dir.path);
    const perStream = await appendLog(side.events, 300);
    const head = await side.events.headPosition();
    const ofCategory = (category: string) => [...perStream].filter(([stream]) => stream.startsWith(`${category}-`)).reduce((sum, [, count]) => sum + count, 0);
    const readByCategory = new Map<string, number>();
    const readAll = side.events.readAll.bind(side.events);
    side.events.readAll = async (options?: ReadAllOptions) => {
      const page = await readAll(options);
      const key = options?.categories?.join(',') ?? '*';
      readByCategory.set(key, (readByCategory.get(key) ?? 0) + page.length);
      return page;
    };
    const projections = new Projections(DEFINITIONS, side.events, side.documents, side.clock, {
      batchSize: 10,
      idleFlushMs: 5,
      readWaitMs: 20_000,
      generationPollMs: 50,
      log: quiet,
      sharedLog: { pageSize: 25, maxPages: 4 },
    });
    try {
      await projections.start();
      for (const { name } of DEFINITIONS) await projections.readable(name, head);
      // Each category's events read once (alpha by two projections), delta has none; nothing reads the whole log.
      expect(Object.fromEntries(readByCategory)).toEqual({ alpha: ofCategory('alpha'), beta: ofCategory('beta'), gamma: ofCategory('gamma'), delta: 0 });
      const status = await projections.status();
      expect(status.map((entry) => [entry.name, entry.position, entry.lag])).toEqual(DEFINITIONS.map(({ name }) => [name, head.toString(), '0']));
      // Live: an alpha event moves delta's position too (read-your-writes across projections).
      const { position } = await side.events.append(`alpha-${randomUUID()}`, [newEvent('Counted')], { expectedRevision: 'no_stream' });
      await projections.readable('delta-tally.v1', position);
      expect((await projections.readable('alpha-tally.v1', position)).position).toBeGreaterThanOrEqual(position);
    } finally {
      await projections.stop();
      await side.close();
    }
  });

  it('holds at most maxPages pages, and lets a reader far behind read for itself without stopping the others', async () => {
    const side = readSide(dir.path);
    await appendLog(side.events, 600);
    const head = await side.events.headPosition();
    const log = new SharedLog(side.events, { pageSize: 20, maxPages: 3 });
    const held: number[] = [];
    const original = side.events.readAll.bind(side.events);
    side.events.readAll = async (options) => {
      held.push((log as unknown as { pages: unknown[] }).pages.length);
      return original(options);
    };
    const ahead = log.subscribe(0n)[Symbol.asyncIterator]();
    const seenAhead: bigint[] = [];
    const read = async (iterator: AsyncIterator<StoredEvent | Reached>, into: bigint[], until: number) => {
      while (into.length < until) into.push(((await iterator.next()).value as StoredEvent).position);
    };
    await read(ahead, seenAhead, 300);
    // A second reader from the start, far behind: it reads pages of its own while the first goes on.
    const behind = log.subscribe(0n)[Symbol.asyncIterator]();
    const seenBehind: bigint[] = [];
    await Promise.all([read(ahead, seenAhead, 600), read(behind, seenBehind, 600)]);
    const all = (await side.events.readAll({ maxCount: 1000 })).map((event) => event.position);
    expect(seenAhead).toEqual(all);
    expect(seenBehind).toEqual(all);
    expect(all.at(-1)).toBe(head);
    expect(Math.max(...held)).toBeLessThanOrEqual(3);
    await Promise.all([ahead.return?.(), behind.return?.()]);
    await side.close();
  });

  it('ends a reader waiting for room when it is closed', async () => {
    const side = readSide(dir.path);
    await appendLog(side.events, 200);
    const log = new SharedLog(side.events, { pageSize: 10, maxPages: 2 });
    const slow = log.subscribe(0n);
    const fast = log.subscribe(0n);
    const slowIterator = slow[Symbol.asyncIterator]();
    const fastIterator = fast[Symbol.asyncIterator]();
    await slowIterator.next(); // the slow reader stands in the first page
    for (let n = 0; n < 20; n += 1) await fastIterator.next(); // the fast one has filled both pages
    const waiting = fastIterator.next(); // and waits for the slow one to make room
    await fast.close();
    expect(await waiting).toMatchObject({ done: true });
    await slow.close();
    await side.close();
  });
});
