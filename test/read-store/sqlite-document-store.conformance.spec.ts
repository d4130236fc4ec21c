import { afterAll } from '@jest/globals';
import { join } from 'node:path';
import { SqliteDocumentStore } from '../../src/read-store/sqlite/sqlite-document-store.js';
import { tempDir } from '../support/temp-dir.js';
import { describeDocumentStoreConformance } from './document-store.conformance.js';

const dir = tempDir();
const file = join(dir.path, 'read-models.sqlite');
afterAll(() => dir.remove());

describeDocumentStoreConformance('sqlite', {
  open: async () => new SqliteDocumentStore({ file }),
  reopen: async (store) => {
    await store.close();
    return new SqliteDocumentStore({ file });
  },
});
