import { Injectable } from '@nestjs/common';
import type { ProjectionDefinition } from '../../projections/projection.js';
import type { Viewed } from '../http/view-queries.js';
import type { JsonObject } from '../shared/json.js';
import type { Filter, Page, Query } from './document-store.port.js';
import { ProjectionViews } from './projection-views.js';
import type { ReadAt } from './read-at.js';

/**
 * Reading any projection's documents by its definition, for the slices that need no view
 * class of their own (DPIAs, the register): one document, a page, or every document
 * matching filters, live or as of a moment (`at`, from the route's `query.at()`).
 */
@Injectable()
export class DocumentViews extends ProjectionViews {
  /** `streamId`: the one stream the document is built from, when it is (time travel then reads only that stream). */
  document<D extends JsonObject>(definition: ProjectionDefinition<D>, id: string, notFound: () => Error, at?: ReadAt, streamId?: string): Promise<Viewed<D>> {
    return this.one<D>(definition, id, notFound, at, streamId);
  }

  documentPage<D extends JsonObject>(definition: ProjectionDefinition<D>, query: Query, at?: ReadAt): Promise<Viewed<Page<D>>> {
    return this.page<D>(definition, query, at);
  }

  /** Every document matching the filters, ordered by `orderBy` (a stable field). */
  allDocuments<D extends JsonObject>(definition: ProjectionDefinition<D>, where: readonly Filter[], orderBy: string, at?: ReadAt): Promise<Viewed<D[]>> {
    return this.all<D>(definition, { where, orderBy: [{ field: orderBy, direction: 'asc' }] }, at);
  }
}
