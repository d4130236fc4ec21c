import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { CHECKPOINT_STREAM } from '../../src/ledger/checkpoint-log.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { CheckpointAges } from '../../src/metrics/checkpoint-ages.js';
import { newEvent } from '../support/events.js';
import { tempDir } from '../support/temp-dir.js';

/** The ages GET /metrics gives of the newest checkpoint and of the newest witnessed one. */
describe('checkpoint ages', () => {
  let dir: ReturnType<typeof tempDir>;
  let events: SqliteEventStore;
  beforeEach(() => {
    dir = tempDir();
    events = new SqliteEventStore({ file: join(dir.path, 'events.sqlite') });
  });
  afterEach(async () => {
    await events.close();
    dir.remove();
  });

  const checkpointed = (treeSize: number, checkpointedAt: string) => events.append(CHECKPOINT_STREAM, [newEvent('LedgerCheckpointed', { treeSize, rootHash: 'x', checkpointedAt, note: 'n' })], { expectedRevision: 'any' });
  const cosigned = (treeSize: number, name: string) => events.append(CHECKPOINT_STREAM, [newEvent('LedgerCheckpointCosigned', { treeSize, name, line: 'l', publicKey: 'k', signatureType: 'cosignature/v1' })], { expectedRevision: 'any' });

  it('knows nothing while no checkpoint was made', async () => {
    expect(await new CheckpointAges(events, ['w1']).current()).toEqual({});
  });

  it('gives the newest checkpoint, and the newest one the quorum of configured witnesses cosigned', async () => {
    const ages = new CheckpointAges(events, ['w1', 'w2'], 2);
    await checkpointed(10, '2026-12-01T10:00:00.000Z');
    await cosigned(10, 'w1');
    await cosigned(10, 'someone-else');
    await checkpointed(20, '2026-12-01T10:05:00.000Z');
    expect(await ages.current()).toEqual({ newest: Date.parse('2026-12-01T10:05:00.000Z') });
    // The second witness completes the quorum for the first checkpoint: read incrementally.
    await cosigned(10, 'w2');
    expect(await ages.current()).toEqual({ newest: Date.parse('2026-12-01T10:05:00.000Z'), newestWitnessed: Date.parse('2026-12-01T10:00:00.000Z') });
    await cosigned(20, 'w2');
    await cosigned(20, 'w1');
    expect((await ages.current()).newestWitnessed).toBe(Date.parse('2026-12-01T10:05:00.000Z'));
  });

  it('counts no cosignature as witnessed without configured witnesses', async () => {
    const ages = new CheckpointAges(events, []);
    await checkpointed(5, '2026-12-01T10:00:00.000Z');
    await cosigned(5, 'fg.example');
    expect(await ages.current()).toEqual({ newest: Date.parse('2026-12-01T10:00:00.000Z') });
  });

  it('reads a long stream in pages, and again only what was appended since', async () => {
    const ages = new CheckpointAges(events, ['w1']);
    const many = Array.from({ length: 1200 }, (_, i) => newEvent('LedgerCheckpointed', { treeSize: i + 1, rootHash: 'x', checkpointedAt: new Date(Date.UTC(2026, 0, 1, 0, i + 1)).toISOString(), note: 'n' }));
    await events.append(CHECKPOINT_STREAM, many, { expectedRevision: 'any' });
    await cosigned(1100, 'w1');
    expect(await ages.current()).toEqual({ newest: Date.UTC(2026, 0, 1, 0, 1200), newestWitnessed: Date.UTC(2026, 0, 1, 0, 1100) });
    // A cosignature of a checkpoint older than the newest witnessed one does not move the figure back.
    await cosigned(3, 'w1');
    expect((await ages.current()).newestWitnessed).toBe(Date.UTC(2026, 0, 1, 0, 1100));
  });
});
