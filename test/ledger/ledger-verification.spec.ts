import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import Database from 'better-sqlite3';
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { checkpointBody, parseNote, signatureLine, verifierKeyText } from '../../src/ledger/checkpoint.js';
import { Ledger } from '../../src/ledger/ledger.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { FixedClock } from '../../src/shared/clock.js';
import { freshStreamId, numbered } from '../support/events.js';
import { tempDir } from '../support/temp-dir.js';

describe('ledger verification', () => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  let store: SqliteEventStore;
  const key = generateKeyPairSync('ed25519');
  const clock = new FixedClock('2026-03-01T00:00:00.000Z');
  const ledger = () => new Ledger(store, clock, 'privacy-ledger.test', key);
  beforeEach(async () => {
    dir = tempDir();
    file = join(dir.path, 'events.sqlite');
    store = new SqliteEventStore({ file, clock });
    for (let n = 0; n < 4; n += 1) await store.append(freshStreamId('breach'), numbered(3), { expectedRevision: 'no_stream' });
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  it('checks every recorded cosignature with the key its cosigner registered', async () => {
    const recorded = await ledger().checkpoint();
    const fg = generateKeyPairSync('ed25519');
    const line = signatureLine(checkpointBody(parseNote(recorded.note).checkpoint), { name: 'fg.test', privateKey: fg.privateKey });
    await ledger().cosign(recorded.treeSize, { name: 'fg.test', publicKey: verifierKeyText('fg.test', fg.publicKey), line }, { id: 'fg', role: 'dpo' });
    expect(await ledger().verify()).toMatchObject({ ok: true, checkpoints: 1 });
  });

  it('reports an event altered after a checkpoint as a break of the chain, at its stream and revision', async () => {
    await ledger().checkpoint();
    await store.close();
    const raw = new Database(file);
    raw.exec('DROP TRIGGER events_are_immutable_update');
    raw.prepare(`UPDATE events SET data = '{"n":99}' WHERE position = 5`).run();
    raw.close();
    store = new SqliteEventStore({ file, clock });
    const report = await ledger().verify();
    expect(report).toMatchObject({ ok: false, firstBreak: { kind: 'hash-mismatch', revision: 1, position: '5' } });
  });

  // Files written before the store kept RFC 8785 text hold metadata in the caller's key order:
  // the Ledger decodes those rows and comes to the same tree, root and verdict.
  it('builds the same tree and verifies a log whose rows an older version stored in the caller’s key order', async () => {
    const before = await ledger().checkpoint();
    const proof = await ledger().inclusionProof(5n);
    await store.close();
    const raw = new Database(file);
    raw.exec('DROP TRIGGER events_are_immutable_update');
    for (const row of raw.prepare('SELECT position, metadata FROM events').all() as { position: number; metadata: string }[]) {
      const { hash, prevHash, recordedAt, ...caller } = JSON.parse(row.metadata) as Record<string, unknown>;
      raw.prepare('UPDATE events SET metadata = ? WHERE position = ?').run(JSON.stringify({ ...caller, recordedAt, prevHash, hash }), row.position);
    }
    raw.close();
    store = new SqliteEventStore({ file, clock });
    const decode = jest.spyOn(store, 'decodeRow');
    expect(await ledger().inclusionProof(5n)).toEqual(proof);
    expect(decode).toHaveBeenCalled();
    expect(await ledger().verify()).toMatchObject({ ok: true, events: before.treeSize + 1, checkpoints: 1 });
  });

  it('reports a rewritten history whose chains still verify as a checkpoint break', async () => {
    const other = generateKeyPairSync('ed25519');
    await new Ledger(store, clock, 'privacy-ledger.test', other).checkpoint(); // signed by a key that is not the log's
    expect(await ledger().verify()).toMatchObject({ ok: false, firstBreak: { kind: 'checkpoint', message: expect.stringContaining('not signed by the log') } });
  });
});
