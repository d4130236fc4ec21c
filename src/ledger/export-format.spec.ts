import { afterAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { join } from 'node:path';
import { tempDir } from '../../test/support/temp-dir.js';
import { CorruptEventError } from '../event-store/event-store.errors.js';
import { START, type StoredEvent } from '../event-store/event-store.port.js';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store.js';
import type { StoredRow } from '../event-store/verify.js';
import { toWireEvent } from '../http/wire.js';
import type { JsonObject } from '../shared/json.js';
import { storedEventLine } from './export-format.js';

/** The line as the export writes it from the decoded event. */
const decodedLine = (event: StoredEvent): string => `${JSON.stringify({ kind: 'event', event: toWireEvent(event) })}\n`;

describe('an export line written from the stored row', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());
  const metadata = { causationId: 'c', actor: { role: 'privacy-officer', id: 'po-7' }, correlationId: 'c', commandId: 'c', extensions: { z: 1, a: [{ y: 2, b: 1e21 }] } };
  const payloads: JsonObject[] = [
    { title: 'Brief', affected: { persons: 12, categories: ['bsn'] }, é: 1.5 },
    // Member names that are array indices: a parsed object puts them first, in numeric order.
    { 10: 'ten', 2: 'two', a: 'a' },
    { nested: { 0: 'zero', b: [1, -0, 0.1, 1e-7, 123456789012345680000] } },
    { text: 'quote " backslash \\ tab \t newline \n nul \u0000 bell \u0007 line separator \u2028 emoji 😀 ascii "0": no key' },
    { empty: {}, list: [], nothing: null, yes: true, no: false },
  ];

  it('is the line the decoded event gives, for every kind of text the store holds', async () => {
    const store = new SqliteEventStore({ file: join(dir.path, 'lines.sqlite') });
    try {
      await store.append('breach-1', payloads.map((data) => ({ type: 'Counted', data, metadata })), { expectedRevision: 'no_stream' });
      const rows = store.readAllRows(START, 100);
      const decode = (row: StoredRow) => store.decodeRow(row);
      expect(rows).toHaveLength(payloads.length);
      for (const row of rows) expect(storedEventLine(row, decode)).toBe(decodedLine(store.decodeRow(row)));
    } finally {
      await store.close();
    }
  });

  it('is the decoded line for any JSON data', async () => {
    const store = new SqliteEventStore({ file: join(dir.path, 'generated.sqlite') });
    try {
      const data = fc.sample(fc.dictionary(fc.string(), fc.jsonValue({ noUnicodeString: false })), { numRuns: 300, seed: 8785 });
      await store.append('breach-2', data.map((value) => ({ type: 'Counted', data: value as JsonObject, metadata })), { expectedRevision: 'no_stream' });
      const decode = (row: StoredRow) => store.decodeRow(row);
      for (const row of store.readAllRows(START, 1000)) expect(storedEventLine(row, decode)).toBe(decodedLine(store.decodeRow(row)));
    } finally {
      await store.close();
    }
  });

  it('is the decoded line for rows stored in the caller’s key order, and refuses a text that does not decode', async () => {
    const file = join(dir.path, 'altered.sqlite');
    const writer = new SqliteEventStore({ file });
    await writer.append('breach-1', [0, 1].map((n) => ({ type: 'Counted', data: { n, z: 'last', a: 'first' }, metadata })), { expectedRevision: 'no_stream' });
    await writer.close();
    const db = new Database(file);
    db.exec('DROP TRIGGER events_are_immutable_update;');
    db.prepare(`UPDATE events SET data = '{"z":"last","n":0,"a":"first"}' WHERE revision = 0`).run();
    db.prepare(`UPDATE events SET data = '{"n":1,"z":' WHERE revision = 1`).run();
    db.close();
    const store = new SqliteEventStore({ file });
    try {
      const [callersOrder, cut] = store.readAllRows(START, 10) as [StoredRow, StoredRow];
      const decode = (row: StoredRow) => store.decodeRow(row);
      expect(storedEventLine(callersOrder, decode)).toBe(decodedLine(store.decodeRow(callersOrder)));
      expect(() => storedEventLine(cut, decode)).toThrow(CorruptEventError);
    } finally {
      await store.close();
    }
  });
});
