import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import Database from 'better-sqlite3';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import {
  CorruptEventError,
  DuplicateEventIdError,
  EventStoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '../../src/event-store/event-store.errors.js';
import type { AppendResult, EventStore, Position, StoredEvent } from '../../src/event-store/event-store.port.js';
import { SqliteEventStore, type SqliteEventStoreOptions } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { verifyAll } from '../../src/event-store/verify.js';
import type { AckLine, AckedEvent, AppendWorkerConfig, WorkerEventData, WorkerLine } from '../support/append-worker-protocol.js';
import { freshStreamId, newEvent, numbered } from '../support/events.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * What the shared conformance suite cannot hold: what only a SQLite file and its
 * processes can show (kill -9, two processes, bytes changed in the file, the file's
 * own sequence, SQL run against it directly).
 */

let dir: ReturnType<typeof tempDir>;
const stores = new Set<EventStore>();
/** Child processes run the scripts of test/support compiled by jest's globalSetup. */
const children = new Set<ChildRun>();

beforeEach(() => {
  dir = tempDir('privacy-ledger-sqlite-');
});

afterEach(async () => {
  await Promise.all([...children].map((child) => child.kill()));
  children.clear();
  await Promise.all([...stores].map((store) => store.close()));
  stores.clear();
  dir.remove();
});

describe('SqliteEventStore', () => {
  describe('durability', () => {
    it('loses no acknowledged append when the process is killed with SIGKILL', async () => {
      const file = join(dir.path, 'events.sqlite');
      const streams = ['case-a', 'case-b', 'case-c', 'case-d', 'case-e'].map((name) => freshStreamId(name));
      const worker = startWorker({ file, worker: 'killed', streams, lanes: 32 });

      await worker.until(() => worker.acks.length >= 300, '300 acknowledged appends');
      worker.child.kill('SIGKILL');
      expect(await worker.closed).toEqual({ code: null, signal: 'SIGKILL' });
      expect(worker.isDone()).toBe(false);

      // Appends were grouped: at some acknowledgement fewer commits than appends had been made.
      expect(worker.acks.some((line, n) => line.commits < n + 1)).toBe(true);
      const acked = worker.acks.flatMap((line) => line.ack);
      const store = open({ file });
      const stored = await readEverything(store);
      const byId = new Map(stored.map((event) => [event.eventId, event]));
      expect(acked.map((event) => summaryOf(byId.get(event.eventId)))).toEqual(acked);
      expectNoTornAppends(stored);
      expect(await verifyAll(store)).toMatchObject({ ok: true, eventsChecked: stored.length });
    });
  });

  describe('two processes on one file', () => {
    it('serialises two appending processes: every event once, positions increasing, the shared stream contiguous', async () => {
      const file = join(dir.path, 'events.sqlite');
      await open({ file }).close(); // creating the file concurrently is a test of its own
      const shared = freshStreamId('shared');
      const a = startWorker({ file, worker: 'a', streams: [freshStreamId('a'), freshStreamId('a'), shared], lanes: 8, appendsPerLane: 25 });
      const b = startWorker({ file, worker: 'b', streams: [freshStreamId('b'), freshStreamId('b'), shared], lanes: 8, appendsPerLane: 25 });

      const exits = await Promise.all([a.closed, b.closed]);
      expect({ exits, stderr: [a.stderr(), b.stderr()] }).toEqual({ exits: [{ code: 0, signal: null }, { code: 0, signal: null }], stderr: ['', ''] });
      expect([a.isDone(), b.isDone()]).toEqual([true, true]);

      const acked = [...a.acks, ...b.acks].flatMap((line) => line.ack);
      const store = open({ file });
      const stored = await readEverything(store);
      expect(stored).toHaveLength(acked.length);
      expect(new Set(stored.map((event) => event.eventId)).size).toBe(stored.length);
      const byId = new Map(stored.map((event) => [event.eventId, event]));
      expect(acked.map((event) => summaryOf(byId.get(event.eventId)))).toEqual(acked);
      stored.slice(1).forEach((event, n) => expect(event.position).toBeGreaterThan(stored[n]!.position));
      expectNoTornAppends(stored);

      const sharedStream = await store.readStream(shared);
      expect(sharedStream.map((event) => event.revision)).toEqual(sharedStream.map((_, n) => n));
      expect(sharedStream).toHaveLength(acked.filter((event) => event.streamId === shared).length);
      expect(new Set(sharedStream.map((event) => (event.data as unknown as WorkerEventData).worker))).toEqual(new Set(['a', 'b']));
      expect(await verifyAll(store)).toMatchObject({ ok: true, eventsChecked: acked.length });
    });

    it('shows a live subscription the events that another process appends', async () => {
      const file = join(dir.path, 'events.sqlite');
      const store = open({ file, pollIntervalMs: 20 });
      await store.append(freshStreamId('parent'), numbered(2), { expectedRevision: 'no_stream' });
      const subscription = store.subscribeToAll({ afterPosition: await store.headPosition() });
      const seen: StoredEvent[] = [];
      const consuming = (async () => {
        for await (const event of subscription) seen.push(event);
      })();

      const child = startWorker({ file, worker: 'child', streams: [freshStreamId('child'), freshStreamId('child')], lanes: 2, appendsPerLane: 10 });
      expect(await child.closed).toEqual({ code: 0, signal: null });
      const acked = child.acks.flatMap((line) => line.ack).sort((x, y) => compare(BigInt(x.position), BigInt(y.position)));
      await until(() => seen.length >= acked.length, `the subscription to see ${acked.length} events`);
      await subscription.close();
      await consuming;

      expect(seen.map(summaryOf)).toEqual(acked);
    });

    it('waits for another process holding the write lock while it creates the file, instead of refusing to open', async () => {
      const file = join(dir.path, 'events.sqlite');
      const holder = startChild('hold-write-lock', [file, '400']);
      await holder.until(() => holder.lines.includes('locked'), 'the write lock');

      const store = open({ file, busyTimeoutMs: 10_000 }); // blocks until the lock is released
      const { events } = await store.append(freshStreamId(), numbered(1), { expectedRevision: 'no_stream' });
      expect(events).toHaveLength(1);
      expect(await holder.closed).toEqual({ code: 0, signal: null });
      expect(holder.lines).toEqual(['locked', 'released']);
    });
  });

  describe('tamper evidence in the file', () => {
    /** Three streams; the marker is in the data of case-b@1; case-a gets more events later. */
    async function writeLedger(file: string) {
      const marker = `MARKER${randomUUID().replaceAll('-', '')}`;
      const streams = { a: freshStreamId('case-a'), b: freshStreamId('case-b'), c: freshStreamId('case-c') };
      const store = open({ file });
      const results: AppendResult[] = [];
      results.push(await store.append(streams.a, numbered(2), { expectedRevision: 'no_stream' }));
      results.push(await store.append(streams.b, [newEvent('Noted', { note: 'first' }), newEvent('Noted', { note: marker }), newEvent('Noted', { note: 'third' })], { expectedRevision: 'no_stream' }));
      results.push(await store.append(streams.c, numbered(2), { expectedRevision: 'no_stream' }));
      results.push(await store.append(streams.a, numbered(2), { expectedRevision: 1 }));
      await store.close();
      const events = results.flatMap((result) => result.events);
      const at = (streamId: string, revision: number) => events.find((e) => e.streamId === streamId && e.revision === revision) as StoredEvent;
      return { marker, streams, at };
    }

    /**
     * Changes one byte of the closed file, at an offset inside `text`. Free space inside
     * pages can hold stale copies of a record (left by page splits); the byte is changed
     * in the one copy the database actually reads.
     */
    function changeByte(file: string, text: string, offsetInText: number, to: (char: string) => string): void {
      expect(existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0).toBe(0); // everything is in the main file
      const original = readFileSync(file);
      const needle = Buffer.from(text, 'utf8');
      const old = text.charAt(offsetInText);
      const replacement = to(old);
      expect([replacement.length, replacement === old]).toEqual([1, false]);
      const changed = `${text.slice(0, offsetInText)}${replacement}${text.slice(offsetInText + 1)}`;
      const live: number[] = [];
      for (let at = original.indexOf(needle); at >= 0; at = original.indexOf(needle, at + 1)) {
        const bytes = Buffer.from(original);
        bytes[at + offsetInText] = replacement.charCodeAt(0);
        writeFileSync(file, bytes);
        if (sqlFinds(file, changed)) live.push(at);
      }
      expect(live).toHaveLength(1);
      const bytes = Buffer.from(original);
      bytes[live[0]! + offsetInText] = replacement.charCodeAt(0);
      writeFileSync(file, bytes);
    }

    function sqlFinds(file: string, text: string): boolean {
      const raw = new Database(file, { readonly: true });
      try {
        return raw.prepare(`SELECT 1 FROM events WHERE instr(data, ?) > 0 OR instr(metadata, ?) > 0`).get(text, text) !== undefined;
      } finally {
        raw.close();
      }
    }

    it('reports one changed letter in the file as a hash mismatch at its stream, revision and position', async () => {
      const file = join(dir.path, 'events.sqlite');
      const { marker, streams, at } = await writeLedger(file);
      const target = at(streams.b, 1);
      changeByte(file, marker, 0, () => 'N');

      const store = open({ file });
      expect((await store.readStream(streams.b, { fromRevision: 1, maxCount: 1 }))[0]!.data).toEqual({ note: `N${marker.slice(1)}` });
      const report = await verifyAll(store);
      expect(report.ok).toBe(false);
      expect(report.firstBreak).toMatchObject({ reason: 'hash-mismatch', streamId: streams.b, revision: 1, position: target.position, eventId: target.eventId });
    });

    it('reports a changed byte that leaves the stored JSON unparseable as unreadable at its stream, revision and position', async () => {
      const file = join(dir.path, 'events.sqlite');
      const { marker, streams, at } = await writeLedger(file);
      const target = at(streams.b, 1);
      changeByte(file, marker, 0, () => '"');

      const store = open({ file });
      await expect(store.readStream(streams.b)).rejects.toBeInstanceOf(CorruptEventError);
      // Read stream by stream on the reader thread (a page as one text), the same row is refused the same way.
      const category = streams.b.slice(0, streams.b.indexOf('-'));
      await expect(store.readCategoriesByStream({ categories: [category], toPosition: await store.headPosition() })).rejects.toBeInstanceOf(CorruptEventError);
      const report = await verifyAll(store);
      expect(report.ok).toBe(false);
      expect(report.firstBreak).toMatchObject({ reason: 'unreadable', streamId: streams.b, revision: 1, position: target.position });
    });

    it.each([
      ['hash', 'hash-mismatch', 2],
      ['prevHash', 'prev-hash-mismatch', 3],
    ] as const)('reports a changed byte in the stored %s of a later event as %s at that event', async (field, reason, brokenRevision) => {
      const file = join(dir.path, 'events.sqlite');
      const { streams, at } = await writeLedger(file);
      // case-a@2 and case-a@3 are the last events in the log; case-a@3 carries case-a@2's hash as its prevHash.
      const hash = at(streams.a, 2).metadata.hash;
      const prefix = `"${field}":"`;
      changeByte(file, `${prefix}${hash}"`, prefix.length + 10, (hex) => (hex === '0' ? '1' : '0'));

      const store = open({ file });
      const report = await verifyAll(store);
      expect(report.ok).toBe(false);
      expect(report.firstBreak).toMatchObject({ reason, streamId: streams.a, revision: brokenRevision, position: at(streams.a, brokenRevision).position });
    });
  });

  describe('positions beyond 2^53', () => {
    it('keeps positions above Number.MAX_SAFE_INTEGER exact, readable from, subscribable after, and verifiable', async () => {
      const file = join(dir.path, 'events.sqlite');
      await open({ file }).close();
      const seq = 9_007_199_254_740_990n;
      const raw = new Database(file);
      try {
        const updated = raw.prepare(`UPDATE sqlite_sequence SET seq = ? WHERE name = 'events'`).run(seq);
        if (updated.changes === 0) raw.prepare(`INSERT INTO sqlite_sequence (name, seq) VALUES ('events', ?)`).run(seq);
      } finally {
        raw.close();
      }

      let store = open({ file, pollIntervalMs: 20 });
      const [a, b] = [freshStreamId('big'), freshStreamId('big')];
      await store.append(a, numbered(2), { expectedRevision: 'no_stream' });
      await store.append(b, numbered(3), { expectedRevision: 'no_stream' });
      await store.append(a, numbered(1), { expectedRevision: 1 });
      const expected = Array.from({ length: 6 }, (_, n) => seq + 1n + BigInt(n));
      expect(expected[0]).toBe(BigInt(Number.MAX_SAFE_INTEGER));
      expect(expected.slice(1).every((position) => position > BigInt(Number.MAX_SAFE_INTEGER))).toBe(true);

      const all = await store.readAll();
      expect(all.map((e) => e.position)).toEqual(expected);
      all.forEach((event) => expect(typeof event.position).toBe('bigint'));
      expect((await store.readStream(b)).map((e) => e.position)).toEqual(expected.slice(2, 5));
      expect((await store.readAll({ fromPosition: expected[3]! })).map((e) => e.position)).toEqual(expected.slice(3));
      expect((await store.readAll({ fromPosition: expected[4]!, direction: 'backwards', maxCount: 2 })).map((e) => e.position)).toEqual([expected[4], expected[3]]);
      expect(await store.headPosition()).toBe(expected[5]);

      const subscription = store.subscribeToAll({ afterPosition: expected[2]! });
      const seen: Position[] = [];
      for await (const event of subscription) {
        seen.push(event.position);
        if (seen.length === 3) break;
      }
      await subscription.close();
      expect(seen).toEqual(expected.slice(3));

      await store.close();
      store = open({ file });
      const next = await store.append(b, numbered(1), { expectedRevision: 2 });
      expect(next.position).toBe(seq + 7n);
      expect(await verifyAll(store, { pageSize: 4 })).toMatchObject({ ok: true, eventsChecked: 7, lastPosition: seq + 7n });
    });
  });

  describe('group commit', () => {
    it('acknowledges appends started in one tick with fewer commits, in call order, each failing on its own', async () => {
      const store = open({ file: join(dir.path, 'events.sqlite') });
      const before = store.commitStats();
      const streams = Array.from({ length: 200 }, () => freshStreamId('group'));
      const reused = randomUUID();
      const wrongRevision = 100;
      const duplicate = 150;
      const appends = streams.map((streamId, n) => {
        if (n === wrongRevision) return store.append(streamId, numbered(1), { expectedRevision: 3 });
        if (n === duplicate) return store.append(streamId, [newEvent('Fresh'), newEvent('Reused', {}, { eventId: reused })], { expectedRevision: 'no_stream' });
        const event = newEvent('Grouped', { n }, n === 20 ? { eventId: reused } : {});
        return store.append(streamId, [event], { expectedRevision: 'no_stream' });
      });
      const settled: number[] = [];
      appends.forEach((append, n) => void append.then(() => settled.push(n), () => settled.push(n)));
      const outcomes = await Promise.allSettled(appends);

      const after = store.commitStats();
      expect(after.requests - before.requests).toBe(200);
      expect(after.commits - before.commits).toBeGreaterThanOrEqual(1);
      expect(after.commits - before.commits).toBeLessThan(200);
      expect(settled).toEqual(streams.map((_, n) => n));

      expect(outcomes[wrongRevision]).toMatchObject({ status: 'rejected', reason: expect.any(WrongExpectedRevisionError) });
      expect(outcomes[duplicate]).toMatchObject({ status: 'rejected', reason: expect.any(DuplicateEventIdError) });
      const written = outcomes.flatMap((outcome, n) => (n === wrongRevision || n === duplicate ? [] : [outcome]));
      expect(written.every((outcome) => outcome.status === 'fulfilled')).toBe(true);
      const positions = written.map((outcome) => (outcome as PromiseFulfilledResult<AppendResult>).value.position);
      positions.slice(1).forEach((position, n) => expect(position).toBeGreaterThan(positions[n]!));

      await expect(store.readStream(streams[wrongRevision]!)).rejects.toBeInstanceOf(StreamNotFoundError);
      await expect(store.readStream(streams[duplicate]!)).rejects.toBeInstanceOf(StreamNotFoundError);
      const stored = await readEverything(store);
      expect(stored.map((event) => event.position)).toEqual(positions);
      expect(stored.map((event) => event.streamId)).toEqual(streams.filter((_, n) => n !== wrongRevision && n !== duplicate));
      expect(await verifyAll(store)).toMatchObject({ ok: true, eventsChecked: 198 });
    });
  });

  describe('opening a file', () => {
    it('refuses a SQLite database of something else, naming the file', () => {
      const file = foreignDatabase();
      const error = openingError(file);
      expect(error).toBeInstanceOf(EventStoreUnavailableError);
      expect((error as Error).message).toContain(file);
    });

    it('leaves a SQLite database of something else unmodified when refusing it', () => {
      const file = foreignDatabase();
      const before = readFileSync(file);
      expect(openingError(file)).toBeInstanceOf(EventStoreUnavailableError);
      expect(readFileSync(file).equals(before)).toBe(true);
      expect(existsSync(`${file}-wal`)).toBe(false);
    });

    it('refuses a file of random bytes, naming the file and leaving it unmodified', () => {
      const file = join(dir.path, 'noise.sqlite');
      const noise = randomBytes(8192);
      writeFileSync(file, noise);
      const error = openingError(file);
      expect(error).toBeInstanceOf(EventStoreUnavailableError);
      expect((error as Error).message).toContain(file);
      expect(readFileSync(file).equals(noise)).toBe(true);
    });

    it('creates the folder of the configured file when it is absent', async () => {
      const folder = join(dir.path, 'data', 'ledger');
      const file = join(folder, 'events.sqlite');
      expect(existsSync(folder)).toBe(false);
      const store = open({ file });
      await store.append(freshStreamId(), numbered(1), { expectedRevision: 'no_stream' });
      expect(existsSync(file)).toBe(true);
    });

    it('puts the file in WAL mode, as another connection sees it', async () => {
      const file = join(dir.path, 'events.sqlite');
      const store = open({ file });
      await store.append(freshStreamId(), numbered(1), { expectedRevision: 'no_stream' });
      const other = new Database(file, { readonly: true });
      try {
        expect(other.pragma('journal_mode', { simple: true })).toBe('wal');
      } finally {
        other.close();
      }
    });

    it('gives a file written before the category index that index on open, rows untouched, and reads a category through it', async () => {
      const file = join(dir.path, 'events.sqlite');
      const first = open({ file });
      const breach = freshStreamId('breach');
      const dpia = freshStreamId('dpia');
      await first.append(breach, numbered(2), { expectedRevision: 'no_stream' });
      await first.append(dpia, numbered(2), { expectedRevision: 'no_stream' });
      await first.append(breach, numbered(1), { expectedRevision: 1 });
      await first.close();
      stores.delete(first);
      // A file of the schema as it was before the index: the same tables, no index.
      const raw = new Database(file);
      raw.exec('DROP INDEX events_by_category');
      const rowsBefore = raw.prepare('SELECT * FROM events ORDER BY position').all();
      raw.close();

      const store = open({ file });
      expect((await store.readAll({ categories: ['breach'] })).map((e) => `${e.streamId === breach ? 'b' : '?'}${e.revision}`)).toEqual(['b0', 'b1', 'b2']);
      expect((await store.readAll({ categories: ['dpia'] })).map((e) => e.streamId)).toEqual([dpia, dpia]);
      const other = new Database(file, { readonly: true });
      try {
        expect(other.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND name = 'events_by_category'`).get()).toEqual({ name: 'events_by_category' });
        expect(other.prepare('SELECT * FROM events ORDER BY position').all()).toEqual(rowsBefore);
      } finally {
        other.close();
      }
    });
  });

  describe('the file deleted or replaced while open', () => {
    it('refuses the append made right after an acknowledged one once the file is moved away, and takes appends again once it is back', async () => {
      const file = join(dir.path, 'events.sqlite');
      const store = open({ file });
      const stream = freshStreamId();
      await store.append(stream, numbered(1), { expectedRevision: 'no_stream' });
      renameSync(file, `${file}.moved`);
      // Made in the turn the previous acknowledgement settled in, and in later ones alike.
      await expect(store.append(stream, numbered(1), { expectedRevision: 0 })).rejects.toThrow(/deleted since it was opened/);
      await delay(5);
      await expect(store.append(stream, numbered(1), { expectedRevision: 0 })).rejects.toBeInstanceOf(EventStoreUnavailableError);
      renameSync(`${file}.moved`, file);
      const [again, together] = await Promise.all([
        store.append(stream, numbered(1), { expectedRevision: 0 }),
        store.append(freshStreamId(), numbered(1), { expectedRevision: 'no_stream' }),
      ]);
      expect([again.position, together.position]).toEqual([2n, 3n]);
    });

    it('refuses the append made right after an acknowledged one once another file took its place', async () => {
      const file = join(dir.path, 'events.sqlite');
      const store = open({ file });
      await store.append(freshStreamId(), numbered(1), { expectedRevision: 'no_stream' });
      writeFileSync(`${file}.new`, '');
      renameSync(`${file}.new`, file);
      await expect(store.append(freshStreamId(), numbered(1), { expectedRevision: 'no_stream' })).rejects.toThrow(/replaced by another file/);
    });
  });

  describe('counting a category', () => {
    it("counts on the reader thread for a file (the whole category's index is read), on this connection for :memory:", async () => {
      // Counts the category counts this thread's connections make: the statement is prepared when a store opens.
      const counted: string[] = [];
      const prepare = Database.prototype.prepare;
      const spy = jest.spyOn(Database.prototype, 'prepare').mockImplementation(function (this: Database.Database, sql: string) {
        const statement = prepare.call(this, sql);
        if (/^SELECT count\(\*\)(?: AS n)? FROM events WHERE CASE/.test(sql)) {
          const get = statement.get.bind(statement) as (...params: unknown[]) => unknown;
          statement.get = ((...params: unknown[]) => (counted.push(String(params[0])), get(...params))) as typeof statement.get;
        }
        return statement;
      } as typeof prepare);
      try {
        for (const [file, here] of [[join(dir.path, 'events.sqlite'), 0], [':memory:', 1]] as const) {
          counted.length = 0;
          const store = open({ file });
          const stream = freshStreamId('tally');
          const category = stream.slice(0, stream.indexOf('-'));
          await store.append(stream, [newEvent('A'), newEvent('B'), newEvent('C')], { expectedRevision: 'no_stream' });
          expect(await store.countCategoryEvents({ categories: [category], toPosition: 2n })).toBe(2);
          expect({ file, here: counted.length }).toEqual({ file, here });
        }
      } finally {
        spy.mockRestore();
      }
    });
  });

  describe('readStreamIfExists', () => {
    it('gives what readStream gives, and undefined where readStream throws StreamNotFoundError', async () => {
      const store = open({ file: join(dir.path, 'events.sqlite') });
      const streamId = freshStreamId();
      await store.append(streamId, numbered(3), { expectedRevision: 'no_stream' });
      const reads = [undefined, { fromRevision: 1 }, { fromRevision: 3 }, { fromRevision: 9 }, { maxCount: 2 }, { direction: 'backwards' as const }, { direction: 'backwards' as const, fromRevision: 1, maxCount: 1 }];
      for (const options of reads) expect(await store.readStreamIfExists(streamId, options)).toEqual(await store.readStream(streamId, options));
      // Past the head of a stream that exists: no events, but no missing stream either.
      expect(await store.readStreamIfExists(streamId, { fromRevision: 3 })).toEqual([]);
      const missing = freshStreamId();
      for (const options of [undefined, { fromRevision: 0 }, { fromRevision: 2 }, { direction: 'backwards' as const }]) {
        expect(await store.readStreamIfExists(missing, options)).toBeUndefined();
        await expect(store.readStream(missing, options)).rejects.toBeInstanceOf(StreamNotFoundError);
      }
      await expect(store.readStreamIfExists(missing, { fromRevision: -1 })).rejects.toThrow('fromRevision');
    });
  });

  describe('immutability', () => {
    async function ledgerOfTwo(file: string) {
      const store = open({ file });
      const { events } = await store.append(freshStreamId(), numbered(2), { expectedRevision: 'no_stream' });
      await store.close();
      return events;
    }

    async function expectUnchanged(file: string, events: readonly StoredEvent[]) {
      const store = open({ file });
      expect(await readEverything(store)).toEqual(events);
      expect(await verifyAll(store)).toMatchObject({ ok: true, eventsChecked: 2 });
    }

    it('refuses UPDATE and DELETE on stored events, even run as SQL on the file', async () => {
      const file = join(dir.path, 'events.sqlite');
      const events = await ledgerOfTwo(file);
      const raw = new Database(file);
      try {
        expect(() => raw.prepare(`UPDATE events SET data = '{"n":42}'`).run()).toThrow('events are immutable');
        expect(() => raw.prepare(`UPDATE events SET position = position + 100`).run()).toThrow('events are immutable');
        expect(() => raw.prepare(`DELETE FROM events WHERE revision = 1`).run()).toThrow('events are immutable');
      } finally {
        raw.close();
      }
      await expectUnchanged(file, events);
    });

    it('refuses to replace stored events with INSERT OR REPLACE run as SQL on the file', async () => {
      const file = join(dir.path, 'events.sqlite');
      const events = await ledgerOfTwo(file);
      const raw = new Database(file);
      try {
        const replace = raw.prepare(
          `INSERT OR REPLACE INTO events (position, event_id, stream_id, revision, type, schema_version, data, metadata)
           SELECT position, event_id, stream_id, revision, type, schema_version, '{"n":42}', metadata FROM events WHERE revision = 1`,
        );
        expect(() => replace.run()).toThrow('events are immutable');
      } finally {
        raw.close();
      }
      await expectUnchanged(file, events);
    });
  });
});

// ---------------------------------------------------------------------------------------

function open(options: SqliteEventStoreOptions): SqliteEventStore {
  const store = new SqliteEventStore(options);
  stores.add(store);
  return store;
}

function openingError(file: string): unknown {
  try {
    open({ file });
  } catch (error) {
    return error;
  }
  throw new Error(`${file} was opened as an event store`);
}

function foreignDatabase(): string {
  const file = join(dir.path, 'customers.sqlite');
  const db = new Database(file);
  db.exec(`CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL); INSERT INTO customers (name) VALUES ('Jansen');`);
  db.close();
  return file;
}

async function readEverything(store: EventStore): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for (let from = 0n; ; ) {
    const page = await store.readAll({ fromPosition: from, maxCount: 1000 });
    events.push(...page);
    if (page.length < 1000) return events;
    from = page.at(-1)!.position + 1n;
  }
}

/** What an acknowledgement says about an event, read back from the store. */
function summaryOf(event: StoredEvent | undefined): AckedEvent | undefined {
  if (!event) return undefined;
  const { eventId, streamId, revision, position, metadata } = event;
  return { eventId, streamId, revision, position: position.toString(), hash: metadata.hash };
}

/** Every append whose events are in the file is there whole: parts 0..of-1, consecutive. */
function expectNoTornAppends(events: readonly StoredEvent[]): void {
  const appends = new Map<string, StoredEvent[]>();
  for (const event of events) {
    const { worker, lane, seq } = event.data as unknown as WorkerEventData;
    const key = `${worker}/${lane}/${seq}`;
    appends.set(key, [...(appends.get(key) ?? []), event]);
  }
  const torn = [...appends].filter(([, parts]) => {
    const { of } = parts[0]!.data as unknown as WorkerEventData;
    return (
      parts.length !== of ||
      parts.some((event, n) => (event.data as unknown as WorkerEventData).part !== n || event.revision !== parts[0]!.revision + n || event.streamId !== parts[0]!.streamId)
    );
  });
  expect(torn.map(([key]) => key)).toEqual([]);
}

function compare(x: bigint, y: bigint): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await delay(10);
  }
}

interface ChildRun {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  readonly lines: string[];
  readonly stderr: () => string;
  /** Once the process has exited and its output is read. */
  readonly closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Waits for a condition, giving up early when the process ended without meeting it. */
  readonly until: (condition: () => boolean, what: string) => Promise<void>;
  readonly kill: () => Promise<void>;
}

/** Runs a compiled script of test/support; killed after each test if still running. */
function startChild(script: string, args: readonly string[], onLine: (line: string) => void = () => undefined): ChildRun {
  const path = fileURLToPath(new URL(`../../dist-bench/test/support/${script}.js`, import.meta.url));
  const env = { ...process.env, NODE_OPTIONS: '' };
  const child = spawn(process.execPath, [path, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  const lines: string[] = [];
  let stderr = '';
  let partial = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const complete = (partial + chunk).split('\n');
    partial = complete.pop() ?? ''; // a line cut off by kill -9 was never acknowledged
    for (const line of complete) {
      lines.push(line);
      onLine(line);
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  let exited = false;
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => {
      exited = true;
      resolve({ code, signal });
    });
  });
  const run: ChildRun = {
    child,
    lines,
    stderr: () => stderr,
    closed,
    until: (condition, what) =>
      until(() => {
        if (condition()) return true;
        if (exited) throw new Error(`${script} ended before ${what}: ${stderr}`);
        return false;
      }, what),
    kill: async () => {
      if (!exited) child.kill('SIGKILL');
      await closed;
    },
  };
  children.add(run);
  return run;
}

interface WorkerRun extends ChildRun {
  /** Acknowledged appends, in the order they were printed. */
  readonly acks: AckLine[];
  readonly isDone: () => boolean;
}

function startWorker(config: AppendWorkerConfig): WorkerRun {
  const acks: AckLine[] = [];
  let done = false;
  const run = startChild('append-worker', [JSON.stringify(config)], (text) => {
    const line = JSON.parse(text) as WorkerLine;
    if ('done' in line) done = true;
    else acks.push(line);
  });
  return { ...run, acks, isDone: () => done };
}
