import { Inject, Injectable } from '@nestjs/common';
import { aggregatesCollection, type AggregateDocument } from '../../projections/projection-aggregates.js';
import type { ProjectionDefinition } from '../../projections/projection.js';
import { TimeTravel, type FoldScope } from '../ledger/time-travel.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { Position } from '../event-store/event-store.port.js';
import type { Viewed } from '../http/view-queries.js';
import type { JsonObject } from '../shared/json.js';
import { CLOCK, type Clock } from '../shared/clock.js';
import { DOCUMENT_STORE, type Document, type DocumentStore, type Page, type Query } from './document-store.port.js';
import { ReadYourWrites } from './read-your-writes.js';
import { checkReadAt, type ReadAt } from './read-at.js';

/**
 * The documents of some projections as one view reads them, live or as of a moment: the same
 * DocumentStore calls either way (the live store's generation collections, or the in-memory
 * store the log was folded into), so a view's query code runs unchanged on both.
 */
export class ViewSource {
  constructor(
    private readonly store: DocumentStore,
    private readonly collections: ReadonlyMap<string, string>,
    /** The log position the documents reflect (live: the lowest of the projections'; as of: the last event folded). */
    readonly position: Position,
    /** The `now` of the question (ages, deadlines, what is due): the service clock live, asOf when travelling. */
    readonly now: string,
    /** The moment asked for; undefined for the live view. */
    readonly asOf: string | undefined,
    /**
     * Live: each projection's collection and position, as one text. Two sources with the same
     * text read the same documents, so a view computed from one may serve the other. Undefined as of a moment.
     */
    readonly versions?: string,
  ) {}

  get<D extends JsonObject>(definition: ProjectionDefinition<D>, id: string): Promise<D | undefined> {
    return this.store.get<D>(this.collectionOf(definition), id);
  }

  find<D extends JsonObject>(definition: ProjectionDefinition<D>, query: Query): Promise<Page<D>> {
    return this.store.find<D>(this.collectionOf(definition), query);
  }

  findAll<D extends JsonObject>(definition: ProjectionDefinition<D>, query: Omit<Query, 'limit' | 'offset'>): Promise<D[]> {
    return this.store.findAll<D>(this.collectionOf(definition), query);
  }

  /**
   * An aggregate the projection keeps beside its documents (ProjectionDefinition.aggregates);
   * undefined when there is none by that id, and always as of a moment (the fold keeps none).
   */
  aggregate(definition: ProjectionDefinition<Document>, id: string): Promise<AggregateDocument | undefined> {
    if (this.asOf !== undefined) return Promise.resolve(undefined);
    return this.store.get<AggregateDocument>(aggregatesCollection(this.collectionOf(definition)), id);
  }

  /** Every aggregate the projection keeps (e.g. one per month of its history); none as of a moment. */
  async aggregates(definition: ProjectionDefinition<Document>): Promise<AggregateDocument[]> {
    if (this.asOf !== undefined) return [];
    return this.store.findAll<AggregateDocument>(aggregatesCollection(this.collectionOf(definition)), {});
  }

  /** A view computed from these documents, saying which position and moment it reflects. */
  viewed<T>(view: T): Viewed<T> {
    return this.asOf === undefined ? { view, position: this.position } : { view, position: this.position, asOf: this.asOf };
  }

  private collectionOf(definition: ProjectionDefinition<Document>): string {
    const collection = this.collections.get(definition.name);
    if (collection === undefined) throw new TypeError(`${definition.name} was not opened for this view`);
    return collection;
  }
}

/** Opens ViewSources: what every view reads through, so every view takes `asOf` the same way. */
@Injectable()
export class ViewSources {
  constructor(
    private readonly reads: ReadYourWrites,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    private readonly timeTravel: TimeTravel,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The now of a question: asOf when travelling, else the service clock. */
  nowAt(at: ReadAt = {}): string {
    return at.asOf ?? this.clock.now().toISOString();
  }

  /**
   * The documents of `definitions` live (each projection once it has `at.minPosition`), or as
   * of `at.asOf`, folded in one pass over the log (narrowed by `scope` for a one-document view).
   * Throws AsOfRefusedError for an asOf in the future or with minPosition.
   */
  async open(definitions: readonly ProjectionDefinition<Document>[], at: ReadAt = {}, scope?: FoldScope): Promise<ViewSource> {
    const now = this.clock.now();
    checkReadAt(at, now, this.config.commands.maxClockSkewMs);
    if (at.asOf !== undefined) {
      const { documents, position } = await this.timeTravel.fold(definitions, at.asOf, scope);
      return new ViewSource(documents, new Map(definitions.map(({ name }) => [name, name])), position, at.asOf, at.asOf);
    }
    const collections = new Map<string, string>();
    const positions = new Map<string, Position>();
    let position: Position | undefined;
    for (const { name } of definitions) {
      const readable = await this.reads.readable(name, at.minPosition);
      collections.set(name, readable.collection);
      positions.set(name, readable.position);
      // A view over several projections reflects what all of them have.
      if (position === undefined || readable.position < position) position = readable.position;
    }
    const versions = [...collections].map(([name, collection]) => `${name}=${collection}@${positions.get(name)?.toString() ?? ''}`).join(' ');
    return new ViewSource(this.documents, collections, position ?? 0n, now.toISOString(), undefined, versions);
  }
}
