import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { EventStore, ReadByStreamOptions, StoredEvent } from '../event-store/event-store.port.js';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store.js';
import { newEvent } from '../../test/support/events.js';
import { tempDir } from '../../test/support/temp-dir.js';
import { StreamLog } from './stream-log.js';

describe('the read in stream order of a build', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = tempDir();
    store = new SqliteEventStore({ file: join(dir.path, 'events.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  /** The store, with the `after` of every page read asked for, in order. */
  function recording(): { events: EventStore; asked: (string | undefined)[] } {
    const asked: (string | undefined)[] = [];
    const events: EventStore = Object.create(store) as EventStore;
    events.readCategoriesByStream = (options: ReadByStreamOptions) => {
      asked.push(options.after && `${options.after.streamId}@${options.after.revision}`);
      return store.readCategoriesByStream(options);
    };
    return { events, asked };
  }

  it('asks for the next page as soon as it knows where it starts, up to the pages it may hold, and gives every event once in stream order', async () => {
    for (let stream = 0; stream < 6; stream += 1) {
      for (let revision = 0; revision < 3; revision += 1) {
        await store.append(`breach-${stream}`, [newEvent('Noted', { n: revision })], { expectedRevision: revision === 0 ? 'no_stream' : revision - 1 });
      }
    }
    const { events, asked } = recording();
    const log = new StreamLog(events, ['breach'], { pageSize: 2, maxPages: 3 });
    const read = await log.open();
    const first = await read.next();
    expect(first?.map((event) => `${event.streamId}@${event.revision}`)).toEqual(['breach-0@0', 'breach-0@1']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Read ahead while the first page is folded (on the store's reader thread), but no more than the pages it may hold (3).
    expect(asked).toEqual([undefined, 'breach-0@1', 'breach-1@0', 'breach-1@2']);
    const seen: StoredEvent[] = [...(first ?? [])];
    for (let page = await read.next(); page !== undefined; page = await read.next()) seen.push(...page);
    read.close();
    expect(seen.map((event) => `${event.streamId}@${event.revision}`)).toEqual(Array.from({ length: 18 }, (_, n) => `breach-${Math.floor(n / 3)}@${n % 3}`));
    expect(log.pagesRead).toBe(10);
  });
});
