import { join } from 'node:path';
import type { ProjectionDefinition } from '../../projections/projection.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import type { StoredEvent } from '../../src/event-store/event-store.port.js';
import type { Document, DocumentStore } from '../../src/read-store/document-store.port.js';
import { Projections } from '../../src/read-store/projections.js';
import { PROJECTION_DEFINITIONS } from '../../src/read-store/read-store.module.js';
import { SqliteDocumentStore } from '../../src/read-store/sqlite/sqlite-document-store.js';
import { FixedClock } from '../../src/shared/clock.js';

export const quiet = { info: () => undefined, error: () => undefined };

/** An event store and a read store on files in a folder, and the service's projections over them. */
export function readSide(
  dir: string,
  options: {
    readModels?: string;
    definitions?: readonly ProjectionDefinition[];
    batchSize?: number;
    catchUpBatchSize?: number;
    clock?: FixedClock;
    leaseTtlMs?: number;
    holder?: string;
    buildInStreamOrder?: boolean;
    buildBatchBytes?: number;
    /** Events after whose commit the store is scrubbed (erasures in the service). */
    scrubAfter?: (event: StoredEvent) => boolean;
    /** What the projections see of the document store (a wrapper that fails some calls); the store itself by default. */
    seen?: (documents: SqliteDocumentStore) => DocumentStore;
    log?: { info(fields: object, message: string): void; error(fields: object, message: string): void };
  } = {},
) {
  const clock = options.clock ?? new FixedClock('2022-02-01T00:00:00.000Z');
  const events = new SqliteEventStore({ file: join(dir, 'events.sqlite'), clock, pollIntervalMs: 20 });
  const documents = new SqliteDocumentStore({ file: join(dir, options.readModels ?? 'read-models.sqlite') });
  const projections = new Projections(options.definitions ?? PROJECTION_DEFINITIONS, events, options.seen?.(documents) ?? documents, clock, {
    batchSize: options.batchSize ?? 100,
    ...(options.catchUpBatchSize ? { catchUpBatchSize: options.catchUpBatchSize } : {}),
    idleFlushMs: 5,
    readWaitMs: 20_000,
    generationPollMs: 50,
    // Short, so a side started after a killed one (on the same files) takes over soon.
    leaseTtlMs: options.leaseTtlMs ?? 500,
    ...(options.holder ? { holder: options.holder } : {}),
    ...(options.buildInStreamOrder === false ? { buildInStreamOrder: false } : {}),
    ...(options.buildBatchBytes ? { buildBatchBytes: options.buildBatchBytes } : {}),
    ...(options.scrubAfter ? { scrubAfter: options.scrubAfter } : {}),
    log: options.log ?? quiet,
  });
  return {
    clock,
    events,
    documents,
    projections,
    async close() {
      await projections.stop();
      await documents.close();
      await events.close();
    },
  };
}

/** Every document of a collection, by id. */
export async function allDocuments(documents: DocumentStore, collection: string): Promise<Map<string, Document>> {
  const all = new Map<string, Document>();
  for (let offset = 0; ; offset += 1000) {
    const page = await documents.find(collection, { limit: 1000, offset });
    page.items.forEach((document) => all.set(String(document.breachId ?? all.size), document));
    if (page.items.length < 1000) return all;
  }
}
