import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { ReadAllOptions, StoredEvent } from '../../src/event-store/event-store.port.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { canHoldCiphertext, checkKeyCoverage, PersonalDataKeysMismatchError } from '../../src/personal-data/key-coverage.js';
import { PersonalDataCodec } from '../../src/personal-data/personal-data-codec.js';
import { PERSONAL_DATA_SCHEMES } from '../../src/personal-data-schemes.js';
import { SqlitePersonalDataKeys } from '../../src/personal-data/sqlite/sqlite-personal-data-keys.js';
import { newEvent, numbered } from '../support/events.js';
import { tempDir } from '../support/temp-dir.js';

/** The start check of the key file against the log, on the embedded stores. */
describe('the key coverage check', () => {
  let dir: ReturnType<typeof tempDir>;
  let events: SqliteEventStore;
  let keys: SqlitePersonalDataKeys;
  let codec: PersonalDataCodec;
  /** Positions of the events the check read, counted through readAll. */
  let read: bigint[];
  /** Positions of the rows the check decoded. */
  let decoded: bigint[];
  beforeEach(() => {
    dir = tempDir();
    events = new SqliteEventStore({ file: join(dir.path, 'events.sqlite') });
    const readAll = events.readAll.bind(events);
    read = [];
    events.readAll = async (options?: ReadAllOptions): Promise<readonly StoredEvent[]> => {
      const page = await readAll(options);
      read.push(...page.map((event) => event.position));
      return page;
    };
    // The check reads the SQLite store's rows undecoded, and decodes only the rows it must.
    const readAllRows = events.readAllRows.bind(events);
    events.readAllRows = (after, maxCount) => {
      const page = readAllRows(after, maxCount);
      read.push(...page.map((row) => row.position));
      return page;
    };
    const readRowsWhereDataContains = events.readRowsWhereDataContains.bind(events);
    events.readRowsWhereDataContains = (after, to, either) => {
      const page = readRowsWhereDataContains(after, to, either);
      read.push(...page.map((row) => row.position));
      return page;
    };
    const decodeRow = events.decodeRow.bind(events);
    decoded = [];
    events.decodeRow = (row) => {
      decoded.push(row.position);
      return decodeRow(row);
    };
    keys = new SqlitePersonalDataKeys({ file: join(dir.path, 'keys.sqlite') });
    codec = new PersonalDataCodec(keys, PERSONAL_DATA_SCHEMES);
  });
  afterEach(async () => {
    await keys.close();
    await events.close();
    dir.remove();
  });

  const check = () => checkKeyCoverage(events, keys, PERSONAL_DATA_SCHEMES, 'keys.sqlite');
  const encryptedBreach = async (breachId = randomUUID()) => {
    const streamId = `breach-${breachId}`;
    const data = await codec.encode(streamId, 'BreachClosed', { closedAt: '2026-03-06T12:00:00.000Z', summary: 'Mrs. Jansen was phoned.' });
    await events.append(streamId, [newEvent('BreachClosed', data)], { expectedRevision: 'any' });
    return breachId;
  };

  it('reads, at the next start, only the events appended since the previous one', async () => {
    await encryptedBreach();
    await events.append('test-a', numbered(50), { expectedRevision: 'no_stream' });
    await check();
    const head = await events.headPosition();
    await encryptedBreach();
    read = [];
    await check();
    // The first event (the log's identity) and what came after the previous check.
    expect(read.filter((position) => position <= head)).toEqual([1n]);
    expect(read.filter((position) => position > head)).toHaveLength(1);
  });

  it('decodes no event of a subject that has a key, and reads none whose stored text cannot hold ciphertext, on a first check', async () => {
    const served = await encryptedBreach();
    await encryptedBreach(served);
    const encrypted = await events.headPosition();
    await events.append('test-a', numbered(20), { expectedRevision: 'no_stream' });
    // A breach with its personal values in plain text (as before encryption): no key, none needed.
    await events.append(`breach-${randomUUID()}`, [newEvent('BreachClosed', { closedAt: '2026-03-06T12:00:00.000Z', summary: 'Mrs. Jansen was phoned.' })], { expectedRevision: 'any' });
    await check();
    // The log's first event (its identity, read whole), then only the rows whose text holds "$enc":
    // the 20 plain events and the plain breach are passed over inside SQLite.
    expect(read).toEqual([1n, 1n, encrypted]);
    expect(decoded).toEqual([]);
  });

  it('finds a subject without a key past the first window of positions SQLite filters at a time, as reading every row does', async () => {
    // 20,000 positions a window (key-coverage.ts): the breach lies in the second.
    await events.append('test-a', numbered(20_003), { expectedRevision: 'no_stream' });
    const breachId = await encryptedBreach();
    await events.append('test-b', numbered(3), { expectedRevision: 'no_stream' });
    await keys.close();
    keys = new SqlitePersonalDataKeys({ file: join(dir.path, 'new-keys.sqlite') });
    // The same refusal whether SQLite filters the rows or every row is read (the store without the filter).
    const unfiltered = Object.assign(Object.create(Object.getPrototypeOf(events) as object) as SqliteEventStore, events, { readRowsWhereDataContains: undefined });
    await expect(check()).rejects.toThrow(`breach-${breachId}@0`);
    await expect(checkKeyCoverage(unfiltered, keys, PERSONAL_DATA_SCHEMES, 'keys.sqlite')).rejects.toThrow(`breach-${breachId}@0`);
  });

  it('decodes the event it refuses for, and words the refusal as before', async () => {
    await events.append('test-a', numbered(3), { expectedRevision: 'no_stream' });
    const breachId = await encryptedBreach();
    const position = await events.headPosition();
    await keys.close();
    keys = new SqlitePersonalDataKeys({ file: join(dir.path, 'new-keys.sqlite') });
    await expect(check()).rejects.toThrow(`breach-${breachId}@0 (position ${position}) is encrypted under it`);
    expect(decoded).toEqual([position]);
  });

  it.each([
    ['{"summary":{"$enc":1}}', true],
    ['{"summary":{"\\u0024enc":1}}', true],
    ['{"a":["x",{"b":{"\\u0024\\u0065nc":{}}}]}', true],
    ['{"summary":"plain","enc":"$ en c"}', false],
    ['{"summary":{"enc":1,"$ENC":2}}', false],
  ])('tells whether the stored text %s can hold an encrypted field (%s), never no when JSON.parse gives one', (text, can) => {
    const holds = JSON.stringify(JSON.parse(text)).includes('"$enc"');
    expect(canHoldCiphertext(text)).toBe(can);
    expect(!holds || canHoldCiphertext(text)).toBe(true);
  });

  it('refuses a key file that lacks the key of a subject with ciphertext in the log', async () => {
    const breachId = await encryptedBreach();
    await keys.close();
    keys = new SqlitePersonalDataKeys({ file: join(dir.path, 'new-keys.sqlite') });
    await expect(check()).rejects.toThrow(PersonalDataKeysMismatchError);
    await expect(check()).rejects.toThrow(breachId);
  });

  it('refuses a key file that was found complete for another log', async () => {
    await encryptedBreach();
    await check();
    await events.close();
    events = new SqliteEventStore({ file: join(dir.path, 'other-events.sqlite') });
    await events.append('test-b', numbered(1), { expectedRevision: 'no_stream' });
    await expect(check()).rejects.toThrow(/keys of another log/);
  });

  it('accepts an erased subject, whose key is gone on purpose', async () => {
    const breachId = await encryptedBreach();
    await keys.erase(breachId);
    await expect(check()).resolves.toBeUndefined();
  });
});
