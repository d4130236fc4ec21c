import { afterAll, afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { PersonalDataErasedError } from '../../src/personal-data/personal-data-keys.port.js';
import { SqlitePersonalDataKeys } from '../../src/personal-data/sqlite/sqlite-personal-data-keys.js';
import { FixedClock } from '../../src/shared/clock.js';
import { freshStreamId, newEvent } from '../support/events.js';
import { tempDir } from '../support/temp-dir.js';
import { describePersonalDataKeysConformance } from './personal-data-keys.conformance.js';

/**
 * The key store beside the SQLite event store: getOrCreate's keys are written by the store's
 * writer thread (SqliteEventStore.keyWriter), so neither commit runs on the event loop. Keys
 * made for an append travel with it: sqlite-keys-in-append-round.spec.ts.
 */

const shared = tempDir();
const sharedEvents = new SqliteEventStore({ file: join(shared.path, 'events.sqlite') });
afterAll(async () => {
  await sharedEvents.close();
  shared.remove();
});
describePersonalDataKeysConformance('sqlite, keys written by the event store\'s writer thread', {
  open: async (clock) => {
    const file = join(shared.path, 'personal-data-keys.sqlite');
    return new SqlitePersonalDataKeys({ file, clock, rounds: sharedEvents });
  },
});

describe('the SQLite personal-data key store with the event store\'s writer thread', () => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  let events: SqliteEventStore;
  let keys: SqlitePersonalDataKeys;
  const clock = new FixedClock('2026-04-01T10:00:00.000Z');
  beforeEach(() => {
    dir = tempDir();
    file = join(dir.path, 'personal-data-keys.sqlite');
    events = new SqliteEventStore({ file: join(dir.path, 'events.sqlite') });
    keys = new SqlitePersonalDataKeys({ file, clock, rounds: events });
  });
  afterEach(async () => {
    await keys.close();
    await events.close();
    dir.remove();
  });

  it('commits new keys on the writer thread, not on the event loop, and a key is on disk when getOrCreate answers', async () => {
    const transactions = jest.spyOn(Database.prototype, 'transaction');
    const subjects = Array.from({ length: 300 }, () => randomUUID());
    let created: Buffer[];
    try {
      created = await Promise.all(subjects.map((subject) => keys.getOrCreate(subject)));
      // Nothing of the key file was written through a connection of this thread.
      expect(transactions).not.toHaveBeenCalled();
    } finally {
      transactions.mockRestore();
    }
    const other = new Database(file, { readonly: true });
    try {
      const stored = other.prepare('SELECT key FROM personal_data_keys WHERE subject_id = ?');
      subjects.forEach((subject, n) => expect(stored.get(subject)).toEqual({ key: created[n] }));
    } finally {
      other.close();
    }
    expect(new Set(created.map((key) => key.toString('hex'))).size).toBe(300);
  });

  it('writes a key and an append asked for together through the same thread, the append in one commit of the event file', async () => {
    const before = events.commitStats();
    const subject = randomUUID();
    const streamId = freshStreamId('breach');
    const [key, appended] = await Promise.all([keys.getOrCreate(subject), events.append(streamId, [newEvent('Detected')], { expectedRevision: 'no_stream' })]);
    expect(key).toHaveLength(32);
    expect(appended.position).toBeGreaterThan(0n);
    // One transaction of the event file for the append; the key had its own, in the key file.
    expect(events.commitStats().commits - before.commits).toBe(1);
    expect(await keys.get(subject)).toEqual(key);
  });

  it('refuses an erased subject a new key through the thread, as without it', async () => {
    const subject = randomUUID();
    await keys.getOrCreate(subject);
    await keys.erase(subject);
    await expect(keys.getOrCreate(subject)).rejects.toBeInstanceOf(PersonalDataErasedError);
    expect(await keys.get(subject)).toBeUndefined();
  });

  it('refuses a subject erased by another instance of the key file, looked at inside the thread\'s write lock', async () => {
    const subject = randomUUID();
    const elsewhere = new SqlitePersonalDataKeys({ file, clock });
    try {
      await elsewhere.erase(subject);
    } finally {
      await elsewhere.close();
    }
    await expect(keys.getOrCreate(subject)).rejects.toMatchObject({ code: 'personal-data-erased' });
  });

  it('creates keys on its own connection once the event store has closed (shutdown order)', async () => {
    await events.close();
    const key = await keys.getOrCreate(randomUUID());
    expect(key).toHaveLength(32);
  });
});
