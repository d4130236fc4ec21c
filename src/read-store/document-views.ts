import { Injectable } from '@nestjs/common';
import type { ProjectionDefinition } from '../../projections/projection.js';
import type { Viewed } from '../http/view-queries.js';
import type { JsonObject } from '../shared/json.js';
import type { Filter, Page, Query } from './document-store.port.js';
import { ProjectionViews } from './projection-views.js';

/**
 * Reading any projection's documents by its definition, for the slices that need no view
 * class of their own (DPIAs, the register): one document, a page, or every document
 * matching filters, once the projection has processed `minPosition`.
 */
@Injectable()
export class DocumentViews extends ProjectionViews {
  document<D extends JsonObject>(definition: ProjectionDefinition<D>, id: string, notFound: () => Error, minPosition?: bigint): Promise<Viewed<D>> {
    return this.one<D>(definition.name, id, notFound, minPosition);
  }

  documentPage<D extends JsonObject>(definition: ProjectionDefinition<D>, query: Query, minPosition?: bigint): Promise<Viewed<Page<D>>> {
    return this.page<D>(definition.name, query, minPosition);
  }

  /** Every document matching the filters, ordered by `orderBy` (a stable field). */
  allDocuments<D extends JsonObject>(definition: ProjectionDefinition<D>, where: readonly Filter[], orderBy: string, minPosition?: bigint): Promise<Viewed<D[]>> {
    return this.all<D>(definition.name, { where, orderBy: [{ field: orderBy, direction: 'asc' }] }, minPosition);
  }
}
