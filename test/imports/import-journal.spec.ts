import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { breachPersonalData } from '../../src/breaches/breach-personal-data.js';
import { context } from '../support/breaches/breach-given.js';
import type { EventStore } from '../../src/event-store/event-store.port.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { verifyAll } from '../../src/event-store/verify.js';
import { readCsvTable } from '../../src/imports/csv-table.js';
import { BREACH_COLUMNS } from '../../src/imports/import-breaches/breach-row.js';
import { decideImportBreaches } from '../../src/imports/import-breaches/import-breaches.js';
import { ImportWriter } from '../../src/imports/import-writer.js';
import { importStreamId } from '../../src/imports/import.events.js';
import { PersonalDataCodec } from '../../src/personal-data/personal-data-codec.js';
import { SqlitePersonalDataKeys } from '../../src/personal-data/sqlite/sqlite-personal-data-keys.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * On an engine without appendBatch (EventStoreDB) an import keeps a journal: an interrupted
 * import is visible as started-not-completed, and posting the same file again completes it.
 */

const FILE = ['title,description,dienst,aware_at,reportable,rationale', ...['A', 'B', 'C'].map((t) => `${t},Text ${t}.,SZW,2021-03-02T10:00:00+01:00,no,No risk.`)].join('\n');
const plan = () => decideImportBreaches(readCsvTable(new TextEncoder().encode(FILE), BREACH_COLUMNS), context('2022-01-01T00:00:00.000Z'));
const importer = { actor: { id: 'po-1', role: 'privacy-officer' }, correlationId: 'c-1' };

/** The store as an engine without appendBatch sees it, failing every append after the first `failAfter`. */
function withoutBatch(store: EventStore, failAfter = Infinity): EventStore {
  let appends = 0;
  return {
    append: (...args) => (++appends > failAfter ? Promise.reject(new Error('connection lost')) : store.append(...args)),
    readStream: (...args) => store.readStream(...args),
    readAll: (...args) => store.readAll(...args),
    subscribeToAll: (...args) => store.subscribeToAll(...args),
    headPosition: () => store.headPosition(),
    close: () => store.close(),
  };
}

describe('an import on an engine without appendBatch', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;
  let keys: SqlitePersonalDataKeys;
  let codec: PersonalDataCodec;
  beforeEach(() => {
    dir = tempDir('privacy-ledger-import-');
    store = new SqliteEventStore({ file: join(dir.path, 'events.sqlite') });
    keys = new SqlitePersonalDataKeys({ file: join(dir.path, 'keys.sqlite') });
    codec = new PersonalDataCodec(keys, [breachPersonalData]);
  });
  afterEach(async () => {
    await store.close();
    await keys.close();
    dir.remove();
  });

  it('brackets the streams with ImportStarted and ImportCompleted', async () => {
    const result = await new ImportWriter(withoutBatch(store), codec).write(plan(), importer);
    const journal = await store.readStream(importStreamId(result.importId));
    expect(journal.map((e) => e.type)).toEqual(['ImportStarted', 'ImportCompleted']);
    expect(journal[0]?.position).toBeLessThan((await store.readStream(result.created[0]?.streamId as string))[0]?.position as bigint);
    expect(result.lastPosition).toBe((await store.headPosition()).toString());
  });

  it('leaves an interrupted import visible, and completes it when the same file is posted again', async () => {
    await expect(new ImportWriter(withoutBatch(store, 2), codec).write(plan(), importer)).rejects.toThrow('connection lost');
    const importId = plan().importId;
    expect((await store.readStream(importStreamId(importId))).map((e) => e.type)).toEqual(['ImportStarted']);
    const writer = new ImportWriter(withoutBatch(store), codec);
    expect(await writer.earlier('breaches', importId)).toBeUndefined();
    const result = await writer.write(plan(), importer);
    expect(result.replayed).toBe(false);
    for (const { streamId } of result.created) expect((await store.readStream(streamId)).map((e) => e.type)).toEqual(['BreachDetected', 'BreachAssessed']);
    expect((await store.readStream(importStreamId(importId))).map((e) => e.type)).toEqual(['ImportStarted', 'ImportCompleted']);
    expect((await writer.write(plan(), importer)).replayed).toBe(true);
    expect((await verifyAll(store)).ok).toBe(true);
  });

  it('writes the journal and every stream in one transaction where the store can', async () => {
    const result = await new ImportWriter(store, codec).write(plan(), importer);
    expect(store.commitStats().commits).toBe(1);
    expect(result.events).toBe(6);
  });
});
