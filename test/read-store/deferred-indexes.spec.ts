import { describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { appendGeneratedYear, generateBreachYear } from '../support/breaches/generate-breach-year.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import type { Commit, DocumentStore } from '../../src/read-store/document-store.port.js';
import { GENERATIONS } from '../../src/read-store/live-projections.js';
import { Projections, type ProjectionsOptions } from '../../src/read-store/projections.js';
import { PROJECTION_DEFINITIONS } from '../../src/read-store/read-store.module.js';
import { SqliteDocumentStore } from '../../src/read-store/sqlite/sqlite-document-store.js';
import { FixedClock } from '../../src/shared/clock.js';
import { quiet } from '../support/read-side.js';
import { tempDir } from '../support/temp-dir.js';

/*
 * The SQLite store defers the indexes declared on an empty collection (a first start, a
 * rebuild's new generation): the runner has them built once the collection is loaded, before
 * its checkpoint reaches the head and before a rebuild's generation switch.
 */

/** The document store, with its index builds and commits recorded in order. */
function recording(inner: SqliteDocumentStore) {
  const calls: string[] = [];
  const overrides: Partial<DocumentStore> = {
    async buildIndexes(collection: string): Promise<void> {
      await inner.buildIndexes(collection);
      calls.push(`build ${collection}`);
    },
    async commit(commit: Commit): Promise<void> {
      await inner.commit(commit);
      const switched = commit.changes.some((change) => change.collection === GENERATIONS);
      calls.push(`commit ${commit.checkpoint.projection} ${commit.checkpoint.to}${switched ? ' switch' : ''}`);
    },
  };
  const store = new Proxy(inner as DocumentStore, {
    get(target, property, receiver) {
      if (property in overrides) return overrides[property as keyof DocumentStore];
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store, calls };
}

function side(dir: string, options: Partial<ProjectionsOptions> = {}) {
  const clock = new FixedClock('2022-02-01T00:00:00.000Z');
  const events = new SqliteEventStore({ file: join(dir, 'events.sqlite'), clock, pollIntervalMs: 20 });
  const file = join(dir, 'read-models.sqlite');
  const inner = new SqliteDocumentStore({ file });
  const documents = recording(inner);
  const batches = { batchSize: 100, catchUpBatchSize: 1000, idleFlushMs: 5 };
  const waits = { readWaitMs: 30_000, generationPollMs: 50, leaseTtlMs: 500 };
  const projections = new Projections(PROJECTION_DEFINITIONS, events, documents.store, clock, { ...batches, ...waits, holder: 'here', log: quiet, ...options });
  return {
    file,
    clock,
    events,
    calls: documents.calls,
    projections,
    async close() {
      await projections.stop();
      await inner.close();
      await events.close();
    },
  };
}

const indexed = PROJECTION_DEFINITIONS.filter((definition) => definition.indexes.length > 0);

function indexesOf(file: string, collection: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND name LIKE 'documents/%' ORDER BY name`).all(`collection/${collection}`) as { name: string }[]).map((row) => row.name);
  } finally {
    db.close();
  }
}

const year = generateBreachYear({ seed: 77, breaches: 40, reportedShare: 0.6, lateShare: 0.5, withdrawnShare: 0.2, correctionShare: 0.3, dpoInformedShare: 0.5, closedShare: 0.7 });

describe('indexes declared on an empty read model', () => {
  for (const buildInStreamOrder of [true, false]) {
    it(`are built by a first start before each projection's checkpoint reaches the head (buildInStreamOrder: ${buildInStreamOrder}), and by a rebuild before its switch`, async () => {
      const dir = tempDir();
      try {
        const writer = side(dir.path);
        await appendGeneratedYear(writer.events, writer.clock, year);
        const head = await writer.events.headPosition();
        await writer.events.close();

        const first = side(dir.path, { buildInStreamOrder });
        try {
          await first.projections.start();
          for (const definition of indexed) {
            const collection = `${definition.name}@1`;
            await first.projections.readable(definition.name, head);
            const expected = [...new Set(definition.indexes)].map((field) => `documents/${collection}/${field}`).sort();
            expect([collection, indexesOf(first.file, collection)]).toEqual([collection, expected]);
            // Built before the commit that moved the projection's checkpoint to the head.
            const built = first.calls.indexOf(`build ${collection}`);
            const atHead = first.calls.findIndex((call) => call.startsWith(`commit ${collection} `) && BigInt(call.split(' ')[2] as string) >= head);
            expect([collection, built >= 0, built < atHead]).toEqual([collection, true, true]);
          }

          const definition = indexed.find((candidate) => candidate.category === 'breach') ?? indexed[0];
          if (!definition) throw new Error('no projection declares indexes');
          const { done } = await first.projections.rebuild(definition.name);
          await done;
          const collection = `${definition.name}@2`;
          const built = first.calls.indexOf(`build ${collection}`);
          const switched = first.calls.findIndex((call) => call.startsWith(`commit ${collection} `) && call.endsWith(' switch'));
          expect([built >= 0, switched > built]).toEqual([true, true]);
          expect(indexesOf(first.file, collection)).toEqual([...new Set(definition.indexes)].map((field) => `documents/${collection}/${field}`).sort());
        } finally {
          await first.close();
        }
      } finally {
        dir.remove();
      }
    }, 120_000);
  }
});
