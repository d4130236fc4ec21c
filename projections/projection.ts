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
  /**
   * True when `documentId` depends on the stream alone and no two streams share a document:
   * each document is then one stream's events in revision order, so an empty read model can be
   * built stream by stream, every document written once (src/read-store/README.md). Declare it
   * only when true; absent, the runner always reads the log in global order.
   */
  readonly documentPerStream?: boolean;
  /** (doc | undefined, event) -> doc; null deletes it. Throws on an event it cannot handle. */
  apply(document: D | undefined, event: StoredEvent): D | null;
  /**
   * Optional, for a `documentPerStream` definition: `apply` folded over several events of one
   * stream in revision order, in one go (the same document, built once instead of once an
   * event). A build in stream order hands it each stream's events; it throws as `apply` would
   * (the runner then applies them one at a time, to name the event).
   */
  applyAll?(document: D | undefined, events: readonly StoredEvent[]): D | null;
  /**
   * Sums kept beside the documents (e.g. a year's figures): what each document adds to which
   * aggregate. The runner subtracts a changed document's old contributions and adds its new
   * ones, and writes the aggregates in the same commit as the documents (projection-aggregates.ts).
   */
  readonly aggregates?: ProjectionAggregates<D>;
}

/** Counts by key; a key whose sum comes to 0 is left out of the aggregate. */
export type AggregateCounts = Readonly<Record<string, number>>;

export interface AggregateContribution {
  /** The aggregate document's id within the projection's aggregates (e.g. `2021-03`). */
  readonly id: string;
  /** Whole numbers only (safe integers), so sums are exact whatever the order. */
  readonly counts: AggregateCounts;
}

export interface ProjectionAggregates<D extends JsonObject = JsonObject> {
  /** Versioned with the projection's name: a changed contribution needs a rebuild. */
  contributions(document: D): readonly AggregateContribution[];
}

export { categoryOf } from '../src/shared/stream-category.js';
