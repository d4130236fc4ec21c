import type { StoredEvent } from '../src/event-store/event-store.port.js';
import type { JsonObject } from '../src/shared/json.js';

/**
 * A projection: one question answered from the log, as a pure definition. The runner
 * (src/read-store) feeds it the events it handles in global order and stores what it
 * returns, with the position, in the same commit.
 */
export interface ProjectionDefinition<D extends JsonObject = JsonObject> {
  /** Versioned, e.g. `breach-timeline.v1`: a changed definition gets a new name and is built beside the old one. */
  readonly name: string;
  /** Which events it reads: the streams of this category (`breach` for `breach-<uuid>`). */
  readonly category: string;
  /** The fields queries filter and sort on (dotted paths). */
  readonly indexes: readonly string[];
  /** The document an event belongs to. */
  documentId(event: StoredEvent): string;
  /** (doc | undefined, event) -> doc; null deletes it. Throws on an event it cannot handle. */
  apply(document: D | undefined, event: StoredEvent): D | null;
}

export { categoryOf } from '../src/shared/stream-category.js';
