import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import type { ProjectionDefinition } from '../../projections/projection.js';
import type { StoredEvent } from '../event-store/event-store.port.js';
import { appendAudits, expectedDocuments } from '../../test/support/audit-streams.js';
import { allDocuments, quiet, readSide } from '../../test/support/read-side.js';
import { tempDir } from '../../test/support/temp-dir.js';
import { newEvent } from '../../test/support/events.js';
import { eventually } from '../../test/support/eventually.js';
import { appendGeneratedYear, generateBreachYear } from '../../test/support/breaches/generate-breach-year.js';
import { Projections } from './projections.js';
import { DocumentStoreUnavailableError } from './sqlite/document-store.errors.js';

/** Counts the events of each `tally-` stream: applying an event twice, or skipping one, shows. */
const tally: ProjectionDefinition<{ streamId: string; count: number; revisions: number[] }> = {
  name: 'tally.v1',
  category: 'tally',
  indexes: ['count'],
  documentId: (event: StoredEvent) => event.streamId,
  apply: (document, event) => {
    if (event.type === 'Poison') throw new Error('cannot handle Poison');
    return { streamId: event.streamId, count: (document?.count ?? 0) + 1, revisions: [...(document?.revisions ?? []), event.revision] };
  },
};

/** The ids of the documents read from a collection of the side's read store from now on. */
function documentReads(side: ReturnType<typeof readSide>, of: string): string[] {
  const reads: string[] = [];
  const get = side.documents.get.bind(side.documents);
  side.documents.get = (async (collection: string, id: string) => {
    if (collection === of) reads.push(id);
    return get(collection, id);
  }) as typeof side.documents.get;
  return reads;
}

describe('the projection runner', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.remove());

  it('applies every event once, with the checkpoint in the same commit, and continues after a restart', async () => {
    let side = readSide(dir.path, { definitions: [tally], batchSize: 7 });
    await side.projections.start();
    const streams = [`tally-${randomUUID()}`, `tally-${randomUUID()}`];
    for (let n = 0; n < 30; n += 1) await side.events.append(streams[n % 2]!, [newEvent('Counted', { n })], { expectedRevision: 'any' });
    await side.events.append(`other-${randomUUID()}`, [newEvent('Ignored')], { expectedRevision: 'no_stream' });
    const head = await side.events.headPosition();
    await side.projections.readable('tally.v1', head);
    await side.close();

    side = readSide(dir.path, { definitions: [tally], batchSize: 7 });
    await side.projections.start();
    for (let n = 0; n < 10; n += 1) await side.events.append(streams[n % 2]!, [newEvent('Counted', { n })], { expectedRevision: 'any' });
    const { collection, position } = await side.projections.readable('tally.v1', await side.events.headPosition());
    expect(position).toBe(await side.events.headPosition());
    const documents = await side.documents.find(collection, { orderBy: [{ field: 'streamId', direction: 'asc' }] });
    expect(documents.items.map((d) => d.count)).toEqual([20, 20]);
    documents.items.forEach((d) => expect(d.revisions).toEqual(Array.from({ length: 20 }, (_, n) => n)));
    expect((await side.documents.checkpoint(collection))?.position).toBe(position);
    await side.close();
  });

  it('reads no document of a collection it started empty (none can be there), and reads them once started on a checkpoint', async () => {
    const streams = Array.from({ length: 40 }, () => `tally-${randomUUID()}`);
    let side = readSide(dir.path, { definitions: [tally], batchSize: 5 });
    for (const stream of streams) await side.events.append(stream, [newEvent('Counted')], { expectedRevision: 'any' });
    const reads = documentReads(side, 'tally.v1@1');
    await side.projections.start();
    // Live events of the same documents: committed by this runner, kept in memory.
    for (const stream of streams) await side.events.append(stream, [newEvent('Counted')], { expectedRevision: 'any' });
    const { collection } = await side.projections.readable('tally.v1', await side.events.headPosition());
    expect((await side.documents.find(collection, { where: [{ field: 'count', op: 'eq', value: 2 }] })).total).toBe(40);
    expect(reads).toEqual([]);
    await side.close();

    // Started again on its checkpoint: the documents are there, so it reads them.
    side = readSide(dir.path, { definitions: [tally], batchSize: 5 });
    const readsAfter = documentReads(side, 'tally.v1@1');
    await side.projections.start();
    await side.events.append(streams[0]!, [newEvent('Counted')], { expectedRevision: 'any' });
    await side.projections.readable('tally.v1', await side.events.headPosition());
    expect(readsAfter).toEqual([streams[0]]);
    expect(await side.documents.get('tally.v1@1', streams[0]!)).toMatchObject({ count: 3 });
    await side.close();
  });

  it('keeps no more bytes of committed documents than its budget: beyond it, the documents it wrote are read again', async () => {
    const side = readSide(dir.path);
    const streams = Array.from({ length: 12 }, () => `tally-${randomUUID()}`);
    const reads = documentReads(side, 'tally.v1@1');
    // A budget of one document's text ({"streamId":"tally-<uuid>","count":1,"revisions":[0]} is 69 bytes).
    const projections = new Projections([tally], side.events, side.documents, side.clock, { batchSize: 1, idleFlushMs: 5, readWaitMs: 20_000, generationPollMs: 50, log: quiet, cachedBytes: 100 });
    await projections.start();
    for (const stream of streams) await side.events.append(stream, [newEvent('Counted')], { expectedRevision: 'no_stream' });
    await projections.readable('tally.v1', await side.events.headPosition());
    expect(reads).toEqual([]);
    for (const stream of streams) await side.events.append(stream, [newEvent('Counted')], { expectedRevision: 0 });
    const { collection } = await projections.readable('tally.v1', await side.events.headPosition());
    // At most the last one written is still in memory; every other was forgotten and read back, once.
    expect(new Set(reads).size).toBe(reads.length);
    expect(reads.length).toBeGreaterThanOrEqual(streams.length - 1);
    expect(reads.filter((id) => !streams.includes(id))).toEqual([]);
    expect((await side.documents.find(collection, { where: [{ field: 'count', op: 'eq', value: 2 }] })).total).toBe(12);
    await projections.stop();
    await side.close();
  });

  it('stops at an event it cannot handle, visibly, with everything before it committed', async () => {
    const side = readSide(dir.path, { definitions: [tally] });
    const stream = `tally-${randomUUID()}`;
    await side.events.append(stream, [newEvent('Counted'), newEvent('Counted')], { expectedRevision: 'no_stream' });
    const { events: [poison] } = await side.events.append(stream, [newEvent('Poison')], { expectedRevision: 1 });
    await side.events.append(stream, [newEvent('Counted')], { expectedRevision: 2 });
    await side.projections.start();
    await expect(side.projections.readable('tally.v1', await side.events.headPosition())).rejects.toMatchObject({ code: 'projection-behind' });
    const [status] = await side.projections.status();
    expect(status).toMatchObject({
      name: 'tally.v1',
      state: 'failed',
      position: (poison!.position - 1n).toString(),
      lastError: { message: 'cannot handle Poison', event: { streamId: stream, revision: 2, type: 'Poison', position: poison!.position.toString() } },
    });
    await expect(side.projections.readable('tally.v1')).rejects.toMatchObject({ code: 'projection-failed' });
    expect(await side.documents.get('tally.v1@1', stream)).toMatchObject({ count: 2 });
    await side.close();
  });

  it('starts again from its checkpoint when a commit fails for lack of space, and catches up once space returns', async () => {
    const side = readSide(dir.path, { definitions: [tally] });
    const commit = side.documents.commit.bind(side.documents);
    let refusals = 3;
    side.documents.commit = async (input) => {
      if (refusals > 0) {
        refusals -= 1;
        throw new Error('the document store is unavailable: database or disk is full', { cause: Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }) });
      }
      return commit(input);
    };
    const stream = `tally-${randomUUID()}`;
    await side.events.append(stream, [newEvent('Counted'), newEvent('Counted')], { expectedRevision: 'no_stream' });
    await side.projections.start();
    const failed = await eventually(async () => (await side.projections.status())[0]!, (status) => status.state === 'failed');
    expect(failed.lastError?.message).toMatch(/disk is full \(retrying in \d+ ms\)/);
    const head = await side.events.headPosition();
    const caughtUp = await eventually(async () => (await side.projections.status())[0]!, (status) => status.position === head.toString());
    expect(caughtUp.state).toBe('running');
    expect(refusals).toBe(0);
    expect(await side.documents.get('tally.v1@1', stream)).toMatchObject({ count: 2, revisions: [0, 1] });
    await side.close();
  });

  it('counts an erasure as processed only once the store is scrubbed: a scrub that fails after its commit landed is done before anything else', async () => {
    const side = readSide(dir.path, { definitions: [tally], scrubAfter: (event) => event.type === 'Erased' });
    const scrub = side.documents.scrub.bind(side.documents);
    const scrubs: string[] = [];
    let refusals = 2;
    side.documents.scrub = async () => {
      if (refusals > 0) {
        refusals -= 1;
        scrubs.push('refused');
        throw new DocumentStoreUnavailableError('the read-model file could not be scrubbed', { cause: Object.assign(new Error('busy'), { code: 'SQLITE_BUSY' }) });
      }
      scrubs.push('scrubbed');
      return scrub();
    };
    const stream = `tally-${randomUUID()}`;
    await side.events.append(stream, [newEvent('Counted')], { expectedRevision: 'no_stream' });
    await side.projections.start();
    const before = await side.events.headPosition();
    await side.projections.readable('tally.v1', before);
    expect(scrubs).toEqual([]);

    await side.events.append(stream, [newEvent('Erased')], { expectedRevision: 'any' });
    const erased = await side.events.headPosition();
    const failed = await eventually(async () => (await side.projections.status())[0]!, (status) => status.state === 'failed');
    // The commit landed; the position shown is still the one before it, and a read that needs the erasure waits.
    expect((await side.documents.checkpoint('tally.v1@1'))?.position).toBe(erased);
    expect([failed.position, failed.lastError?.message]).toEqual([before.toString(), expect.stringMatching(/could not be scrubbed \(retrying in \d+ ms\)/)]);
    const caughtUp = await eventually(async () => (await side.projections.status())[0]!, (status) => status.position === erased.toString());
    expect(caughtUp.state).toBe('running');
    expect(scrubs).toEqual(['refused', 'refused', 'scrubbed']);
    expect(await side.documents.get('tally.v1@1', stream)).toMatchObject({ count: 2 });
    await side.close();
  });

  it('rebuilds into a new generation that equals live processing, for generated years', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 5, max: 25 }), fc.integer({ min: 1, max: 4 }), async (seed, breaches, audits) => {
        const run = tempDir();
        const side = readSide(run.path, { batchSize: 13 });
        try {
          await side.projections.start();
          const year = generateBreachYear({ seed, breaches, reportedShare: 0.5, lateShare: 0.5, importedLateWithoutReason: 1 });
          await appendGeneratedYear(side.events, side.clock, year, { pipeline: true });
          await appendAudits(side.events, audits);
          const head = await side.events.headPosition();
          for (const name of side.projections.names()) {
            const { collection } = await side.projections.readable(name, head);
            const live = await allDocuments(side.documents, collection);
            expect([name, live.size]).toEqual([name, expectedDocuments(name, { breaches, audits })]);
            const { done } = await side.projections.rebuild(name);
            await done;
            const rebuilt = await side.projections.readable(name, head);
            expect(rebuilt.collection).not.toBe(collection);
            expect(await allDocuments(side.documents, rebuilt.collection)).toEqual(live);
            expect((await side.documents.find(collection)).total).toBe(0); // the old generation is gone
          }
        } finally {
          await side.close();
          run.remove();
        }
      }),
      { numRuns: 6 },
    );
  });

  it('reads every event through decode, live and in a rebuild, and stops visibly when decoding fails', async () => {
    const side = readSide(dir.path);
    const sealed: ProjectionDefinition<{ streamId: string; texts: string[] }> = {
      name: 'sealed.v1',
      category: 'tally',
      indexes: [],
      documentId: (event) => event.streamId,
      apply: (document, event) => ({ streamId: event.streamId, texts: [...(document?.texts ?? []), String(event.data.text)] }),
    };
    const decode = async (event: StoredEvent): Promise<StoredEvent> => {
      if (event.data.text === 'unreadable') throw new Error('cannot decode');
      return { ...event, data: { text: String(event.data.text).toUpperCase() } };
    };
    const projections = new Projections([sealed], side.events, side.documents, side.clock, { batchSize: 5, idleFlushMs: 5, readWaitMs: 20_000, generationPollMs: 50, log: quiet, decode });
    const stream = `tally-${randomUUID()}`;
    await side.events.append(stream, [newEvent('Noted', { text: 'a' }), newEvent('Noted', { text: 'b' })], { expectedRevision: 'no_stream' });
    await projections.start();
    const live = await projections.readable('sealed.v1', await side.events.headPosition());
    expect(await side.documents.get(live.collection, stream)).toMatchObject({ texts: ['A', 'B'] });
    const { done } = await projections.rebuild('sealed.v1');
    await done;
    const rebuilt = await projections.readable('sealed.v1', await side.events.headPosition());
    expect(rebuilt.collection).toBe('sealed.v1@2');
    expect(await side.documents.get(rebuilt.collection, stream)).toMatchObject({ texts: ['A', 'B'] });
    const { events: [bad] } = await side.events.append(stream, [newEvent('Noted', { text: 'unreadable' })], { expectedRevision: 1 });
    await expect(projections.readable('sealed.v1', bad!.position)).rejects.toMatchObject({ code: expect.stringMatching(/^projection-(behind|failed)$/) });
    expect((await projections.status())[0]).toMatchObject({ state: 'failed', lastError: { message: 'cannot decode', event: { streamId: stream, revision: 2 } } });
    await projections.stop();
    await side.close();
  });

  it('decodes an event the projections of one category share once for all of them, also in a rebuild of all together', async () => {
    const side = readSide(dir.path);
    const texts = (name: string): ProjectionDefinition<{ streamId: string; texts: string[] }> => ({
      name,
      category: 'tally',
      indexes: [],
      documentPerStream: true,
      documentId: (event) => event.streamId,
      apply: (document, event) => ({ streamId: event.streamId, texts: [...(document?.texts ?? []), String(event.data.text)] }),
    });
    const calls = new Map<string, number>();
    const decode = async (event: StoredEvent): Promise<StoredEvent> => {
      calls.set(event.eventId, (calls.get(event.eventId) ?? 0) + 1);
      return { ...event, data: { text: String(event.data.text).toUpperCase() } };
    };
    const streams = Array.from({ length: 30 }, () => `tally-${randomUUID()}`);
    for (const [n, stream] of streams.entries()) await side.events.append(stream, [newEvent('Noted', { text: `a${n}` }), newEvent('Noted', { text: `b${n}` })], { expectedRevision: 'no_stream' });
    const projections = new Projections([texts('first.v1'), texts('second.v1'), texts('third.v1')], side.events, side.documents, side.clock, { batchSize: 5, idleFlushMs: 5, readWaitMs: 20_000, generationPollMs: 50, log: quiet, decode });
    const rebuilds = await Promise.all(projections.names().map((name) => projections.rebuild(name)));
    await Promise.all(rebuilds.map((rebuild) => rebuild.done));
    const head = await side.events.headPosition();
    for (const name of projections.names()) {
      const { collection } = await projections.readable(name, head);
      expect(await side.documents.get(collection, streams[7]!)).toMatchObject({ texts: ['A7', 'B7'] });
    }
    expect(calls.size).toBe(60);
    expect([...calls.values()].filter((count) => count > 1)).toEqual([]);
    await projections.stop();
    await side.close();
  });
});
