import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { prepareWritableEvents } from '../../src/event-store/append-input.js';
import type { ExpectedRevision } from '../../src/event-store/event-store.port.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { openEventStoreFile } from '../../src/event-store/sqlite/sqlite-schema.js';
import { createWriterCore, decodeReplies, type KeyWire, type WireItem, type WireRound, type WriterCore } from '../../src/event-store/sqlite/sqlite-writer-core.js';
import { verifyAll } from '../../src/event-store/verify.js';
import { SqlitePersonalDataKeys } from '../../src/personal-data/sqlite/sqlite-personal-data-keys.js';
import { freshStreamId, newEvent } from '../support/events.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * A round of the SQLite writer taken in parts: the appends of one turn of the event loop are
 * sent to the thread as they are made, written there at once into a transaction that commits
 * only when the round ends, so the thread writes while the main thread makes the rest.
 */

let dir: ReturnType<typeof tempDir>;
let eventsFile: string;
let keysFile: string;
const cores: WriterCore[] = [];

beforeEach(async () => {
  dir = tempDir('privacy-ledger-round-parts-');
  eventsFile = join(dir.path, 'events.sqlite');
  keysFile = join(dir.path, 'keys.sqlite');
  openEventStoreFile({ file: eventsFile, busyTimeoutMs: 1000 }).close();
  await new SqlitePersonalDataKeys({ file: keysFile }).close();
});

afterEach(() => {
  cores.splice(0).forEach((core) => core.close());
  dir.remove();
});

function core(maxBatch = 10, busyTimeoutMs = 1000): WriterCore {
  const made = createWriterCore(
    { open: (file, timeout) => new Database(file, { timeout }), sha256: (a, b) => createHash('sha256').update(a, 'utf8').update(b, 'utf8').digest('hex') },
    { eventsFile, busyTimeoutMs, maxBatch },
  );
  cores.push(made);
  return made;
}

const recordedAt = '2026-04-01T10:00:00.000Z';

function append(id: number, streamId: string, expectedRevision: ExpectedRevision, type = 'Counted', keys?: readonly KeyWire[]): WireItem {
  const [prepared] = prepareWritableEvents([newEvent(type)], 1 << 20);
  return {
    kind: 'append',
    id,
    submission: [{ streamId, expectedRevision, recordedAt, events: [{ eventId: prepared!.event.eventId, type, schemaVersion: 1, texts: prepared!.texts }] }],
    ...(keys ? { keys } : {}),
  };
}

/** The rows of the event file another connection sees: stream and type, in position order. */
function stored(): string[] {
  const db = new Database(eventsFile, { readonly: true });
  try {
    return (db.prepare('SELECT stream_id, type FROM events ORDER BY position').all() as { stream_id: string; type: string }[]).map((row) => `${row.stream_id} ${row.type}`);
  } finally {
    db.close();
  }
}

/** Whether another connection can take the event file's write lock now (it lets it go at once). */
function writeLockFree(): boolean {
  const db = new Database(eventsFile, { timeout: 0 });
  try {
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return false;
    throw error;
  } finally {
    db.close();
  }
}

function outcomes(round: WireRound | undefined): (string | number)[] {
  if (round === undefined) throw new Error('the round was not answered');
  return decodeReplies(round)
    .sort((a, b) => a.id - b.id)
    .map((reply) => (reply.ok ? (reply.appends?.[0]?.firstRevision ?? -1) : (reply.failure.refusal ?? reply.failure.message)));
}

describe('a round taken in parts (createWriterCore take)', () => {
  it('writes each part as it arrives under the write lock, and commits once, at the round’s end, before answering', () => {
    const writer = core();
    expect(writer.take([append(1, 'a-1', 'no_stream'), append(2, 'b-1', 'no_stream')], false)).toBeUndefined();
    // Written, not committed: the lock is held, nothing is visible to another connection.
    expect(writeLockFree()).toBe(false);
    expect(stored()).toEqual([]);
    expect(writer.take([append(3, 'a-1', 0, 'Second')], false)).toBeUndefined();
    const round = writer.take([append(4, 'c-1', 'no_stream')], true);
    expect(outcomes(round)).toEqual([0, 0, 1, 0]);
    expect(round?.commits).toBe(1);
    expect(writeLockFree()).toBe(true);
    expect(stored()).toEqual(['a-1 Counted', 'b-1 Counted', 'a-1 Second', 'c-1 Counted']);
    // The next round starts afresh: a round in one part is answered at once.
    expect(outcomes(writer.take([append(5, 'b-1', 0)], true))).toEqual([1]);
  });

  it('answers refusals in their place and keeps what the rest of the round wrote', () => {
    const writer = core();
    writer.take([append(1, 'a-2', 'no_stream'), append(2, 'a-2', 'no_stream')], false);
    writer.take([append(3, 'b-2', 5)], false);
    expect(outcomes(writer.take([append(4, 'a-2', 0, 'Second')], true))).toEqual([0, 'wrong-expected-revision', 'wrong-expected-revision', 1]);
    expect(stored()).toEqual(['a-2 Counted', 'a-2 Second']);
  });

  it('commits every maxBatch submissions of a long round, and once more at its end', () => {
    const writer = core(2);
    writer.take([append(1, 'a-3', 'no_stream'), append(2, 'b-3', 'no_stream'), append(3, 'c-3', 'no_stream')], false);
    // Two committed, the third written in the next transaction.
    expect(stored()).toEqual(['a-3 Counted', 'b-3 Counted']);
    expect(writeLockFree()).toBe(false);
    const round = writer.take([append(4, 'd-3', 'no_stream'), append(5, 'e-3', 'no_stream')], true);
    expect(outcomes(round)).toEqual([0, 0, 0, 0, 0]);
    expect(round?.commits).toBe(3);
  });

  it('holds a request with keys, and every request after it, for the round’s end: the keys commit first, the order given is kept', () => {
    const writer = core();
    const key = randomBytes(32);
    writer.take([append(1, 'plain-4', 'no_stream')], false);
    // The keyed append opens the stream the next one appends to: held, both keep their order.
    writer.take([append(2, 'breach-s4', 'no_stream', 'BreachDetected', [{ file: keysFile, subjectId: 's4', key, createdAt: recordedAt }])], false);
    writer.take([append(3, 'breach-s4', 0, 'BreachAssessed')], false);
    expect(stored()).toEqual([]);
    const round = writer.take([append(4, 'plain-4', 0, 'Second')], true);
    expect(outcomes(round)).toEqual([0, 0, 1, 1]);
    expect(round?.keys).toEqual([{ file: keysFile, subjectId: 's4', key }]);
    expect(stored()).toEqual(['plain-4 Counted', 'breach-s4 BreachDetected', 'breach-s4 BreachAssessed', 'plain-4 Second']);
  });

  it('fails a part that cannot have the write lock, and what the open transaction held, and writes the next part in a new one', () => {
    const writer = core(10, 20);
    writer.take([append(1, 'a-5', 'no_stream')], true);
    const other = new Database(eventsFile);
    other.exec('BEGIN IMMEDIATE');
    try {
      writer.take([append(2, 'b-5', 'no_stream')], false);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    writer.take([append(3, 'c-5', 'no_stream')], false);
    const round = writer.take([append(4, 'a-5', 0)], true);
    const [locked, ...rest] = outcomes(round);
    expect(String(locked)).toMatch(/locked|busy/i);
    expect(rest).toEqual([0, 1]);
    expect(round?.commits).toBe(1);
    expect(stored()).toEqual(['a-5 Counted', 'c-5 Counted', 'a-5 Counted']);
  });
});

describe('the store sends the appends of one turn as they are made', () => {
  it('lets the writer thread take the write lock while this turn is still making appends, and commits them together', async () => {
    const store = new SqliteEventStore({ file: eventsFile });
    try {
      await store.append(freshStreamId('warm'), [newEvent('Warm')], { expectedRevision: 'no_stream' }); // the thread is up
      const before = store.commitStats().commits;
      const appends = [freshStreamId('first'), freshStreamId('second')].map((streamId) => store.append(streamId, [newEvent('Together')], { expectedRevision: 'no_stream' }));
      // Still in this turn (no await since): this thread blocks without yielding to its event
      // loop, so the lock can only be taken meanwhile if the appends were already handed to the
      // writer thread, and nothing is visible: the round is not closed.
      const pause = new Int32Array(new SharedArrayBuffer(4));
      let taken = false;
      for (const until = Date.now() + 5_000; !taken && Date.now() < until; ) {
        taken = !writeLockFree();
        if (!taken) Atomics.wait(pause, 0, 0, 2);
      }
      expect(taken).toBe(true);
      Atomics.wait(pause, 0, 0, 50);
      expect(writeLockFree()).toBe(false);
      expect(stored().filter((row) => row.endsWith(' Together'))).toEqual([]);
      appends.push(store.append(freshStreamId('third'), [newEvent('Together')], { expectedRevision: 'no_stream' }));
      expect((await Promise.all(appends)).map((result) => result.nextExpectedRevision)).toEqual([0, 0, 0]);
      expect(store.commitStats().commits - before).toBe(1);
      expect(await verifyAll(store)).toMatchObject({ ok: true, eventsChecked: 4 });
    } finally {
      await store.close();
    }
  });
});
