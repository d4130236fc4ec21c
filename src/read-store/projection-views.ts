import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { Viewed } from '../http/view-queries.js';
import { CLOCK, type Clock } from '../shared/clock.js';
import { DOCUMENT_STORE, type Document, type DocumentStore, type Page, type Query } from './document-store.port.js';
import { Projections } from './projections.js';

/**
 * What every slice's views do with a projection: wait until it has minPosition, then read one
 * document, a page or all that match, saying which position the answer reflects. The `now` of
 * a question (ages, deadlines) is the service's clock; the diensten are the configured ones.
 */
@Injectable()
export class ProjectionViews {
  constructor(
    private readonly projections: Projections,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) protected readonly config: AppConfig,
  ) {}

  get now(): string {
    return this.clock.now().toISOString();
  }

  /** The configured diensten (DIENSTEN), zero figures included in every per-dienst view. */
  get diensten(): readonly string[] {
    return this.config.breaches.diensten;
  }

  protected async one<D extends Document>(projection: string, id: string, notFound: () => Error, minPosition?: bigint): Promise<Viewed<D>> {
    const { collection, position } = await this.projections.readable(projection, minPosition);
    const view = await this.documents.get<D>(collection, id);
    if (!view) throw notFound();
    return { view, position };
  }

  protected async page<D extends Document>(projection: string, query: Query, minPosition?: bigint): Promise<Viewed<Page<D>>> {
    const { collection, position } = await this.projections.readable(projection, minPosition);
    return { view: await this.documents.find<D>(collection, query), position };
  }

  protected async all<D extends Document>(projection: string, query: Omit<Query, 'limit' | 'offset'>, minPosition?: bigint): Promise<Viewed<D[]>> {
    const { collection, position } = await this.projections.readable(projection, minPosition);
    return { view: await this.documents.findAll<D>(collection, query), position };
  }
}
