import { describe, expect, it, jest } from '@jest/globals';
import { AccessDeniedError } from '@eventstore/db-client';
import { EventStoreDbEventStore, type EventStoreDbLog } from '../../src/event-store/eventstoredb/eventstoredb-event-store.js';
import type { StoredEvent } from '../../src/event-store/event-store.port.js';
import { FakeEventStoreDbClient } from '../support/fake-eventstoredb-client.js';
import { freshStreamId, numbered } from '../support/events.js';
import { describeEventStoreConformance, type StoreSettings } from './event-store.conformance.js';

/*
 * The EventStoreDB adapter against a stand-in for the client (test/support): what can be
 * checked without a server. The same adapter runs against a real KurrentDB in the
 * testcontainers suites wherever a container runtime exists.
 */
const quiet: EventStoreDbLog = { warn: () => undefined, error: () => undefined };

function storeOn(fake: FakeEventStoreDbClient, settings: StoreSettings & { maxAppendBytes?: number; log?: EventStoreDbLog } = {}) {
  return new EventStoreDbEventStore({ connectionString: 'esdb://unused:2113?tls=false', client: fake.asClient(), resubscribeDelayMs: 5, log: quiet, ...settings });
}

describe('EventStoreDB adapter without a server', () => {
  describe('on a stand-in client', () => {
    // One log for the run, as a server's is shared: every test uses fresh streams.
    const fake = new FakeEventStoreDbClient();
    describeEventStoreConformance('eventstoredb (stand-in client)', {
      open: async (settings) => storeOn(fake, settings),
      reopen: async (store, settings) => {
        await store.close();
        return storeOn(fake, settings);
      },
    });
  });

  describe('reads that must see the latest writes go to the leader', () => {
    it('appends twice in a row while a follower lags, and reads back what it wrote', async () => {
      const fake = new FakeEventStoreDbClient();
      const store = storeOn(fake);
      const streamId = freshStreamId();
      await store.append(streamId, numbered(1), { expectedRevision: 'no_stream' });
      fake.followerLag = 10; // a follower that has none of what follows
      const second = await store.append(streamId, numbered(2), { expectedRevision: 0 });
      expect(second.events.map((event) => event.revision)).toEqual([1, 2]);
      const third = await store.append(streamId, numbered(1), { expectedRevision: 2 });
      expect(third.nextExpectedRevision).toBe(3);
      await store.close();
    });

    it('asks for the leader on every append, head read, read-back, reservation read and $all read', async () => {
      const fake = new FakeEventStoreDbClient();
      const store = storeOn(fake);
      const streamId = freshStreamId();
      const { events } = await store.append(streamId, numbered(2), { expectedRevision: 'no_stream' });
      await store.append(streamId, numbered(1), { expectedRevision: 1 });
      await expect(store.append(freshStreamId(), [{ ...numbered(1)[0]!, eventId: events[0]!.eventId }], { expectedRevision: 'no_stream' })).rejects.toMatchObject({ code: 'duplicate-event-id' });
      await store.readAll({ afterPosition: events[0]!.position });
      await store.headPosition();
      const unasked = fake.calls.filter((call) => call.method !== 'subscribeToAll' && call.options.requiresLeader !== true);
      expect(unasked).toEqual([]);
      expect(fake.calls.filter((call) => call.method === 'readStream').length).toBeGreaterThan(3);
      await store.close();
    });
  });

  describe('positions', () => {
    async function logOf(count: number) {
      const fake = new FakeEventStoreDbClient();
      const store = storeOn(fake);
      const written: StoredEvent[] = [];
      for (let index = 0; index < count; index++) written.push(...(await store.append(freshStreamId(), numbered(1), { expectedRevision: 'no_stream' })).events);
      return { fake, store, written };
    }

    it('pages $all from the last position it read, never from a position of its own making', async () => {
      const { fake, store, written } = await logOf(5);
      const after = await store.readAll({ afterPosition: written[1]!.position, maxCount: 2 });
      expect(after.map((event) => event.eventId)).toEqual([written[2]!.eventId, written[3]!.eventId]);
      const allReads = fake.calls.filter((call) => call.method === 'readAll');
      expect(allReads.every((call) => call.options.fromPosition === undefined || typeof call.options.fromPosition === 'string' || fake.positions().includes((call.options.fromPosition as { commit: bigint }).commit))).toBe(true);
      await store.close();
    });

    it('refuses a position inside a record with invalid-position, at once, without scanning the log from its start', async () => {
      const { fake, store, written } = await logOf(3);
      const inside = written[1]!.position + 1n;
      const before = fake.calls.length;
      await expect(store.readAll({ fromPosition: inside })).rejects.toMatchObject({ code: 'invalid-position', position: inside });
      await expect(store.readAll({ fromPosition: inside, direction: 'backwards' })).rejects.toMatchObject({ code: 'invalid-position' });
      await expect(store.readAll({ afterPosition: inside })).rejects.toMatchObject({ code: 'invalid-position' });
      expect(fake.calls.length - before).toBe(3);
      await store.close();
    });

    it('reads from an event\'s position, forwards and backwards, that event included', async () => {
      const { store, written } = await logOf(4);
      expect((await store.readAll({ fromPosition: written[2]!.position })).map((event) => event.eventId)).toEqual([written[2]!.eventId, written[3]!.eventId]);
      expect((await store.readAll({ fromPosition: written[1]!.position, direction: 'backwards' })).map((event) => event.eventId)).toEqual([written[1]!.eventId, written[0]!.eventId]);
      expect(await store.readAll({ fromPosition: 0n, direction: 'backwards' })).toEqual([]);
      await store.close();
    });
  });

  describe('the size of one append', () => {
    it('refuses an append larger than the server takes, before reserving an id or writing anything', async () => {
      const fake = new FakeEventStoreDbClient();
      const store = storeOn(fake, { maxAppendBytes: 2048 });
      const big = numbered(3).map((event) => ({ ...event, data: { ...event.data, text: 'x'.repeat(600) } }));
      await expect(store.append(freshStreamId(), big, { expectedRevision: 'no_stream' })).rejects.toMatchObject({ code: 'event-too-large', limit: 2048 });
      expect(fake.calls.filter((call) => call.method === 'appendToStream')).toEqual([]);
      await store.append(freshStreamId(), big.slice(0, 1), { expectedRevision: 'no_stream' });
      await store.close();
    });
  });

  describe('subscriptions', () => {
    it('resubscribes after drops from the last event delivered, delivering nothing twice, and logs each drop', async () => {
      const fake = new FakeEventStoreDbClient();
      const warn = jest.fn<EventStoreDbLog['warn']>();
      const store = storeOn(fake, { log: { warn, error: () => undefined } });
      const streamId = freshStreamId();
      await store.append(streamId, numbered(2), { expectedRevision: 'no_stream' });
      fake.subscriptionFailures.push(new Error('14 UNAVAILABLE: connection dropped'), new Error('14 UNAVAILABLE: connection dropped'));
      const subscription = store.subscribeToAll();
      const seen: number[] = [];
      const consumer = (async () => {
        for await (const event of subscription) {
          if (event.streamId === streamId) seen.push(event.revision);
          if (seen.length === 3) return;
        }
      })();
      while (warn.mock.calls.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
      await store.append(streamId, numbered(1), { expectedRevision: 1 });
      await consumer;
      await subscription.close();
      await store.close();
      expect(seen).toEqual([0, 1, 2]);
      expect(fake.calls.filter((call) => call.method === 'subscribeToAll').length).toBe(3);
      expect(warn.mock.calls.map(([fields]) => fields)).toEqual([expect.objectContaining({ failures: 1, retryInMs: 5 }), expect.objectContaining({ failures: 2, retryInMs: 10 })]);
    });

    it('doubles the wait with each failure in a row', async () => {
      const fake = new FakeEventStoreDbClient();
      const warn = jest.fn<EventStoreDbLog['warn']>();
      const store = storeOn(fake, { log: { warn, error: () => undefined } });
      fake.subscriptionFailures.push(...Array.from({ length: 4 }, () => new Error('14 UNAVAILABLE')));
      const subscription = store.subscribeToAll();
      const consumer = (async () => {
        for await (const _ of subscription) void _;
      })();
      const deadline = Date.now() + 2000;
      while (warn.mock.calls.length < 4 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      await subscription.close();
      await consumer;
      await store.close();
      expect(warn.mock.calls.slice(0, 4).map(([fields]) => (fields as { retryInMs: number }).retryInMs)).toEqual([5, 10, 20, 40]);
    });

    it('fails visibly, without resubscribing, when the server refuses the service user', async () => {
      const fake = new FakeEventStoreDbClient();
      const error = jest.fn<EventStoreDbLog['error']>();
      const store = storeOn(fake, { log: { warn: () => undefined, error } });
      fake.subscriptionFailures.push(new AccessDeniedError());
      const subscription = store.subscribeToAll();
      const consume = async () => {
        for await (const _ of subscription) void _;
      };
      await expect(consume()).rejects.toMatchObject({ code: 'event-store-access-denied' });
      expect(fake.calls.filter((call) => call.method === 'subscribeToAll')).toHaveLength(1);
      expect(error).toHaveBeenCalledTimes(1);
      await store.close();
    });

    it('fails visibly when asked to start after a position inside a record', async () => {
      const fake = new FakeEventStoreDbClient();
      const store = storeOn(fake);
      const { events } = await store.append(freshStreamId(), numbered(1), { expectedRevision: 'no_stream' });
      const subscription = store.subscribeToAll({ afterPosition: events[0]!.position + 3n });
      const consume = async () => {
        for await (const _ of subscription) void _;
      };
      await expect(consume()).rejects.toMatchObject({ code: 'invalid-position' });
      await store.close();
    });
  });
});
