import { afterEach, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import type { ProjectionDefinition } from '../../projections/projection.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { leaseOf } from '../../src/read-store/projection-leases.js';
import { Projections } from '../../src/read-store/projections.js';
import { SqliteDocumentStore } from '../../src/read-store/sqlite/sqlite-document-store.js';
import { FixedClock } from '../../src/shared/clock.js';
import { freshStreamId, newEvent } from '../support/events.js';
import { tempDir } from '../support/temp-dir.js';

/** Counts `tally` events per stream; in the instance running a faulty release, a `poison` event throws. */
function counting(faulty: boolean): ProjectionDefinition {
  return {
    name: 'tally.v1',
    category: 'tally',
    indexes: [],
    documentId: (event) => event.streamId,
    apply: (document, event) => {
      if (faulty && event.type === 'Poison') throw new Error('cannot handle Poison');
      return { count: Number(document?.count ?? 0) + 1 };
    },
  };
}

const TTL_MS = 300;

/** Retries an assertion until it holds, or fails with its last failure after 10 s. */
async function eventually(assertion: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/**
 * Two service instances on one pair of stores (SQLite files stand in for the shared
 * databases), each with its own name as a lease holder and a lease clock the test moves.
 */
describe('a projection that fails for good gives its lease up', () => {
  const dir = tempDir();
  const clock = new FixedClock('2026-06-01T00:00:00.000Z');
  const opened: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const side of opened.splice(0).reverse()) await side.close();
  });

  function instance(holder: string, faulty: boolean, leaseClock: { offsetMs: number }, leaseTtlMs = TTL_MS) {
    const events = new SqliteEventStore({ file: join(dir.path, 'events.sqlite'), clock, pollIntervalMs: 10 });
    const documents = new SqliteDocumentStore({ file: join(dir.path, 'read-models.sqlite') });
    const errors: { fields: Record<string, unknown>; message: string }[] = [];
    const projections = new Projections([counting(faulty)], events, documents, clock, {
      batchSize: 10,
      idleFlushMs: 5,
      readWaitMs: 1000,
      generationPollMs: 50,
      leaseTtlMs,
      holder,
      leaseNow: () => new Date(Date.now() + leaseClock.offsetMs),
      log: { info: () => undefined, error: (fields, message) => errors.push({ fields: fields as Record<string, unknown>, message }) },
    });
    const side = {
      events,
      documents,
      projections,
      errors,
      async close() {
        await projections.stop();
        await documents.close();
        await events.close();
      },
    };
    opened.push(side);
    return side;
  }

  it('releases the lease, so another instance takes the projection over, and then stands by for it', async () => {
    const leaseClock = { offsetMs: 0 };
    const a = instance('instance-a', true, leaseClock);
    await a.projections.start();
    const stream = freshStreamId('tally');
    await a.events.append(stream, [newEvent('Counted'), newEvent('Poison'), newEvent('Counted')], { expectedRevision: 'no_stream' });
    await eventually(async () => expect((await a.projections.status())[0]).toMatchObject({ state: 'failed', lastError: { message: 'cannot handle Poison' } }));
    // Within a lease tick the lease is free, though it would not have expired yet.
    await eventually(async () => expect(await a.documents.lease(leaseOf('tally.v1'))).toBeUndefined());
    expect(a.errors.some((entry) => entry.fields.retryInMs === 1000 && /lease is released/.test(entry.message))).toBe(true);
    // Reads here say why, while nobody else runs it.
    await expect(a.projections.readable('tally.v1')).rejects.toMatchObject({ code: 'projection-failed' });

    // A longer lease for B: on a loaded machine a 300 ms lease can lapse between renewals, and A
    // (whose checkpoint B has carried past the poison) would then rightly take it back.
    const b = instance('instance-b', false, leaseClock, 3000);
    await b.projections.start();
    await eventually(async () => expect((await b.projections.status())[0]).toMatchObject({ state: 'running', holder: 'instance-b' }));
    await eventually(async () => expect(await b.documents.get('tally.v1@1', stream)).toEqual({ count: 3 }));
    // A stands by for B: its reads follow B's checkpoint.
    await eventually(async () => expect((await a.projections.status())[0]).toMatchObject({ state: 'standby', holder: 'instance-b' }));
    await expect(a.projections.readable('tally.v1', (await a.events.headPosition()))).resolves.toMatchObject({ collection: 'tally.v1@1' });
  });

  it('takes the lease back after a pause when no other instance does, and pauses twice as long after failing again', async () => {
    const leaseClock = { offsetMs: 0 };
    const a = instance('instance-a', true, leaseClock);
    await a.projections.start();
    await a.events.append(freshStreamId('tally'), [newEvent('Counted'), newEvent('Poison')], { expectedRevision: 'no_stream' });
    await eventually(async () => expect(a.errors.filter((entry) => entry.fields.retryInMs !== undefined)).toHaveLength(1));
    // Not taken back during the pause.
    await new Promise((resolve) => setTimeout(resolve, TTL_MS));
    expect(await a.documents.lease(leaseOf('tally.v1'))).toBeUndefined();
    leaseClock.offsetMs += 1000;
    // After it: a fresh runner from the checkpoint, which fails on the same event again.
    await eventually(async () => expect(a.errors.filter((entry) => entry.fields.retryInMs !== undefined).map((entry) => entry.fields.retryInMs)).toEqual([1000, 2000]));
    expect((await a.projections.status())[0]).toMatchObject({ state: 'failed', position: expect.any(String) });
  });
});
