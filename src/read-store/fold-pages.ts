import { categoryOf, type ProjectionDefinition } from '../../projections/projection.js';
import { StreamNotFoundError } from '../event-store/event-store.errors.js';
import { START, type EventStore, type Position, type StoredEvent } from '../event-store/event-store.port.js';
import type { JsonObject } from '../shared/json.js';
import type { DocumentChange, DocumentStore } from './document-store.port.js';

/** Events per read: a page is all of the log a fold holds at once. */
export const FOLD_PAGE_SIZE = 500;

/** A turn of the event loop: a fold over a long log must not keep /health and other requests waiting. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The whole log in global order, one page at a time, read only when the previous one has been consumed. */
export async function* logPages(events: EventStore, pageSize = FOLD_PAGE_SIZE): AsyncGenerator<readonly StoredEvent[]> {
  for (let after = START; ; ) {
    const page = await events.readAll({ afterPosition: after, maxCount: pageSize });
    if (page.length > 0) yield page;
    const last = page.at(-1);
    if (last === undefined || page.length < pageSize) return;
    after = last.position;
    await turn();
  }
}

/** One stream, one page at a time; nothing for a stream that does not exist. */
export async function* streamPages(events: EventStore, streamId: string, pageSize = FOLD_PAGE_SIZE): AsyncGenerator<readonly StoredEvent[]> {
  for (let from = 0; ; from += pageSize) {
    let page: readonly StoredEvent[];
    try {
      page = await events.readStream(streamId, { fromRevision: from, maxCount: pageSize });
    } catch (error) {
      if (error instanceof StreamNotFoundError) return;
      throw error;
    }
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
    await turn();
  }
}

export interface FoldOptions {
  /** Which events count (e.g. recorded by a moment); the others are skipped. */
  readonly include: (event: StoredEvent) => boolean;
  /** The event as the definitions read it: the live runner's decode (personal fields decrypted, or "[erased]"). */
  readonly decode: (event: StoredEvent) => Promise<StoredEvent>;
  /** Keep only this document of each definition (a one-document view): the others are never decoded or built. */
  readonly documentId?: string;
  /** The `at` of the commits. */
  readonly at: string;
}

/**
 * Folds the definitions over pages of events into `store` (collection = the definition's
 * name), as the projection runner does: each page's changed documents are committed before
 * the next page is asked for, so the fold holds one page of events and the documents, never
 * the log. Returns the highest position folded (START when none), which the store also
 * keeps as the checkpoint `fold`.
 *
 * A definition's documentId is read from the event before decoding, to skip the events of
 * other documents without decrypting them: ids never come from personal fields (an erasure
 * would change them).
 */
export async function foldPages(pages: AsyncIterable<readonly StoredEvent[]>, definitions: readonly ProjectionDefinition[], store: DocumentStore, options: FoldOptions): Promise<Position> {
  const byCategory = new Map<string, ProjectionDefinition[]>();
  for (const definition of definitions) byCategory.set(definition.category, [...(byCategory.get(definition.category) ?? []), definition]);
  let position = START;
  for await (const page of pages) {
    const batch = new Map<string, { definition: ProjectionDefinition; id: string; document: JsonObject | null }>();
    let folded = position;
    for (const event of page) {
      const wanted = (byCategory.get(categoryOf(event.streamId)) ?? []).filter((definition) => options.documentId === undefined || definition.documentId(event) === options.documentId);
      if (wanted.length === 0 || !options.include(event)) continue;
      const readable = await options.decode(event);
      for (const definition of wanted) {
        const id = definition.documentId(readable);
        const key = `${definition.name}\u0000${id}`;
        const current = batch.has(key) ? (batch.get(key)?.document ?? undefined) : await store.get(definition.name, id);
        batch.set(key, { definition, id, document: definition.apply(current, readable) });
      }
      if (event.position > folded) folded = event.position;
    }
    const changes: DocumentChange[] = [...batch.values()].map(({ definition, id, document }) => ({ collection: definition.name, id, document }));
    await store.commit({ changes, checkpoint: { projection: 'fold', from: position, to: folded }, at: options.at });
    position = folded;
  }
  return position;
}
