import { Inject, Injectable } from '@nestjs/common';
import type { ProjectionDefinition } from '../../projections/projection.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { Viewed } from '../http/view-queries.js';
import type { JsonObject } from '../shared/json.js';
import type { Page, Query } from './document-store.port.js';
import type { ReadAt } from './read-at.js';
import { ViewSources } from './view-sources.js';

/**
 * What every slice's views do with a projection: read one document, a page or all that match,
 * live (once the projection has minPosition) or as of a moment (`at`), saying which position
 * (and moment) the answer reflects. The `now` of a question (ages, deadlines) is `nowAt(at)`;
 * the diensten are the configured ones.
 */
@Injectable()
export class ProjectionViews {
  constructor(
    protected readonly sources: ViewSources,
    @Inject(APP_CONFIG) protected readonly config: AppConfig,
  ) {}

  /** The now of a question: the moment asked for when travelling, else the service clock. */
  nowAt(at?: ReadAt): string {
    return this.sources.nowAt(at);
  }

  /** The configured diensten (DIENSTEN), zero figures included in every per-dienst view. */
  get diensten(): readonly string[] {
    return this.config.organisation.diensten;
  }

  /**
   * One document. As of a moment, only its own events are decoded and folded; `streamId` (when
   * the document is built from that one stream) narrows the read to that stream.
   */
  protected async one<D extends JsonObject>(definition: ProjectionDefinition<D>, id: string, notFound: () => Error, at?: ReadAt, streamId?: string): Promise<Viewed<D>> {
    const source = await this.sources.open([definition] as unknown as ProjectionDefinition[], at, { documentId: id, ...(streamId === undefined ? {} : { streamId }) });
    const view = await source.get(definition, id);
    if (!view) throw notFound(); // as of a moment: not yet there then
    return source.viewed(view);
  }

  protected async page<D extends JsonObject>(definition: ProjectionDefinition<D>, query: Query, at?: ReadAt): Promise<Viewed<Page<D>>> {
    const source = await this.sources.open([definition] as unknown as ProjectionDefinition[], at);
    return source.viewed(await source.find(definition, query));
  }

  protected async all<D extends JsonObject>(definition: ProjectionDefinition<D>, query: Omit<Query, 'limit' | 'offset'>, at?: ReadAt): Promise<Viewed<D[]>> {
    const source = await this.sources.open([definition] as unknown as ProjectionDefinition[], at);
    return source.viewed(await source.findAll(definition, query));
  }
}
