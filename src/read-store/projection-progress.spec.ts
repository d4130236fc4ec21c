import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { ProjectionDefinition } from '../../projections/projection.js';
import type { StoredEvent } from '../event-store/event-store.port.js';
import { readSide } from '../../test/support/read-side.js';
import { tempDir } from '../../test/support/temp-dir.js';
import { numbered } from '../../test/support/events.js';
import { eventually } from '../../test/support/eventually.js';
import type { Commit } from './document-store.port.js';

const tally: ProjectionDefinition<{ streamId: string; count: number }> = {
  name: 'tally.v1',
  category: 'tally',
  indexes: [],
  documentId: (event: StoredEvent) => event.streamId,
  apply: (document, event) => ({ streamId: event.streamId, count: (document?.count ?? 0) + 1 }),
};

describe('the progress of projections catching up and of rebuilds', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.remove());

  /** Holds the commits of one collection after the first `pass` of them, until released. */
  function gate(side: ReturnType<typeof readSide>, collection: string, pass: number) {
    const commit = side.documents.commit.bind(side.documents);
    let release!: () => void;
    const open = new Promise<void>((resolve) => (release = resolve));
    let passed = 0;
    side.documents.commit = async (input: Commit) => {
      if (input.checkpoint.projection === collection && (passed += 1) > pass) await open;
      return commit(input);
    };
    return release;
  }

  it('shows how fast a runner catches up, how far it is and the time left, then nothing once caught up', async () => {
    const side = readSide(dir.path, { definitions: [tally], batchSize: 10 });
    // One event per document: each commit of 10 documents moves the checkpoint by 10 of 200 events.
    for (let n = 0; n < 200; n += 1) await side.events.append(`tally-${randomUUID()}`, numbered(1), { expectedRevision: 'no_stream' });
    const head = await side.events.headPosition();
    const release = gate(side, 'tally.v1@1', 3);
    await side.projections.start();
    const [behind] = await eventually(() => side.projections.status(), ([status]) => status?.position !== '0');
    expect(behind).toMatchObject({ state: 'running', headPosition: head.toString() });
    expect(behind!.catchUp).toEqual({ eventsPerSecond: expect.any(Number), percent: expect.any(Number), secondsLeft: expect.any(Number) });
    expect(behind!.catchUp!.percent).toBeGreaterThan(0);
    expect(behind!.catchUp!.percent).toBeLessThan(100);
    expect(behind!.catchUp!.eventsPerSecond).toBeGreaterThan(0);
    release();
    await side.projections.readable('tally.v1', head);
    const [caughtUp] = await side.projections.status();
    expect(caughtUp).toMatchObject({ position: head.toString(), catchUp: null, rebuild: null, lastRebuild: null });
    await side.close();
  });

  it('shows a rebuild under way with its rate, percent and time left, and the last rebuild once it has switched', async () => {
    const side = readSide(dir.path, { definitions: [tally], batchSize: 10 });
    // One event per document: each commit of 10 documents moves the checkpoint by 10 of 200 events.
    for (let n = 0; n < 200; n += 1) await side.events.append(`tally-${randomUUID()}`, numbered(1), { expectedRevision: 'no_stream' });
    const head = await side.events.headPosition();
    await side.projections.start();
    await side.projections.readable('tally.v1', head);
    const release = gate(side, 'tally.v1@2', 2);
    const { generation, done } = await side.projections.rebuild('tally.v1');
    const [status] = await eventually(() => side.projections.status(), ([entry]) => entry?.rebuild?.position !== '0');
    expect(status!.rebuild).toEqual({
      generation,
      state: 'running',
      position: expect.any(String),
      targetPosition: head.toString(),
      startedAt: side.clock.now().toISOString(),
      eventsPerSecond: expect.any(Number),
      percent: expect.any(Number),
      secondsLeft: expect.any(Number),
    });
    expect(status!.rebuild!.percent).toBeGreaterThan(0);
    expect(status!.rebuild!.percent).toBeLessThan(100);
    expect(status!.rebuild!.percent).toBe(Math.floor((1000 * Number(status!.rebuild!.position)) / Number(head)) / 10);
    release();
    await done;
    const [after] = await side.projections.status();
    expect(after).toMatchObject({ generation, rebuild: null });
    expect(after!.lastRebuild).toEqual({ generation, startedAt: expect.any(String), finishedAt: expect.any(String), targetPosition: head.toString(), eventsPerSecond: expect.any(Number) });
    await side.close();
  });
});
