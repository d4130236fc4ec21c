import { describe, expect, it } from '@jest/globals';
import { appendAudits, expectedDocuments } from '../../test/support/audit-streams.js';
import { readSide } from '../../test/support/read-side.js';
import { tempDir } from '../../test/support/temp-dir.js';
import { appendGeneratedYear, generateBreachYear } from '../../test/support/breaches/generate-breach-year.js';
import type { Document, DocumentStore } from './document-store.port.js';

/** Every document of a collection, by id (in id order). */
async function byId(documents: DocumentStore, collection: string): Promise<Map<string, Document>> {
  const all = new Map<string, Document>();
  for (let offset = 0; ; offset += 1000) {
    const page = await documents.find(collection, { limit: 1000, offset });
    page.items.forEach((document, index) => all.set(`${offset + index}`, document));
    if (page.items.length < 1000) return all;
  }
}

describe('read models built live, by a first start and by a rebuild of all of them together', () => {
  it('are the same, document for document, over a generated year with corrections, withdrawals, imports, closures and audits', async () => {
    const dir = tempDir();
    const year = generateBreachYear({ seed: 4242, breaches: 40, reportedShare: 0.6, lateShare: 0.5, withdrawnShare: 0.2, correctionShare: 0.3, dpoInformedShare: 0.5, closedShare: 0.7, importedLateWithoutReason: 2 });
    // Live: every event arrives on its own and is committed in small batches as it comes.
    const live = readSide(dir.path, { batchSize: 1 });
    try {
      await live.projections.start();
      await appendGeneratedYear(live.events, live.clock, year);
      await appendAudits(live.events, 3);
      const head = await live.events.headPosition();
      // A first start on the whole log (another read store, empty): large catch-up batches, every projection at once.
      const first = readSide(dir.path, { batchSize: 100, catchUpBatchSize: 100_000, readModels: 'first-start.sqlite', holder: 'first-start' });
      try {
        await first.projections.start();
        const names = live.projections.names();
        for (const name of names) {
          const built = await live.projections.readable(name, head);
          const started = await first.projections.readable(name, head);
          if (name.startsWith('breach-') || name.startsWith('audit-')) expect([name, (await byId(live.documents, built.collection)).size]).toEqual([name, expectedDocuments(name, { breaches: 40, audits: 3 })]);
          expect([name, await byId(first.documents, started.collection)]).toEqual([name, await byId(live.documents, built.collection)]);
        }
        // Every projection rebuilt at once, over one shared read, beside the live ones.
        const rebuilds = await Promise.all(names.map((name) => first.projections.rebuild(name)));
        await Promise.all(rebuilds.map((rebuild) => rebuild.done));
        for (const name of names) {
          const built = await live.projections.readable(name, head);
          const rebuilt = await first.projections.readable(name, head);
          expect(rebuilt.collection).toBe(`${name}@2`);
          expect([name, await byId(first.documents, rebuilt.collection)]).toEqual([name, await byId(live.documents, built.collection)]);
        }
      } finally {
        await first.close();
      }
    } finally {
      await live.close();
      dir.remove();
    }
  });
});
