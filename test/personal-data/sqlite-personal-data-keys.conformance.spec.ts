import { afterAll, afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openEventStoreFile } from '../../src/event-store/sqlite/sqlite-schema.js';
import { PersonalDataKeysUnavailableError } from '../../src/personal-data/personal-data-keys.port.js';
import { SqlitePersonalDataKeys } from '../../src/personal-data/sqlite/sqlite-personal-data-keys.js';
import { FixedClock } from '../../src/shared/clock.js';
import { tempDir } from '../support/temp-dir.js';
import { describePersonalDataKeysConformance } from './personal-data-keys.conformance.js';

/** Whether any file of the database (the file, its WAL, its shared memory) holds these bytes. */
function onDisk(dir: string, name: string, bytes: Buffer): boolean {
  return readdirSync(dir)
    .filter((file) => file.startsWith(name))
    .some((file) => readFileSync(join(dir, file)).includes(bytes));
}

const shared = tempDir();
afterAll(() => shared.remove());
describePersonalDataKeysConformance('sqlite', { open: async (clock) => new SqlitePersonalDataKeys({ file: join(shared.path, 'personal-data-keys.sqlite'), clock }) });

describe('the SQLite personal-data key store', () => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  let clock: FixedClock;
  beforeEach(() => {
    clock = new FixedClock('2026-04-01T10:00:00.000Z');
    dir = tempDir();
    file = join(dir.path, 'personal-data-keys.sqlite');
  });
  afterEach(() => dir.remove());

  it('creates the keys asked for on one turn of the event loop in one transaction (one fsync), not one each', async () => {
    const keys = new SqlitePersonalDataKeys({ file, clock });
    const transactions = jest.spyOn(Database.prototype, 'transaction');
    try {
      const subjects = Array.from({ length: 300 }, () => randomUUID());
      await Promise.all(subjects.map((subject) => keys.getOrCreate(subject)));
      // At most 200 keys to a transaction: 300 new keys are two commits.
      expect(transactions).toHaveBeenCalledTimes(2);
      expect(await keys.subjectCount()).toBe(300);
    } finally {
      transactions.mockRestore();
      await keys.close();
    }
  });

  it('fails every caller of a group whose commit fails, and gives none of them a key', async () => {
    const keys = new SqlitePersonalDataKeys({ file, clock });
    const subjects = [randomUUID(), randomUUID()];
    const failing = jest.spyOn(Database.prototype, 'transaction').mockImplementation(() => {
      throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    });
    try {
      const answers = await Promise.allSettled(subjects.map((subject) => keys.getOrCreate(subject)));
      expect(answers.map((answer) => answer.status)).toEqual(['rejected', 'rejected']);
      expect((answers[0] as PromiseRejectedResult).reason).toBeInstanceOf(PersonalDataKeysUnavailableError);
    } finally {
      failing.mockRestore();
    }
    expect(await keys.get(subjects[0] as string)).toBeUndefined();
    expect(await keys.getOrCreate(subjects[0] as string)).toHaveLength(32);
    await keys.close();
  });

  it('erases a key for good: its bytes are gone from the file and its WAL (secure_delete), the other keys stay', async () => {
    const keys = new SqlitePersonalDataKeys({ file, clock });
    const subjects = Array.from({ length: 50 }, () => randomUUID());
    const created = new Map<string, Buffer>();
    for (const subject of subjects) created.set(subject, await keys.getOrCreate(subject));
    const [erased, kept] = [subjects[17] as string, subjects[18] as string];
    const erasedKey = Buffer.from(created.get(erased) as Buffer);
    expect(onDisk(dir.path, 'personal-data-keys.sqlite', erasedKey)).toBe(true); // the search can find it

    await keys.erase(erased);
    expect(await keys.get(erased)).toBeUndefined();
    expect(await keys.erasedAt(erased)).toBe('2026-04-01T10:00:00.000Z');
    expect(onDisk(dir.path, 'personal-data-keys.sqlite', erasedKey)).toBe(false); // while open
    expect(await keys.get(kept)).toEqual(created.get(kept));
    await keys.close();
    expect(onDisk(dir.path, 'personal-data-keys.sqlite', erasedKey)).toBe(false); // and once closed
    expect(onDisk(dir.path, 'personal-data-keys.sqlite', created.get(kept) as Buffer)).toBe(true);
  });

  it('shows that without secure_delete a deleted key would stay in the file (what the setting prevents)', () => {
    const db = new Database(join(dir.path, 'plain.sqlite'));
    db.pragma('secure_delete = OFF');
    db.exec('CREATE TABLE k (id TEXT PRIMARY KEY, key BLOB)');
    const key = Buffer.from('0123456789abcdef0123456789abcdef');
    db.prepare('INSERT INTO k VALUES (?, ?)').run('a', key);
    db.prepare('DELETE FROM k WHERE id = ?').run('a');
    db.close();
    expect(onDisk(dir.path, 'plain.sqlite', key)).toBe(true);
  });

  it('never gives an erased subject a key again, not even through a write that goes around the adapter', async () => {
    const keys = new SqlitePersonalDataKeys({ file, clock });
    const subject = randomUUID();
    await keys.getOrCreate(subject);
    await keys.erase(subject);
    await keys.close();
    const db = new Database(file);
    expect(() => db.prepare('INSERT INTO personal_data_keys VALUES (?, ?, ?)').run(subject, Buffer.alloc(32), 'now')).toThrow(/erased/);
    db.close();
  });

  it('never replaces a key: ciphertext under it would become unreadable', async () => {
    const keys = new SqlitePersonalDataKeys({ file, clock });
    const subject = randomUUID();
    await keys.getOrCreate(subject);
    await keys.close();
    const db = new Database(file);
    expect(() => db.prepare('UPDATE personal_data_keys SET key = ? WHERE subject_id = ?').run(Buffer.alloc(32), subject)).toThrow(/never replaced/);
    db.close();
  });

  it('refuses a file that is not a key store, and leaves it as it was', async () => {
    const events = join(dir.path, 'events.sqlite');
    openEventStoreFile({ file: events, busyTimeoutMs: 100 }).close();
    const other = join(dir.path, 'other.sqlite');
    const db = new Database(other);
    db.exec('CREATE TABLE notes (text TEXT)');
    db.close();
    const text = join(dir.path, 'notes.txt');
    writeFileSync(text, 'not a database at all, just some text that is long enough to be read as a header');
    for (const [foreign, message] of [
      [events, /not a Privacy Ledger personal-data key file/],
      [other, /SQLite database of something else/],
      [text, /cannot open/],
    ] as const) {
      const before = readFileSync(foreign);
      expect(() => new SqlitePersonalDataKeys({ file: foreign })).toThrow(PersonalDataKeysUnavailableError);
      expect(() => new SqlitePersonalDataKeys({ file: foreign })).toThrow(message);
      expect(readFileSync(foreign)).toEqual(before);
    }
  });
});
