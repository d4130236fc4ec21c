import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { FixedClock, type Clock } from '../../src/shared/clock.js';
import {
  DuplicateEventIdError,
  EventStoreClosedError,
  EventTooLargeError,
  InvalidEventError,
  InvalidExpectedRevisionError,
  InvalidStreamIdError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '../../src/event-store/event-store.errors.js';
import type { EventStore, NewEvent, StoredEvent } from '../../src/event-store/event-store.port.js';
import { GENESIS_HASH } from '../../src/event-store/hash-chain.js';
import { verifyAll, verifyStream } from '../../src/event-store/verify.js';
import { commandMetadata, freshStreamId, newEvent, numbered } from '../support/events.js';

export interface StoreSettings {
  readonly clock?: Clock;
  readonly maxEventBytes?: number;
}

/**
 * What a conformance run needs from an adapter. The log may be shared between tests
 * (a container's EventStoreDB is), so every test uses fresh stream ids and never
 * assumes the log is empty.
 */
export interface EventStoreHarness {
  open(settings?: StoreSettings): Promise<EventStore>;
  /** Closes the store and opens the same storage again. */
  reopen(store: EventStore, settings?: StoreSettings): Promise<EventStore>;
}

/** The EventStore port's contract: every adapter runs exactly these tests. */
export function describeEventStoreConformance(adapter: string, harness: EventStoreHarness): void {
  const withStore = (settings: StoreSettings, test: (store: EventStore) => Promise<void>) => async () => {
    const store = await harness.open(settings);
    try {
      await test(store);
    } finally {
      await store.close();
    }
  };
  const using = (test: (store: EventStore) => Promise<void>) => withStore({}, test);

  describe(`EventStore conformance: ${adapter}`, () => {
    describe('appending and reading a stream', () => {
      it(
        'stores events in order with the full envelope, the time from the clock and a hash chain',
        withStore({ clock: new FixedClock('2026-03-01T10:15:30.123Z') }, async (store) => {
          const streamId = freshStreamId('breach');
          const metadata = commandMetadata({ actor: { id: 'po-7', role: 'privacy-officer' } });
          const events: NewEvent[] = [
            { eventId: randomUUID(), type: 'BreachDetected', data: { title: 'letter to wrong address' }, metadata },
            { type: 'DpoInformed', schemaVersion: 2, data: { informedAt: '2026-03-01T11:00:00.000Z' }, metadata },
          ];
          const result = await store.append(streamId, events, { expectedRevision: 'no_stream' });
          expect(result.nextExpectedRevision).toBe(1);
          const read = await store.readStream(streamId);
          expect(read).toEqual(result.events);
          const [first, second] = read as [StoredEvent, StoredEvent];
          expect(first).toMatchObject({ eventId: events[0]!.eventId, streamId, revision: 0, type: 'BreachDetected', schemaVersion: 1 });
          expect(second).toMatchObject({ streamId, revision: 1, type: 'DpoInformed', schemaVersion: 2 });
          expect(second.eventId).toMatch(/^[0-9a-f-]{36}$/);
          expect(first.data).toEqual({ title: 'letter to wrong address' });
          expect(first.metadata).toMatchObject({ ...metadata, recordedAt: '2026-03-01T10:15:30.123Z', prevHash: GENESIS_HASH });
          expect(first.metadata.hash).toMatch(/^[0-9a-f]{64}$/);
          expect(second.metadata.prevHash).toBe(first.metadata.hash);
          expect(typeof first.position).toBe('bigint');
          expect(second.position).toBeGreaterThan(first.position);
          expect(result.position).toBe(second.position);
        }),
      );

      it(
        'continues a stream at the expected revision and with "any"',
        using(async (store) => {
          const streamId = freshStreamId();
          await store.append(streamId, numbered(2), { expectedRevision: 'no_stream' });
          await store.append(streamId, numbered(1), { expectedRevision: 1 });
          const any = await store.append(streamId, numbered(1), { expectedRevision: 'any' });
          expect(any.nextExpectedRevision).toBe(3);
          expect((await store.readStream(streamId)).map((e) => e.revision)).toEqual([0, 1, 2, 3]);
          expect((await verifyStream(store, streamId)).ok).toBe(true);
        }),
      );

      it(
        'reads forwards and backwards, from a revision, with a max count',
        using(async (store) => {
          const streamId = freshStreamId();
          await store.append(streamId, numbered(10), { expectedRevision: 'no_stream' });
          const revisions = async (options: Parameters<EventStore['readStream']>[1]) =>
            (await store.readStream(streamId, options)).map((e) => e.revision);
          expect(await revisions({ fromRevision: 7 })).toEqual([7, 8, 9]);
          expect(await revisions({ fromRevision: 2, maxCount: 3 })).toEqual([2, 3, 4]);
          expect(await revisions({ direction: 'backwards', maxCount: 2 })).toEqual([9, 8]);
          expect(await revisions({ direction: 'backwards', fromRevision: 3 })).toEqual([3, 2, 1, 0]);
          expect(await revisions({ fromRevision: 10 })).toEqual([]);
        }),
      );

      it(
        'reports a stream that does not exist',
        using(async (store) => {
          await expect(store.readStream(freshStreamId())).rejects.toBeInstanceOf(StreamNotFoundError);
        }),
      );
    });

    describe('optimistic concurrency', () => {
      it(
        'refuses a wrong expected revision, naming the actual one',
        using(async (store) => {
          const streamId = freshStreamId();
          await expect(store.append(streamId, numbered(1), { expectedRevision: 0 })).rejects.toMatchObject({
            code: 'wrong-expected-revision',
            actual: 'no_stream',
          });
          await store.append(streamId, numbered(3), { expectedRevision: 'no_stream' });
          const refused = store.append(streamId, numbered(1), { expectedRevision: 'no_stream' });
          await expect(refused).rejects.toBeInstanceOf(WrongExpectedRevisionError);
          await expect(refused).rejects.toMatchObject({ streamId, expected: 'no_stream', actual: 2 });
          await expect(store.append(streamId, numbered(1), { expectedRevision: 1 })).rejects.toMatchObject({ expected: 1, actual: 2 });
        }),
      );

      it(
        'lets exactly one of several racing appenders win a revision',
        using(async (store) => {
          const streamId = freshStreamId();
          await store.append(streamId, numbered(1), { expectedRevision: 'no_stream' });
          const racers = Array.from({ length: 12 }, (_, n) => store.append(streamId, [newEvent('Raced', { racer: n })], { expectedRevision: 0 }));
          const outcomes = await Promise.allSettled(racers);
          const winners = outcomes.filter((o) => o.status === 'fulfilled');
          const losers = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
          expect(winners).toHaveLength(1);
          losers.forEach((o) => expect(o.reason).toBeInstanceOf(WrongExpectedRevisionError));
          expect((await store.readStream(streamId)).map((e) => e.type)).toEqual(['Counted', 'Raced']);
        }),
      );

      it(
        'leaves the stream unchanged after a refused append, and the next append at the right revision succeeds',
        using(async (store) => {
          const streamId = freshStreamId();
          await store.append(streamId, numbered(2), { expectedRevision: 'no_stream' });
          const before = await store.readStream(streamId);
          await expect(store.append(streamId, numbered(3), { expectedRevision: 0 })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
          expect(await store.readStream(streamId)).toEqual(before);
          const next = await store.append(streamId, numbered(1), { expectedRevision: 1 });
          expect(next.nextExpectedRevision).toBe(2);
          expect(next.events[0]!.metadata.prevHash).toBe(before[1]!.metadata.hash);
        }),
      );
    });

    describe('atomicity', () => {
      it(
        'writes all events of one append with consecutive revisions and increasing positions',
        using(async (store) => {
          const streamId = freshStreamId();
          const result = await store.append(streamId, numbered(25), { expectedRevision: 'no_stream' });
          expect(result.events.map((e) => e.revision)).toEqual(Array.from({ length: 25 }, (_, n) => n));
          result.events.slice(1).forEach((e, i) => expect(e.position).toBeGreaterThan(result.events[i]!.position));
        }),
      );

      it(
        'writes none of the events of an append when one of them is refused',
        using(async (store) => {
          const streamId = freshStreamId();
          const taken = randomUUID();
          await store.append(freshStreamId(), [newEvent('Taken', {}, { eventId: taken })], { expectedRevision: 'no_stream' });
          const head = await store.headPosition();
          const append = store.append(streamId, [...numbered(3), newEvent('Clash', {}, { eventId: taken })], { expectedRevision: 'no_stream' });
          await expect(append).rejects.toBeInstanceOf(DuplicateEventIdError);
          await expect(store.readStream(streamId)).rejects.toBeInstanceOf(StreamNotFoundError);
          expect(await store.headPosition()).toBe(head);
          await store.append(streamId, numbered(1), { expectedRevision: 'no_stream' });
        }),
      );
    });

    describe('the global order', () => {
      it(
        'gives strictly increasing positions in commit order, from a position, forwards and backwards',
        using(async (store) => {
          const start = await store.headPosition();
          const a = freshStreamId();
          const b = freshStreamId();
          await store.append(a, numbered(2), { expectedRevision: 'no_stream' });
          await store.append(b, numbered(2), { expectedRevision: 'no_stream' });
          await store.append(a, numbered(1), { expectedRevision: 1 });
          const ours = (events: readonly StoredEvent[]) => events.filter((e) => e.streamId === a || e.streamId === b);
          const all = ours(await store.readAll({ afterPosition: start }));
          expect(all.map((e) => `${e.streamId === a ? 'a' : 'b'}${e.revision}`)).toEqual(['a0', 'a1', 'b0', 'b1', 'a2']);
          all.slice(1).forEach((e, i) => expect(e.position).toBeGreaterThan(all[i]!.position));
          const third = all[2]!;
          expect(ours(await store.readAll({ fromPosition: third.position, maxCount: 2 }))).toEqual(all.slice(2, 4));
          const backwards = ours(await store.readAll({ direction: 'backwards', maxCount: 5 }));
          expect(backwards).toEqual([...all].reverse());
          expect(await store.headPosition()).toBe(all.at(-1)!.position);
        }),
      );

      it(
        'never shows system streams',
        using(async (store) => {
          const events = await store.readAll({ maxCount: 500 });
          expect(events.filter((e) => e.streamId.startsWith('$'))).toEqual([]);
        }),
      );
    });

    describe('reading and subscribing by category', () => {
      /** Fresh category names (the log may be shared), one a prefix of the other. */
      const categories = () => {
        const base = `c${randomUUID().replace(/-/g, '').slice(0, 12)}`;
        return { a: base, longer: `${base}x`, b: `d${base.slice(1)}.v2` };
      };

      it(
        'gives only the streams of the categories, in the global order, forwards, backwards and in pages',
        using(async (store) => {
          const { a, longer, b } = categories();
          const start = await store.headPosition();
          const a1 = `${a}-${randomUUID()}`;
          const a2 = `${a}-${randomUUID()}`;
          const bare = a; // the stream named as its category belongs to it
          const other = `${longer}-${randomUUID()}`; // a longer category sharing the prefix does not
          const b1 = `${b}-${randomUUID()}`;
          await store.append(a1, numbered(2), { expectedRevision: 'no_stream' });
          await store.append(other, numbered(2), { expectedRevision: 'no_stream' });
          await store.append(b1, numbered(1), { expectedRevision: 'no_stream' });
          await store.append(bare, numbered(1), { expectedRevision: 'no_stream' });
          await store.append(a2, numbered(1), { expectedRevision: 'no_stream' });
          await store.append(a1, numbered(1), { expectedRevision: 1 });
          const all = await store.readAll({ afterPosition: start, maxCount: 10_000 });
          const of = (...streams: string[]) => all.filter((event) => streams.includes(event.streamId));

          const onlyA = await store.readAll({ afterPosition: start, categories: [a] });
          expect(onlyA).toEqual(of(a1, bare, a2));
          expect(onlyA.map((e) => `${e.streamId === a1 ? 'a1' : e.streamId === a2 ? 'a2' : 'bare'}:${e.revision}`)).toEqual(['a1:0', 'a1:1', 'bare:0', 'a2:0', 'a1:2']);
          // Two categories: merged in the global order; the order of the names does not matter.
          expect(await store.readAll({ afterPosition: start, categories: [b, a] })).toEqual(of(a1, b1, bare, a2));
          expect(await store.readAll({ afterPosition: start, categories: [a, b, a] })).toEqual(of(a1, b1, bare, a2));
          // Paging: maxCount counts the events of the categories only.
          const first = await store.readAll({ afterPosition: start, categories: [a, b], maxCount: 2 });
          expect(first).toEqual(of(a1, b1, bare, a2).slice(0, 2));
          const second = await store.readAll({ afterPosition: first.at(-1)!.position, categories: [a, b], maxCount: 2 });
          expect(second).toEqual(of(a1, b1, bare, a2).slice(2, 4));
          const third = onlyA[2]!;
          expect(await store.readAll({ fromPosition: third.position, categories: [a] })).toEqual(onlyA.slice(2));
          expect(await store.readAll({ direction: 'backwards', categories: [a], maxCount: 3 })).toEqual([...onlyA].reverse().slice(0, 3));
          expect(await store.readAll({ direction: 'backwards', fromPosition: third.position, categories: [a] })).toEqual(onlyA.slice(0, 3).reverse());
          expect(await store.readAll({ afterPosition: start, categories: [longer] })).toEqual(of(other));
          expect(await store.readAll({ afterPosition: start, categories: [`n${a}`] })).toEqual([]);
        }),
      );

      it(
        'subscribes to the categories only: catch-up, then live',
        using(async (store) => {
          const { a, b } = categories();
          const start = await store.headPosition();
          const ours = `${a}-${randomUUID()}`;
          const theirs = `${b}-${randomUUID()}`;
          await store.append(ours, numbered(3), { expectedRevision: 'no_stream' });
          await store.append(theirs, numbered(3), { expectedRevision: 'no_stream' });
          const subscription = store.subscribeToAll({ afterPosition: start, categories: [a] });
          const seen: StoredEvent[] = [];
          const consumer = (async () => {
            for await (const event of subscription) {
              seen.push(event);
              if (event.streamId === ours && event.revision === 5) break;
            }
          })();
          for (let round = 0; round < 3; round += 1) {
            await store.append(theirs, numbered(1), { expectedRevision: 2 + round });
            await store.append(ours, numbered(1), { expectedRevision: 2 + round });
          }
          await consumer;
          await subscription.close();
          expect(seen.map((e) => `${e.streamId === ours ? 'a' : 'other'}${e.revision}`)).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'a5']);
          expect(seen).toEqual(await store.readAll({ afterPosition: start, categories: [a] }));
        }),
      );

      it(
        'refuses a list that names no category, or something that is not one',
        using(async (store) => {
          const bad: unknown[] = [[], ['breach-1'], ['$all'], [''], [7], 'breach', Array.from({ length: 21 }, (_, n) => `c${n}`)];
          for (const categories of bad) {
            await expect(store.readAll({ categories: categories as string[] })).rejects.toMatchObject({ code: 'invalid-read-options' });
            expect(() => store.subscribeToAll({ categories: categories as string[] })).toThrow(expect.objectContaining({ code: 'invalid-read-options' }));
          }
        }),
      );
    });

    describe('reading categories stream by stream (optional: readCategoriesByStream)', () => {
      /** Fresh category names (the log may be shared), one a prefix of the other. */
      const categories = () => {
        const base = `s${randomUUID().replace(/-/g, '').slice(0, 12)}`;
        return { a: base, longer: `${base}x`, dotted: `${base}.v2`, b: `t${base.slice(1)}` };
      };
      const byStream = (events: readonly StoredEvent[]) =>
        [...events].sort((x, y) => (x.streamId === y.streamId ? x.revision - y.revision : x.streamId < y.streamId ? -1 : 1));

      it(
        'gives the categories\' events up to a position, stream by stream in revision order, in keyset pages',
        using(async (store) => {
          if (!store.readCategoriesByStream) return; // an engine without it keeps the global order
          const { a, longer, dotted, b } = categories();
          const start = await store.headPosition();
          const streams = [`${a}-${randomUUID()}`, `${a}-${randomUUID()}`, `${a}-${randomUUID()}`, a, `${b}-${randomUUID()}`];
          const others = [`${longer}-${randomUUID()}`, `${dotted}-${randomUUID()}`];
          // Interleaved, so global order and stream order differ.
          for (let round = 0; round < 3; round += 1) {
            for (const stream of [...streams, ...others]) await store.append(stream, numbered(round + 1), { expectedRevision: round === 0 ? 'no_stream' : (round * (round + 1)) / 2 - 1 });
          }
          const head = await store.headPosition();
          await store.append(streams[0]!, numbered(1), { expectedRevision: 5 }); // after the head: left out
          const all = (await store.readAll({ afterPosition: start, maxCount: 10_000 })).filter((event) => event.position <= head);
          const of = (...categoriesOf: string[]) => byStream(all.filter((event) => categoriesOf.some((c) => event.streamId === c || event.streamId.startsWith(`${c}-`))));

          const onlyA = await store.readCategoriesByStream({ categories: [a], toPosition: head });
          expect(onlyA).toEqual(of(a));
          expect(onlyA).toHaveLength(4 * 6);
          expect(await store.readCategoriesByStream({ categories: [b, a], toPosition: head })).toEqual(of(a, b));
          expect(await store.readCategoriesByStream({ categories: [longer], toPosition: head })).toEqual(of(longer));
          expect(await store.readCategoriesByStream({ categories: [dotted], toPosition: head })).toEqual(of(dotted));
          // Pages of every size end where the next begins, within a stream and between categories.
          for (const maxCount of [1, 4, 5, 7]) {
            const paged: StoredEvent[] = [];
            let after: { streamId: string; revision: number } | undefined;
            for (;;) {
              const page = await store.readCategoriesByStream({ categories: [a, b], toPosition: head, maxCount, ...(after ? { after } : {}) });
              paged.push(...page);
              if (page.length < maxCount) break;
              const last = page.at(-1)!;
              after = { streamId: last.streamId, revision: last.revision };
            }
            expect(paged).toEqual(of(a, b));
          }
          // Up to a position: the events after it are left out, of every stream.
          const middle = all[Math.floor(all.length / 2)]!.position;
          expect(await store.readCategoriesByStream({ categories: [a], toPosition: middle })).toEqual(of(a).filter((event) => event.position <= middle));
          expect(await store.readCategoriesByStream({ categories: [`n${a}`], toPosition: head })).toEqual([]);
          if (store.countCategoryEvents) {
            expect(await store.countCategoryEvents({ categories: [a, b], toPosition: head })).toBe(of(a, b).length);
            expect(await store.countCategoryEvents({ categories: [a], toPosition: middle })).toBe(of(a).filter((event) => event.position <= middle).length);
          }
        }),
      );

      it(
        'refuses options that name no category, no position or no event to read after',
        using(async (store) => {
          if (!store.readCategoriesByStream) return;
          const bad: unknown[] = [
            { categories: [], toPosition: 0n },
            { categories: ['breach-1'], toPosition: 0n },
            { categories: ['breach'] },
            { categories: ['breach'], toPosition: -1n },
            { categories: ['breach'], toPosition: 5 },
            { categories: ['breach'], toPosition: 0n, after: { streamId: '', revision: 0 } },
            { categories: ['breach'], toPosition: 0n, after: { streamId: 'breach-1', revision: -1 } },
            { categories: ['breach'], toPosition: 0n, maxCount: 0 },
          ];
          for (const options of bad) {
            await expect(store.readCategoriesByStream(options as never)).rejects.toMatchObject({ code: 'invalid-read-options' });
          }
        }),
      );
    });

    describe('subscribing to all', () => {
      it(
        'goes from catch-up to live while appends race, with no gap and no duplicate',
        using(async (store) => {
          const streams = Array.from({ length: 5 }, () => freshStreamId());
          const ours = new Set(streams);
          const start = await store.headPosition();
          await Promise.all(streams.map((s) => store.append(s, numbered(10), { expectedRevision: 'no_stream' })));

          const subscription = store.subscribeToAll({ afterPosition: start });
          const seen: StoredEvent[] = [];
          const total = 5 * 10 + 5 * 20;
          const consumer = (async () => {
            for await (const event of subscription) {
              if (ours.has(event.streamId)) seen.push(event);
              if (seen.length === total) break;
            }
          })();
          // Live appends race with the catch-up: 20 more per stream, some while it is reading.
          for (let round = 0; round < 20; round += 1) {
            await Promise.all(streams.map((s) => store.append(s, numbered(1), { expectedRevision: 9 + round })));
            if (round % 5 === 0) await new Promise((resolve) => setImmediate(resolve));
          }
          await consumer;
          await subscription.close();

          const expected = (await store.readAll({ afterPosition: start, maxCount: 10_000 })).filter((e) => ours.has(e.streamId));
          expect(seen.map((e) => e.position)).toEqual(expected.map((e) => e.position));
          expect(new Set(seen.map((e) => e.eventId)).size).toBe(total);
        }),
      );

      it(
        'starts after the given position and ends when closed',
        using(async (store) => {
          const streamId = freshStreamId();
          const { events } = await store.append(streamId, numbered(3), { expectedRevision: 'no_stream' });
          const subscription = store.subscribeToAll({ afterPosition: events[0]!.position });
          const seen: number[] = [];
          const consumer = (async () => {
            for await (const event of subscription) {
              if (event.streamId === streamId) seen.push(event.revision);
              if (seen.length === 2) void subscription.close();
            }
          })();
          await consumer;
          expect(seen).toEqual([1, 2]);
        }),
      );
    });

    describe('tamper evidence', () => {
      it(
        'verifies every chain it wrote',
        using(async (store) => {
          const streamId = freshStreamId();
          await store.append(streamId, numbered(5), { expectedRevision: 'no_stream' });
          await store.append(streamId, numbered(5), { expectedRevision: 4 });
          const stream = await verifyStream(store, streamId);
          expect(stream).toMatchObject({ ok: true, eventsChecked: 10, streamsChecked: 1 });
          const all = await verifyAll(store, { pageSize: 7 });
          expect(all.ok).toBe(true);
          expect(all.firstBreak).toBeUndefined();
          expect(all.lastPosition).toBe(await store.headPosition());
        }),
      );
    });

    describe('bad input writes nothing', () => {
      const refusals: [string, (streamId: string) => [unknown, unknown, unknown], new (...args: never[]) => Error][] = [
        ['an empty stream id', () => ['', numbered(1), { expectedRevision: 'any' }], InvalidStreamIdError],
        ['a system stream id', () => ['$all', numbered(1), { expectedRevision: 'any' }], InvalidStreamIdError],
        ['a stream id with spaces', () => ['breach 1', numbered(1), { expectedRevision: 'any' }], InvalidStreamIdError],
        ['a stream id that is too long', () => ['s'.repeat(201), numbered(1), { expectedRevision: 'any' }], InvalidStreamIdError],
        ['a stream id that is not a string', () => [42, numbered(1), { expectedRevision: 'any' }], InvalidStreamIdError],
        ['an unknown expected revision', (s) => [s, numbered(1), { expectedRevision: 'stream_exists' }], InvalidExpectedRevisionError],
        ['a negative expected revision', (s) => [s, numbered(1), { expectedRevision: -1 }], InvalidExpectedRevisionError],
        ['a fractional expected revision', (s) => [s, numbered(1), { expectedRevision: 1.5 }], InvalidExpectedRevisionError],
        ['an expected revision as text', (s) => [s, numbered(1), { expectedRevision: '3' }], InvalidExpectedRevisionError],
        ['no expected revision', (s) => [s, numbered(1), {}], InvalidExpectedRevisionError],
        ['no events', (s) => [s, [], { expectedRevision: 'any' }], InvalidEventError],
        ['data with a function', (s) => [s, [newEvent('X', { f: (() => 1) as never })], { expectedRevision: 'any' }], InvalidEventError],
        ['data with NaN', (s) => [s, [newEvent('X', { n: Number.NaN })], { expectedRevision: 'any' }], InvalidEventError],
        ['data with a Date', (s) => [s, [newEvent('X', { at: new Date() as never })], { expectedRevision: 'any' }], InvalidEventError],
        ['data with undefined', (s) => [s, [newEvent('X', { u: undefined as never })], { expectedRevision: 'any' }], InvalidEventError],
        ['data with a bigint', (s) => [s, [newEvent('X', { b: 1n as never })], { expectedRevision: 'any' }], InvalidEventError],
        ['data with a lone surrogate', (s) => [s, [newEvent('X', { t: '\ud800' })], { expectedRevision: 'any' }], InvalidEventError],
        ['data that is an array', (s) => [s, [newEvent('X', [1, 2] as never)], { expectedRevision: 'any' }], InvalidEventError],
        ['data that is circular', (s) => [s, [newEvent('X', circular())], { expectedRevision: 'any' }], InvalidEventError],
        ['a type that is not a name', (s) => [s, [newEvent('has spaces')], { expectedRevision: 'any' }], InvalidEventError],
        ['an event id that is not a UUID', (s) => [s, [newEvent('X', {}, { eventId: 'nope' })], { expectedRevision: 'any' }], InvalidEventError],
        ['a schema version of 0', (s) => [s, [newEvent('X', {}, { schemaVersion: 0 })], { expectedRevision: 'any' }], InvalidEventError],
        ['the same event id twice', (s) => [s, twins(), { expectedRevision: 'any' }], InvalidEventError],
        ['metadata without an actor', (s) => [s, [{ ...newEvent('X'), metadata: { ...commandMetadata(), actor: undefined } }], { expectedRevision: 'any' }], InvalidEventError],
        ['a client-supplied recordedAt', (s) => [s, [{ ...newEvent('X'), metadata: { ...commandMetadata(), recordedAt: '2020-01-01T00:00:00Z' } }], { expectedRevision: 'any' }], InvalidEventError],
        ['a client-supplied hash', (s) => [s, [{ ...newEvent('X'), metadata: { ...commandMetadata(), hash: '0'.repeat(64) } }], { expectedRevision: 'any' }], InvalidEventError],
        ['an event over the size limit', (s) => [s, [newEvent('X', { blob: 'x'.repeat(1024 * 1024) })], { expectedRevision: 'any' }], EventTooLargeError],
      ];

      it.each(refusals)(
        'refuses %s with a typed error',
        async (_name, input, errorType) => {
          const store = await harness.open();
          try {
            const streamId = freshStreamId();
            const head = await store.headPosition();
            const [id, events, options] = input(streamId);
            await expect(store.append(id as string, events as NewEvent[], options as never)).rejects.toBeInstanceOf(errorType);
            expect(await store.headPosition()).toBe(head);
            await expect(store.readStream(streamId)).rejects.toBeInstanceOf(StreamNotFoundError);
          } finally {
            await store.close();
          }
        },
      );

      it(
        'honours a configured size limit',
        withStore({ maxEventBytes: 2048 }, async (store) => {
          const streamId = freshStreamId();
          await expect(store.append(streamId, [newEvent('X', { blob: 'x'.repeat(2048) })], { expectedRevision: 'any' })).rejects.toMatchObject({
            code: 'event-too-large',
            limit: 2048,
          });
          await store.append(streamId, [newEvent('X', { blob: 'x'.repeat(1500) })], { expectedRevision: 'any' });
        }),
      );

      it(
        'stores a copy: changing the data after the call does not change what is stored',
        using(async (store) => {
          const streamId = freshStreamId();
          const data = { title: 'original' };
          const pending = store.append(streamId, [newEvent('X', data)], { expectedRevision: 'no_stream' });
          data.title = 'changed';
          const { events } = await pending;
          expect(events[0]!.data).toEqual({ title: 'original' });
          expect((await verifyStream(store, streamId)).ok).toBe(true);
        }),
      );
    });

    describe('lifecycle', () => {
      it('finishes appends accepted before close, and refuses appends after it', async () => {
        const store = await harness.open();
        const streamId = freshStreamId();
        const inFlight = Array.from({ length: 30 }, (_, n) => store.append(streamId, [newEvent('X', { n })], { expectedRevision: 'any' }));
        await store.close();
        const results = await Promise.all(inFlight);
        expect(results.map((r) => r.nextExpectedRevision).sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, n) => n));
        await expect(store.append(streamId, numbered(1), { expectedRevision: 'any' })).rejects.toBeInstanceOf(EventStoreClosedError);
        const reopened = await harness.open();
        try {
          expect(await reopened.readStream(streamId)).toHaveLength(30);
        } finally {
          await reopened.close();
        }
      });

      it('reopens the storage and continues every stream and its chain', async () => {
        const clock = new FixedClock('2026-01-01T00:00:00.000Z');
        let store = await harness.open({ clock });
        const streamId = freshStreamId();
        try {
          const first = await store.append(streamId, numbered(3), { expectedRevision: 'no_stream' });
          store = await harness.reopen(store, { clock });
          expect(await store.readStream(streamId)).toEqual(first.events);
          const next = await store.append(streamId, numbered(2), { expectedRevision: 2 });
          expect(next.events[0]!.metadata.prevHash).toBe(first.events[2]!.metadata.hash);
          expect(next.position).toBeGreaterThan(first.position);
          expect(await verifyStream(store, streamId)).toMatchObject({ ok: true, eventsChecked: 5 });
        } finally {
          await store.close();
        }
      });
    });
  });
}

function circular(): never {
  const value: Record<string, unknown> = {};
  value.self = value;
  return value as never;
}

function twins(): NewEvent[] {
  const eventId = randomUUID();
  return [newEvent('X', {}, { eventId }), newEvent('X', {}, { eventId })];
}
