import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DuplicateEventIdError, InvalidEventError, InvalidStreamIdError, WrongExpectedRevisionError } from '../../src/event-store/event-store.errors.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { verifyAll } from '../../src/event-store/verify.js';
import { freshStreamId, newEvent, numbered } from '../support/events.js';
import { tempDir } from '../support/temp-dir.js';

/** appendBatch: several streams in one transaction, all of it or none of it (what an import needs). */
describe('SqliteEventStore.appendBatch', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = tempDir('privacy-ledger-batch-');
    store = new SqliteEventStore({ file: join(dir.path, 'events.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  it('writes every stream of the batch, in order, each with its own revisions and hash chain', async () => {
    const [a, b] = [freshStreamId('breach'), freshStreamId('breach')];
    const results = await store.appendBatch([
      { streamId: a, events: numbered(2), expectedRevision: 'no_stream' },
      { streamId: b, events: numbered(1), expectedRevision: 'no_stream' },
      { streamId: a, events: numbered(1), expectedRevision: 1 },
    ]);
    expect(results.map((r) => [r.streamId, r.nextExpectedRevision])).toEqual([
      [a, 1],
      [b, 0],
      [a, 2],
    ]);
    expect(results.map((r) => r.position)).toEqual([2n, 3n, 4n]);
    expect((await store.readStream(a)).map((e) => e.revision)).toEqual([0, 1, 2]);
    expect(new Set(results.flatMap((r) => r.events.map((e) => e.metadata.recordedAt))).size).toBe(1);
    expect((await verifyAll(store)).ok).toBe(true);
  });

  it('writes nothing when one append of the batch has the wrong expected revision', async () => {
    const existing = freshStreamId('breach');
    await store.append(existing, numbered(1), { expectedRevision: 'no_stream' });
    const head = await store.headPosition();
    const fresh = freshStreamId('breach');
    const batch = store.appendBatch([
      { streamId: fresh, events: numbered(3), expectedRevision: 'no_stream' },
      { streamId: existing, events: numbered(1), expectedRevision: 'no_stream' },
    ]);
    await expect(batch).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(await store.headPosition()).toBe(head);
    await expect(store.readStream(fresh)).rejects.toThrow();
    // The chain goes on where it was: a later append verifies.
    await store.append(existing, numbered(1), { expectedRevision: 0 });
    expect((await verifyAll(store)).ok).toBe(true);
  });

  it('writes nothing when an event id of the batch is already stored', async () => {
    const eventId = randomUUID();
    await store.append(freshStreamId(), [newEvent('X', { n: 1 }, { eventId })], { expectedRevision: 'no_stream' });
    const head = await store.headPosition();
    const batch = store.appendBatch([
      { streamId: freshStreamId(), events: numbered(1), expectedRevision: 'no_stream' },
      { streamId: freshStreamId(), events: [newEvent('X', { n: 2 }, { eventId })], expectedRevision: 'no_stream' },
    ]);
    await expect(batch).rejects.toBeInstanceOf(DuplicateEventIdError);
    expect(await store.headPosition()).toBe(head);
  });

  it('checks every append before writing any, and refuses an empty batch', async () => {
    await expect(store.appendBatch([])).rejects.toBeInstanceOf(InvalidEventError);
    const batch = store.appendBatch([
      { streamId: freshStreamId(), events: numbered(1), expectedRevision: 'no_stream' },
      { streamId: '$system', events: numbered(1), expectedRevision: 'no_stream' },
    ]);
    await expect(batch).rejects.toBeInstanceOf(InvalidStreamIdError);
    expect(await store.headPosition()).toBe(0n);
  });

  it('does not disturb single appends grouped into the same commit', async () => {
    const existing = freshStreamId();
    await store.append(existing, numbered(1), { expectedRevision: 'no_stream' });
    const single = store.append(freshStreamId(), numbered(1), { expectedRevision: 'no_stream' });
    const failing = store.appendBatch([{ streamId: existing, events: numbered(1), expectedRevision: 5 }]);
    const other = store.append(freshStreamId(), numbered(1), { expectedRevision: 'no_stream' });
    await expect(failing).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect((await single).nextExpectedRevision).toBe(0);
    expect((await other).nextExpectedRevision).toBe(0);
  });
});
