import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { EventStoreUnavailableError, StreamNotFoundError } from '../../src/event-store/event-store.errors.js';
import type { NewEvent, StreamAppend } from '../../src/event-store/event-store.port.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { WIRE_FIELD, WIRE_TEXT_LIMIT } from '../../src/event-store/sqlite/sqlite-writer-core.js';
import { WriterThreadError, SqliteWriter } from '../../src/event-store/sqlite/sqlite-writer.js';
import { verifyAll } from '../../src/event-store/verify.js';
import { commandMetadata, freshStreamId, newEvent } from '../support/events.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * The SQLite store's writer thread: the commit and its fsync run there, not on the event
 * loop, and a thread that dies fails what it held with a typed error instead of a hang.
 */

let dir: ReturnType<typeof tempDir>;
const stores = new Set<SqliteEventStore>();

beforeEach(() => {
  dir = tempDir('privacy-ledger-writer-');
});

afterEach(async () => {
  await Promise.all([...stores].map((store) => store.close()));
  stores.clear();
  dir.remove();
});

function open(options: Partial<ConstructorParameters<typeof SqliteEventStore>[0]> = {}): SqliteEventStore {
  const store = new SqliteEventStore({ file: join(dir.path, 'events.sqlite'), ...options });
  stores.add(store);
  return store;
}

/** `streams` streams of `perStream` events of about `bytes` bytes each, as one all-or-nothing batch. */
function largeBatch(streams: number, perStream: number, bytes: number): StreamAppend[] {
  const padding = 'x'.repeat(bytes);
  return Array.from({ length: streams }, () => ({
    streamId: freshStreamId('large'),
    expectedRevision: 'no_stream' as const,
    events: Array.from({ length: perStream }, (_, n): NewEvent => newEvent('Padded', { n, padding })),
  }));
}

describe('SqliteEventStore writer thread', () => {
  it('tells each group commit with the appends it carried: concurrent appends share commits', async () => {
    const store = open();
    const rounds: number[] = [];
    const stop = store.onGroupCommit((appends) => rounds.push(appends));
    await Promise.all(Array.from({ length: 40 }, () => store.append(freshStreamId('batched'), [newEvent('Counted', {})], { expectedRevision: 'no_stream' })));
    // A refused append is not counted as committed.
    await expect(store.append(freshStreamId('batched'), [newEvent('Counted', {})], { expectedRevision: 3 })).rejects.toThrow();
    stop();
    await store.append(freshStreamId('batched'), [newEvent('Counted', {})], { expectedRevision: 'no_stream' });
    expect(rounds.reduce((sum, appends) => sum + appends, 0)).toBe(40);
    expect(rounds.length).toBeLessThan(40);
  });

  it('keeps serving the event loop while a large batch is written and committed', async () => {
    const store = open();
    const batch = largeBatch(200, 50, 1000); // 10,000 events, ~10 MB
    let turns = 0;
    const probe = setInterval(() => (turns += 1), 1);
    let turnsAtSubmit: number;
    try {
      const pending = store.appendBatch(batch);
      // The checks and texts are this thread's work (synchronous, before the call returns); the rest is the writer's.
      turnsAtSubmit = turns;
      const results = await pending;
      expect(results).toHaveLength(200);
    } finally {
      clearInterval(probe);
    }
    // Inserting 10,000 rows and committing them takes far longer than a few 1 ms timer turns;
    // with the commit on the event loop the probe could not have fired at all meanwhile.
    expect(turns - turnsAtSubmit).toBeGreaterThanOrEqual(3);
    // Read-your-writes: this thread's own connection sees the commit once it is acknowledged.
    expect(await store.headPosition()).toBe(10_000n);
    expect(await store.readStream(batch[199]!.streamId)).toHaveLength(50);
    expect(await verifyAll(store)).toMatchObject({ ok: true, eventsChecked: 10_000 });
  });

  it('fails every append the thread held with a typed error when it dies, writes none of them, and takes the next append on a new thread', async () => {
    // A heap too small for the round: the thread runs out of memory while writing it (ERR_WORKER_OUT_OF_MEMORY).
    const store = open({ writerResourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 1 } });
    const first = await store.append(freshStreamId('before'), [newEvent('Small')], { expectedRevision: 'no_stream' });
    const batch = largeBatch(40, 50, 20_000); // ~40 MB of text
    const alongside = freshStreamId('alongside');
    const outcomes = await Promise.allSettled([store.appendBatch(batch), store.append(alongside, [newEvent('Small')], { expectedRevision: 'no_stream' })]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    for (const outcome of outcomes) {
      const reason = (outcome as PromiseRejectedResult).reason as EventStoreUnavailableError;
      expect(reason).toBeInstanceOf(EventStoreUnavailableError);
      expect(reason.code).toBe('event-store-unavailable');
      expect(reason.cause).toBeInstanceOf(WriterThreadError);
      expect(reason.message).toMatch(/memory|stopped/);
    }
    await expect(store.readStream(alongside)).rejects.toBeInstanceOf(StreamNotFoundError);
    await expect(store.readStream(batch[0]!.streamId)).rejects.toBeInstanceOf(StreamNotFoundError);
    expect(await store.headPosition()).toBe(first.position);

    const after = await store.append(freshStreamId('after'), [newEvent('Small')], { expectedRevision: 'no_stream' });
    expect(after.position).toBeGreaterThan(first.position);
    expect(await verifyAll(store)).toMatchObject({ ok: true, eventsChecked: 2 });
  }, 120_000);

  it('fails the requests of a thread that cannot open the file with a typed error, without hanging', async () => {
    const writer = new SqliteWriter({ eventsFile: join(dir.path, 'no-such-folder', 'events.sqlite'), busyTimeoutMs: 100, maxBatch: 10 });
    await expect(writer.submit({ kind: 'keys', keys: [{ file: join(dir.path, 'keys.sqlite'), subjectId: 'a', key: new Uint8Array(32), createdAt: '2026-01-01T00:00:00.000Z' }] })).rejects.toBeInstanceOf(WriterThreadError);
    await writer.close();
  });

  it('sends a lone append to the thread at once, not a turn of the event loop later, and the appends of one turn in one commit', async () => {
    const store = open();
    await store.append(freshStreamId('warm'), [newEvent('Warm')], { expectedRevision: 'no_stream' }); // the thread is up
    const lone = freshStreamId('lone');
    const pending = store.append(lone, [newEvent('Lone')], { expectedRevision: 'no_stream' });
    await Promise.resolve(); // microtasks only: no timer, I/O or setImmediate phase runs before the next line
    // This thread now blocks without yielding to its event loop: the append can only be
    // committed meanwhile if it was already handed to the writer thread.
    const db = new Database(join(dir.path, 'events.sqlite'), { readonly: true });
    const pause = new Int32Array(new SharedArrayBuffer(4));
    let seen = 0;
    try {
      const count = db.prepare('SELECT count(*) AS n FROM events WHERE stream_id = ?');
      const until = Date.now() + 5_000;
      while (seen === 0 && Date.now() < until) {
        seen = (count.get(lone) as { n: number }).n;
        if (seen === 0) Atomics.wait(pause, 0, 0, 2);
      }
    } finally {
      db.close();
    }
    expect(seen).toBe(1);
    await expect(pending).resolves.toMatchObject({ nextExpectedRevision: 0 });

    // Appends started in one turn still go together: one commit for all of them.
    const before = store.commitStats().commits;
    await Promise.all(Array.from({ length: 8 }, () => store.append(freshStreamId('together'), [newEvent('Together')], { expectedRevision: 'no_stream' })));
    expect(store.commitStats().commits - before).toBe(1);
  });

  it('writes a lone append of several events in its own transaction: a refusal of its last event rolls back all of it and counts no commit', async () => {
    const store = open();
    const taken = randomUUID();
    await store.append(freshStreamId('taken'), [newEvent('Taken', {}, { eventId: taken })], { expectedRevision: 'no_stream' });
    const before = store.commitStats();
    const head = await store.headPosition();
    const lone = freshStreamId('lone');
    const clash = newEvent('Clash', {}, { eventId: taken });
    await expect(store.append(lone, [newEvent('First'), newEvent('Second'), clash], { expectedRevision: 'no_stream' })).rejects.toMatchObject({ code: 'duplicate-event-id' });
    expect(store.commitStats()).toEqual({ commits: before.commits, requests: before.requests + 1 });
    expect(await store.headPosition()).toBe(head);
    await expect(store.readStream(lone)).rejects.toBeInstanceOf(StreamNotFoundError);
    // The stream and the next position are untouched: the same append without the clash lands at revision 0.
    const landed = await store.append(lone, [newEvent('First'), newEvent('Second')], { expectedRevision: 'no_stream' });
    expect(landed.events.map((event) => event.revision)).toEqual([0, 1]);
    expect(store.commitStats().commits).toBe(before.commits + 1);
    expect(await verifyAll(store)).toMatchObject({ ok: true, eventsChecked: 3 });
  });

  it('writes a round of one-event appends in one commit without savepoints, a refused one leaving nothing behind for the next in the same round', async () => {
    const store = open();
    const taken = randomUUID();
    await store.append(freshStreamId('taken'), [newEvent('Taken', {}, { eventId: taken })], { expectedRevision: 'no_stream' });
    const before = store.commitStats();
    const head = await store.headPosition();
    const [clashing, wrong, chained, plain] = ['clashing', 'wrong', 'chained', 'plain'].map((name) => freshStreamId(name)) as [string, string, string, string];
    const sameRound = randomUUID();
    // All started in one turn: one round, one transaction of the event file.
    const outcomes = await Promise.allSettled([
      store.append(clashing, [newEvent('Clash', {}, { eventId: taken })], { expectedRevision: 'no_stream' }),
      store.append(clashing, [newEvent('AfterClash')], { expectedRevision: 'no_stream' }),
      store.append(wrong, [newEvent('Wrong')], { expectedRevision: 0 }),
      store.append(wrong, [newEvent('Right')], { expectedRevision: 'no_stream' }),
      store.append(chained, [newEvent('First', {}, { eventId: sameRound })], { expectedRevision: 'no_stream' }),
      store.append(chained, [newEvent('Second')], { expectedRevision: 0 }),
      store.append(plain, [newEvent('Again', {}, { eventId: sameRound })], { expectedRevision: 'no_stream' }),
      store.append(plain, [newEvent('Plain')], { expectedRevision: 'no_stream' }),
    ]);
    expect(outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value.events.map((event) => event.revision) : (outcome.reason as { code: string }).code))).toEqual([
      'duplicate-event-id',
      [0],
      'wrong-expected-revision',
      [0],
      [0],
      [1],
      'duplicate-event-id',
      [0],
    ]);
    expect(store.commitStats()).toEqual({ commits: before.commits + 1, requests: before.requests + 8 });
    expect((await store.readStream(clashing)).map((event) => event.type)).toEqual(['AfterClash']);
    expect((await store.readStream(wrong)).map((event) => event.type)).toEqual(['Right']);
    expect((await store.readStream(chained)).map((event) => event.type)).toEqual(['First', 'Second']);
    expect((await store.readStream(plain)).map((event) => event.type)).toEqual(['Plain']);
    const written = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value.position] : []));
    expect(await store.headPosition()).toBe(written[written.length - 1]);
    expect(written[0]).toBeGreaterThan(head);
    expect(await verifyAll(store)).toMatchObject({ ok: true, eventsChecked: 6 });
  });

  it('counts commits and appends as the thread made them, fewer commits than appends when they arrive together', async () => {
    const store = open();
    const appends = Array.from({ length: 50 }, () => store.append(freshStreamId('counted'), [newEvent('Counted')], { expectedRevision: 'no_stream' }));
    await Promise.all(appends);
    const { commits, requests } = store.commitStats();
    expect(requests).toBe(50);
    expect(commits).toBeGreaterThanOrEqual(1);
    expect(commits).toBeLessThan(50);
    const db = new Database(join(dir.path, 'events.sqlite'), { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 50 });
    } finally {
      db.close();
    }
  });

  it('wakes the sleeping thread for every request: lone appends after pauses, appends posted while it writes, and bursts, each answered once and in its stream order', async () => {
    const store = open();
    const streamId = freshStreamId('woken');
    let revision = -1;
    const next = () => {
      revision += 1;
      return store.append(streamId, [newEvent('Woken', { revision })], { expectedRevision: revision === 0 ? 'no_stream' : revision - 1 });
    };
    for (let round = 0; round < 30; round += 1) {
      // The thread has gone back to sleep by now (a timer turn at least).
      await new Promise((resolve) => setTimeout(resolve, round % 3));
      expect((await next()).nextExpectedRevision).toBe(revision);
      // Appends posted while the thread writes the previous ones: the counter moved since it last looked.
      const others = Array.from({ length: 1 + (round % 4) }, () => store.append(freshStreamId('woken-other'), [newEvent('Woken')], { expectedRevision: 'no_stream' }));
      await new Promise((resolve) => setImmediate(resolve));
      const later = Array.from({ length: round % 3 }, () => store.append(freshStreamId('woken-other'), [newEvent('Woken')], { expectedRevision: 'no_stream' }));
      expect((await Promise.all([...others, ...later])).every((result) => result.nextExpectedRevision === 0)).toBe(true);
    }
    expect((await store.readStream(streamId)).map((event) => event.data)).toEqual(Array.from({ length: 30 }, (_, n) => ({ revision: n })));
    expect(await verifyAll(store)).toMatchObject({ ok: true });
    const { requests } = store.commitStats();
    expect(requests).toBe(30 + Array.from({ length: 30 }, (_, round) => 1 + (round % 4) + (round % 3)).reduce((sum, n) => sum + n, 0));
  });

  it('carries a round to the thread and back as text without losing a character: separators inside data, several events, any expected revision, a batch, in one round', async () => {
    const store = open();
    const controls = Array.from({ length: 32 }, (_, code) => String.fromCharCode(code)).join('');
    const tricky: NewEvent = newEvent('Tricky', { [`key${WIRE_FIELD}\u001d`]: `a${WIRE_FIELD}b`, controls, nested: [{ '-': '-' }, WIRE_FIELD, 1.5e-7], empty: '' }, { metadata: { ...commandMetadata(), extensions: { note: `x${WIRE_FIELD}y` } } });
    const [first, second, third] = [freshStreamId('wire'), freshStreamId('wire'), freshStreamId('wire')] as [string, string, string];
    await store.append(second, [newEvent('Before')], { expectedRevision: 'no_stream' });
    const results = await Promise.all([
      store.append(first, [tricky, newEvent('Plain', { n: 2 })], { expectedRevision: 'no_stream' }),
      store.append(second, [tricky], { expectedRevision: 'any' }),
      store.appendBatch([
        { streamId: third, events: [newEvent('One')], expectedRevision: 'no_stream' },
        { streamId: second, events: [newEvent('Three')], expectedRevision: 1 },
      ]),
    ]);
    expect(results[0].events.map((event) => event.revision)).toEqual([0, 1]);
    expect(results[1].events.map((event) => event.revision)).toEqual([1]);
    expect(results[2].map((result) => result.nextExpectedRevision)).toEqual([0, 2]);
    const stored = await store.readStream(first);
    expect(stored[0]!.data).toEqual(tricky.data);
    expect(stored[0]!.metadata.extensions).toEqual({ note: `x${WIRE_FIELD}y` });
    // What the append answered is what was stored: positions, hashes and chain links.
    expect(stored.map(({ position, metadata }) => [position, metadata.prevHash, metadata.hash])).toEqual(
      results[0].events.map(({ position, metadata }) => [position, metadata.prevHash, metadata.hash]),
    );
    const secondStored = await store.readStream(second);
    expect(secondStored.map((event) => event.type)).toEqual(['Before', 'Tricky', 'Three']);
    expect(secondStored[2]!.metadata.hash).toBe(results[2][1]!.events[0]!.metadata.hash);
    expect(await verifyAll(store)).toMatchObject({ ok: true, eventsChecked: 6 });
  });

  it('sends a submission larger than the text limit as objects, and writes it the same way', async () => {
    const store = open();
    const big = 'y'.repeat(WIRE_TEXT_LIMIT);
    const stream = freshStreamId('big');
    const [small, large] = await Promise.all([
      store.append(freshStreamId('small'), [newEvent('Small')], { expectedRevision: 'no_stream' }),
      store.append(stream, [newEvent('Big', { big }), newEvent('After')], { expectedRevision: 'no_stream' }),
    ]);
    expect(large.events.map((event) => event.revision)).toEqual([0, 1]);
    expect(large.position).toBeGreaterThan(small.position);
    expect((await store.readStream(stream))[0]!.data).toEqual({ big });
    expect(await verifyAll(store)).toMatchObject({ ok: true, eventsChecked: 3 });
  });
});
