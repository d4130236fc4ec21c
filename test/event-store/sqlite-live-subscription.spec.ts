import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { EventStore, EventSubscription, StoredEvent } from '../../src/event-store/event-store.port.js';
import { SqliteEventStore, type SqliteEventStoreOptions } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { freshStreamId, newEvent, numbered } from '../support/events.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * Live subscriptions of the SQLite store are handed the events this process commits instead
 * of reading them back (sqlite-subscription.ts): what they give must be what a read gives.
 */

let dir: ReturnType<typeof tempDir>;
const stores = new Set<EventStore>();

beforeEach(() => {
  dir = tempDir('privacy-ledger-sqlite-live-');
});

afterEach(async () => {
  await Promise.all([...stores].map((store) => store.close()));
  stores.clear();
  dir.remove();
});

function open(options: SqliteEventStoreOptions): SqliteEventStore {
  const store = new SqliteEventStore(options);
  stores.add(store);
  return store;
}

/** Collects what a subscription gives until `count` events have come (or fails after a while). */
function collect(subscription: EventSubscription): { readonly seen: StoredEvent[]; until(count: number): Promise<void>; stop(): Promise<void> } {
  const seen: StoredEvent[] = [];
  const consuming = (async () => {
    for await (const event of subscription) seen.push(event);
  })();
  return {
    seen,
    async until(count) {
      const deadline = Date.now() + 10_000;
      while (seen.length < count) {
        if (Date.now() > deadline) throw new Error(`the subscription gave ${seen.length} of ${count} events`);
        await delay(5);
      }
    },
    async stop() {
      await subscription.close();
      await consuming;
    },
  };
}

describe('SqliteEventStore live subscriptions', () => {
  it('give the events this process appends exactly as a read of their rows gives them, members in the same order', async () => {
    const store = open({ file: join(dir.path, 'events.sqlite') });
    const start = await store.headPosition();
    const live = collect(store.subscribeToAll({ afterPosition: start }));
    const stream = freshStreamId('case');
    await store.append(stream, [newEvent('Opened', { z: 1, a: { y: [1, 'two', null], b: true }, name: 'Jansen' }), newEvent('Noted', { note: 'é\u2028' })], { expectedRevision: 'no_stream' });
    await Promise.all([store.append(freshStreamId('case'), numbered(3), { expectedRevision: 'no_stream' }), store.append(stream, numbered(1), { expectedRevision: 1 })]);
    await live.until(6);
    await live.stop();

    const read = await store.readAll({ afterPosition: start });
    expect(read).toHaveLength(6);
    expect(live.seen).toEqual(read);
    expect(JSON.stringify(live.seen, (_, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))).toBe(
      JSON.stringify(read, (_, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)),
    );
  });

  it('share one copy of each event between subscriptions, apart from what the append answered (changing that changes nothing delivered)', async () => {
    const store = open({ file: join(dir.path, 'events.sqlite') });
    const start = await store.headPosition();
    const one = collect(store.subscribeToAll({ afterPosition: start }));
    const other = collect(store.subscribeToAll({ afterPosition: start }));
    const appended = await store.append(freshStreamId('case'), [newEvent('Opened', { n: 1 })], { expectedRevision: 'no_stream' });
    (appended.events[0]!.data as { n: number }).n = 2;
    await one.until(1);
    await other.until(1);
    await one.stop();
    await other.stop();

    expect(one.seen[0]).toBe(other.seen[0]);
    expect(one.seen[0]!.data).toEqual({ n: 1 });
    expect(one.seen).toEqual(await store.readAll({ afterPosition: start }));
  });

  it('give every event once in position order when another instance on the file appends between and after the appends of this one', async () => {
    const file = join(dir.path, 'events.sqlite');
    const store = open({ file, pollIntervalMs: 20 });
    const other = open({ file, pollIntervalMs: 20 });
    const start = await store.headPosition();
    const live = collect(store.subscribeToAll({ afterPosition: start }));
    const mine = freshStreamId('mine');
    const theirs = freshStreamId('theirs');
    await store.append(mine, numbered(2), { expectedRevision: 'no_stream' });
    await other.append(theirs, numbered(2), { expectedRevision: 'no_stream' });
    await store.append(mine, numbered(2), { expectedRevision: 1 });
    await other.append(theirs, numbered(1), { expectedRevision: 1 });
    for (let n = 0; n < 10; n++) {
      await Promise.all([store.append(mine, numbered(1), { expectedRevision: 'any' }), other.append(theirs, numbered(1), { expectedRevision: 'any' })]);
    }
    const read = await store.readAll({ afterPosition: start });
    expect(read).toHaveLength(27);
    // The last appends of the other instance are seen by looking (the poll interval), those of this one when handed.
    await live.until(27);
    await delay(60);
    await live.stop();

    expect(live.seen).toEqual(read);
  });

  it('read a category subscription from the file as before, handed nothing', async () => {
    const store = open({ file: join(dir.path, 'events.sqlite') });
    const start = await store.headPosition();
    const category = `c${Date.now().toString(36)}`;
    const live = collect(store.subscribeToAll({ afterPosition: start, categories: [category] }));
    await store.append(freshStreamId('other'), numbered(2), { expectedRevision: 'no_stream' });
    await store.append(`${category}-1`, numbered(2), { expectedRevision: 'no_stream' });
    await live.until(2);
    await live.stop();

    expect(live.seen).toEqual(await store.readAll({ afterPosition: start, categories: [category] }));
  });
});
