import { afterAll } from '@jest/globals';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { tempDir } from '../support/temp-dir.js';
import { describeEventStoreConformance } from './event-store.conformance.js';

const dir = tempDir();
const file = join(dir.path, 'events.sqlite');
afterAll(() => dir.remove());

describeEventStoreConformance('sqlite', {
  open: async (settings = {}) => new SqliteEventStore({ file, ...settings }),
  reopen: async (store, settings = {}) => {
    await store.close();
    return new SqliteEventStore({ file, ...settings });
  },
});
