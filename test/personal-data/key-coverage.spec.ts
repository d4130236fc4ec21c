import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { ReadAllOptions, StoredEvent } from '../../src/event-store/event-store.port.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { checkKeyCoverage, PersonalDataKeysMismatchError } from '../../src/personal-data/key-coverage.js';
import { PersonalDataCodec } from '../../src/personal-data/personal-data-codec.js';
import { PERSONAL_DATA_SCHEMES } from '../../src/personal-data/personal-data.module.js';
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
