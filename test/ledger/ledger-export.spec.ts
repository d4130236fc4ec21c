import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { EXPORT_PAGE, ledgerExport } from '../../src/ledger/ledger-export.js';
import { Ledger } from '../../src/ledger/ledger.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { FixedClock } from '../../src/shared/clock.js';
import { freshStreamId, numbered } from '../support/events.js';
import { tempDir } from '../support/temp-dir.js';

describe('the export over the SQLite store', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = tempDir('ledger-export-');
    store = new SqliteEventStore({ file: join(dir.path, 'events.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  it('reads the rows in pages of EXPORT_PAGE, each one call that holds the event loop, and writes every event once, in order', async () => {
    const count = 2 * EXPORT_PAGE + 17;
    for (let n = 0; n < count; n += 50) await store.append(freshStreamId(), numbered(Math.min(50, count - n)), { expectedRevision: 'no_stream' });
    const ledger = new Ledger(store, new FixedClock('2026-03-01T00:00:00.000Z'), 'privacy-ledger.test', generateKeyPairSync('ed25519'));
    await ledger.sync();
    const reads = jest.spyOn(store, 'readAllRows');
    const lines: string[] = [];
    for await (const line of await ledgerExport(ledger)) lines.push(line);
    // The first read is the Ledger's sync, which finds nothing after its tree; then the export's pages.
    expect(reads.mock.calls.slice(1).map(([, maxCount]) => maxCount)).toEqual([EXPORT_PAGE, EXPORT_PAGE, EXPORT_PAGE]);
    const events = lines.slice(1, -1).map((line) => JSON.parse(line) as { kind: string; event: { position: string } });
    expect(events.map((line) => line.kind)).toEqual(Array(count).fill('event'));
    const positions = (await store.readAll({ maxCount: count + 1 })).map((event) => event.position.toString());
    expect(events.map((line) => line.event.position)).toEqual(positions);
  });
});
