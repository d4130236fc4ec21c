import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import Database from 'better-sqlite3';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { prepareWritableEvents } from '../../src/event-store/append-input.js';
import { WrongExpectedRevisionError } from '../../src/event-store/event-store.errors.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { openEventStoreFile } from '../../src/event-store/sqlite/sqlite-schema.js';
import { createWriterCore, type WriterRequest } from '../../src/event-store/sqlite/sqlite-writer-core.js';
import { SqliteWriter } from '../../src/event-store/sqlite/sqlite-writer.js';
import { PersonalDataCodec, subjectOfStream as subjectsOf } from '../../src/personal-data/personal-data-codec.js';
import { PersonalDataErasedError, PersonalDataKeysUnavailableError } from '../../src/personal-data/personal-data-keys.port.js';
import { PERSONAL_DATA_SCHEMES } from '../../src/personal-data-schemes.js';
import { SqlitePersonalDataKeys } from '../../src/personal-data/sqlite/sqlite-personal-data-keys.js';
import { FixedClock } from '../../src/shared/clock.js';
import { newEvent } from '../support/events.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * A new personal-data key and the append that needs it, in one round of the SQLite writer
 * thread: the key file commits before the event file, an append whose key did not end up
 * stored as carried writes nothing, and a crash between the two commits leaves at most a key
 * without events.
 */

const clock = new FixedClock('2026-04-01T10:00:00.000Z');
const subjectOfStream = (streamId: string) => (streamId.startsWith('breach-') ? streamId.slice('breach-'.length) : undefined);

let dir: ReturnType<typeof tempDir>;
let keysFile: string;
let eventsFile: string;

beforeEach(() => {
  dir = tempDir('privacy-ledger-key-round-');
  keysFile = join(dir.path, 'personal-data-keys.sqlite');
  eventsFile = join(dir.path, 'events.sqlite');
});
afterEach(() => dir.remove());

function storedKey(subjectId: string): Buffer | undefined {
  const db = new Database(keysFile, { readonly: true });
  try {
    return (db.prepare('SELECT key FROM personal_data_keys WHERE subject_id = ?').get(subjectId) as { key: Buffer } | undefined)?.key;
  } finally {
    db.close();
  }
}

/** The subject erased through another instance of the key file (as another process would). */
async function eraseElsewhere(subjectId: string): Promise<void> {
  const elsewhere = new SqlitePersonalDataKeys({ file: keysFile, clock });
  try {
    await elsewhere.erase(subjectId);
  } finally {
    await elsewhere.close();
  }
}

function eventCount(): number {
  const db = new Database(eventsFile, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('a key made for an append, beside the SQLite event store', () => {
  let events: SqliteEventStore;
  let keys: SqlitePersonalDataKeys;
  beforeEach(() => {
    events = new SqliteEventStore({ file: eventsFile });
    keys = new SqlitePersonalDataKeys({ file: keysFile, clock, rounds: events, subjectOfStream });
  });
  afterEach(async () => {
    await keys.close();
    await events.close();
  });

  it('is handed out before it is on disk and goes to the writer with the append, in one request of one round', async () => {
    const subject = randomUUID();
    const submitted: { kind: string; keys?: readonly { subjectId: string }[] }[] = [];
    const original = SqliteWriter.prototype.submit;
    const submit = jest.spyOn(SqliteWriter.prototype, 'submit').mockImplementation(function (this: SqliteWriter, request) {
      submitted.push(request as (typeof submitted)[number]);
      return original.call(this, request);
    });
    let key: Buffer;
    try {
      key = await keys.keyForAppend(subject);
      expect(storedKey(subject)).toBeUndefined();
      await events.append(`breach-${subject}`, [newEvent('BreachDetected')], { expectedRevision: 'no_stream' });
    } finally {
      submit.mockRestore();
    }
    expect(submitted).toHaveLength(1);
    expect(submitted[0]).toMatchObject({ kind: 'append', keys: [{ subjectId: subject }] });
    expect(storedKey(subject)).toEqual(key);
    // Done with: the next append to the stream carries nothing, and the key is the stored one.
    expect(await keys.keyForAppend(subject)).toEqual(key);
    expect(await keys.get(subject)).toEqual(key);
  });

  it('lets the codec encrypt a new breach\'s payload and fingerprint under a key that its append then carries, read back once stored', async () => {
    await keys.close();
    keys = new SqlitePersonalDataKeys({ file: keysFile, clock, rounds: events, subjectOfStream: subjectsOf(PERSONAL_DATA_SCHEMES) });
    const codec = new PersonalDataCodec(keys, PERSONAL_DATA_SCHEMES);
    const streamId = `breach-${randomUUID()}`;
    const data = await codec.encode(streamId, 'BreachDetected', { title: 'Letter about Mrs. Jansen sent to her neighbour' });
    const requestHash = await codec.requestFingerprint(streamId, 'a'.repeat(64)).toStore();
    expect(JSON.stringify(data)).not.toContain('Jansen');
    const carried = jest.spyOn(SqliteWriter.prototype, 'submit');
    let appended;
    let requests: unknown[];
    try {
      appended = await events.append(streamId, [newEvent('BreachDetected', data, { metadata: { ...newEvent().metadata, extensions: { requestHash } } })], { expectedRevision: 'no_stream' });
      requests = carried.mock.calls.map(([request]) => request);
    } finally {
      carried.mockRestore();
    }
    expect(requests).toEqual([expect.objectContaining({ kind: 'append', keys: [expect.objectContaining({ subjectId: streamId.slice('breach-'.length) })] })]);
    const decoded = await codec.decode(appended.events[0]!);
    expect(decoded.data).toEqual({ title: 'Letter about Mrs. Jansen sent to her neighbour' });
    expect(await codec.requestFingerprint(streamId, 'a'.repeat(64)).matches(requestHash)).toBe(true);
  });

  it('stores the key before answering, in a round of its own, when the streams\' subjects are not given (PERSONAL_DATA_KEYS_WITH_APPEND=false)', async () => {
    const apart = new SqlitePersonalDataKeys({ file: keysFile, clock, rounds: events });
    try {
      const subject = randomUUID();
      const key = await apart.keyForAppend(subject);
      expect(storedKey(subject)).toEqual(key);
    } finally {
      await apart.close();
    }
  });

  it('leaves the key harmless when its append is refused: stored, and used by the next append', async () => {
    const subject = randomUUID();
    const key = await keys.keyForAppend(subject);
    await expect(events.append(`breach-${subject}`, [newEvent('BreachDetected')], { expectedRevision: 4 })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(eventCount()).toBe(0);
    expect(storedKey(subject)).toEqual(key);
    expect(await keys.keyForAppend(subject)).toEqual(key);
    await events.append(`breach-${subject}`, [newEvent('BreachDetected')], { expectedRevision: 'no_stream' });
    expect(eventCount()).toBe(1);
  });

  it('refuses the append, writing nothing, when another process stored a different first key for the subject meanwhile', async () => {
    const subject = randomUUID();
    await keys.keyForAppend(subject);
    const elsewhere = new SqlitePersonalDataKeys({ file: keysFile, clock });
    let theirs: Buffer;
    try {
      theirs = await elsewhere.getOrCreate(subject);
    } finally {
      await elsewhere.close();
    }
    const appending = events.append(`breach-${subject}`, [newEvent('BreachDetected')], { expectedRevision: 'no_stream' });
    await expect(appending).rejects.toBeInstanceOf(PersonalDataKeysUnavailableError);
    expect(eventCount()).toBe(0);
    expect(storedKey(subject)).toEqual(theirs);
    // An append still under way with the refused key would be refused too, for a while.
    await expect(events.append(`breach-${subject}`, [newEvent('BreachDetected')], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(PersonalDataKeysUnavailableError);
    await expect(keys.keyForAppend(subject)).rejects.toBeInstanceOf(PersonalDataKeysUnavailableError);
    expect(eventCount()).toBe(0);
  });

  it('refuses the append as erased, writing nothing, when another process erased the subject meanwhile', async () => {
    const subject = randomUUID();
    await keys.keyForAppend(subject);
    await eraseElsewhere(subject);
    await expect(events.append(`breach-${subject}`, [newEvent('BreachDetected')], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(PersonalDataErasedError);
    expect(eventCount()).toBe(0);
    expect(storedKey(subject)).toBeUndefined();
    await expect(keys.keyForAppend(subject)).rejects.toBeInstanceOf(PersonalDataErasedError);
  });

  it('gives getOrCreate the key already handed out for an append, and stores that one', async () => {
    const subject = randomUUID();
    const forAppend = await keys.keyForAppend(subject);
    expect(await keys.getOrCreate(subject)).toEqual(forAppend);
    expect(storedKey(subject)).toEqual(forAppend);
  });

  it('stores a key whose append never comes on its own, shortly after', async () => {
    const subject = randomUUID();
    const key = await keys.keyForAppend(subject);
    const started = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(storedKey(subject)).toBeUndefined();
    while (storedKey(subject) === undefined && Date.now() - started < 15_000) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(storedKey(subject)).toEqual(key);
  });

  it('carries every new key of an all-or-nothing batch, and writes none of the batch when one is refused', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await keys.keyForAppend(a);
    await keys.keyForAppend(b);
    await eraseElsewhere(b);
    const batch = [a, b].map((subject) => ({ streamId: `breach-${subject}`, expectedRevision: 'no_stream' as const, events: [newEvent('BreachDetected')] }));
    await expect(events.appendBatch(batch)).rejects.toBeInstanceOf(PersonalDataErasedError);
    expect(eventCount()).toBe(0);
  });
});

describe('the writer round with keys (createWriterCore)', () => {
  /** Opens real connections and records each outer (write-locked) transaction's file once it committed. */
  function recordingCore(crashAtEvents = false) {
    const commits: string[] = [];
    const open = (file: string, timeout: number) => {
      const db = new Database(file, { timeout });
      const transaction = db.transaction.bind(db);
      db.transaction = ((fn: (...args: never[]) => unknown) => {
        const tx = transaction(fn);
        const immediate = (...args: never[]) => {
          if (crashAtEvents && file === eventsFile) throw Object.assign(new Error('the process died here'), { code: 'SIMULATED' });
          const result = tx.immediate(...args);
          commits.push(file === eventsFile ? 'events' : 'keys');
          return result;
        };
        return Object.assign((...args: never[]) => tx(...args), { default: tx.default, deferred: tx.deferred, exclusive: tx.exclusive, immediate });
      }) as typeof db.transaction;
      return db;
    };
    const core = createWriterCore({ open, sha256: (a, b) => createHash('sha256').update(a, 'utf8').update(b, 'utf8').digest('hex') }, { eventsFile, busyTimeoutMs: 1000, maxBatch: 10 });
    return { core, commits };
  }

  function appendRequest(id: number, subjectId: string, key: Uint8Array): WriterRequest {
    const [prepared] = prepareWritableEvents([newEvent('BreachDetected')], 1 << 20);
    return {
      kind: 'append',
      id,
      submission: [{ streamId: `breach-${subjectId}`, expectedRevision: 'no_stream', recordedAt: clock.now().toISOString(), events: [{ eventId: prepared!.event.eventId, type: 'BreachDetected', schemaVersion: 1, texts: prepared!.texts }] }],
      keys: [{ file: keysFile, subjectId, key, createdAt: clock.now().toISOString() }],
    };
  }

  beforeEach(async () => {
    openEventStoreFile({ file: eventsFile, busyTimeoutMs: 1000 }).close();
    await new SqlitePersonalDataKeys({ file: keysFile }).close();
  });

  it('commits the key file before the event file, in the one round that carries both', () => {
    const { core, commits } = recordingCore();
    const subject = randomUUID();
    const key = randomBytes(32);
    try {
      const round = core.round([appendRequest(1, subject, key)]);
      expect(round.replies).toEqual([expect.objectContaining({ id: 1, ok: true })]);
      expect(round.keys).toEqual([{ file: keysFile, subjectId: subject, key }]);
    } finally {
      core.close();
    }
    expect(commits).toEqual(['keys', 'events']);
    expect(storedKey(subject)).toEqual(key);
    expect(eventCount()).toBe(1);
  });

  it('leaves a key without events, never events without their key, when the round stops between the two commits', () => {
    const { core, commits } = recordingCore(true);
    const subject = randomUUID();
    const key = randomBytes(32);
    try {
      const round = core.round([appendRequest(1, subject, key)]);
      expect(round.replies).toEqual([{ id: 1, ok: false, failure: { message: 'the process died here', code: 'SIMULATED' } }]);
    } finally {
      core.close();
    }
    expect(commits).toEqual(['keys']);
    expect(storedKey(subject)).toEqual(key);
    expect(eventCount()).toBe(0);
  });

  it('refuses an append whose carried key is not the one stored, and still writes the others of the round', () => {
    const { core } = recordingCore();
    const [taken, free] = [randomUUID(), randomUUID()];
    const first = randomBytes(32);
    try {
      core.round([{ kind: 'keys', id: 1, keys: [{ file: keysFile, subjectId: taken, key: first, createdAt: clock.now().toISOString() }] }]);
      const round = core.round([appendRequest(2, taken, randomBytes(32)), appendRequest(3, free, randomBytes(32))]);
      expect(round.replies).toEqual(
        expect.arrayContaining([
          { id: 2, ok: false, failure: { refusal: 'personal-data-key', file: keysFile, subjectId: taken } },
          expect.objectContaining({ id: 3, ok: true }),
        ]),
      );
    } finally {
      core.close();
    }
    expect(storedKey(taken)).toEqual(first);
    expect(eventCount()).toBe(1);
  });
});
