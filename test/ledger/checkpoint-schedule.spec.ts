import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CheckpointSchedule } from '../../src/ledger/ledger.module.js';
import { Ledger } from '../../src/ledger/ledger.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { FixedClock } from '../../src/shared/clock.js';
import { freshStreamId, numbered } from '../support/events.js';
import { tempDir } from '../support/temp-dir.js';

/** Waits (bounded) until `done` holds, letting the schedule's timer run meanwhile. */
async function until(done: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 200 && !(await done()); attempt += 1) await sleep(10);
}

describe('the checkpoint schedule', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;
  let schedule: CheckpointSchedule;
  let ledger: Ledger;
  const clock = new FixedClock('2026-03-01T00:00:00.000Z');
  beforeEach(() => {
    dir = tempDir();
    store = new SqliteEventStore({ file: join(dir.path, 'events.sqlite'), clock });
    ledger = new Ledger(store, clock, 'privacy-ledger.test', generateKeyPairSync('ed25519'));
    schedule = new CheckpointSchedule(ledger, 5);
  });
  afterEach(async () => {
    await schedule.onApplicationShutdown();
    await store.close();
    dir.remove();
  });

  it('signs nothing while the log is empty, and the whole log once the first events are committed', async () => {
    schedule.onApplicationBootstrap();
    await sleep(60); // a dozen ticks before the first commit
    expect(await ledger.checkpoints()).toEqual([]);
    expect(await store.readAll({ fromPosition: 0n, maxCount: 10 })).toEqual([]);

    await store.append(freshStreamId('breach'), numbered(3), { expectedRevision: 'no_stream' });
    await until(async () => (await ledger.checkpoints()).length > 0);
    const checkpoints = await ledger.checkpoints();
    expect(checkpoints.map((checkpoint) => checkpoint.treeSize)).toEqual([3]);
  });

  it('starts no tick while one is still signing, so a growth is signed once however long its tree takes to build', async () => {
    await store.append(freshStreamId('breach'), numbered(2), { expectedRevision: 'no_stream' });
    let signing = 0;
    let overlapped = false;
    const slow = Object.assign(Object.create(ledger) as Ledger, {
      checkpoint: async () => {
        signing += 1;
        if (signing > 1) overlapped = true;
        await sleep(60); // a dozen intervals of 5 ms, as a first tree build over a large log outlasts its interval
        const recorded = await ledger.checkpoint();
        signing -= 1;
        return recorded;
      },
    });
    await schedule.onApplicationShutdown();
    schedule = new CheckpointSchedule(slow, 5);
    schedule.onApplicationBootstrap();
    await until(async () => (await ledger.checkpoints()).length > 0);
    await sleep(60);
    expect(overlapped).toBe(false);
    expect((await ledger.checkpoints()).map((checkpoint) => checkpoint.treeSize)).toEqual([2]);
  });
});
