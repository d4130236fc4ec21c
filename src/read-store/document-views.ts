import { Inject, Injectable } from '@nestjs/common';
import type { ProjectionDefinition } from '../../projections/projection.js';
import type { JsonObject } from '../shared/json.js';
import { DOCUMENT_STORE, type DocumentStore, type Filter, type Query } from './document-store.port.js';
import { Projections } from './projections.js';

/** A view and the log position it reflects (the Projection-Position header). */
export interface ViewedDocuments<T> {
  readonly view: T;
  readonly position: bigint;
}

const PAGE = 1000;

/**
 * Reading any projection's documents, once it has processed `minPosition` (the position a
 * command returned): one document, a page, or every document matching filters. The views
 * of the DPIAs, the register and the audits read through it; the breach views have their own.
 */
@Injectable()
export class DocumentViews {
  constructor(
    private readonly projections: Projections,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
  ) {}

  async one<D extends JsonObject>(definition: ProjectionDefinition<D>, id: string, minPosition?: bigint): Promise<ViewedDocuments<D | undefined>> {
    const { collection, position } = await this.projections.readable(definition.name, minPosition);
    return { view: await this.documents.get<D>(collection, id), position };
  }

  async page<D extends JsonObject>(definition: ProjectionDefinition<D>, query: Query, minPosition?: bigint): Promise<ViewedDocuments<{ items: D[]; total: number }>> {
    const { collection, position } = await this.projections.readable(definition.name, minPosition);
    const page = await this.documents.find<D>(collection, query);
    return { view: { items: [...page.items], total: page.total }, position };
  }

  /** Every document matching the filters, in pages of a thousand, ordered by `orderBy` (a stable field). */
  async all<D extends JsonObject>(definition: ProjectionDefinition<D>, where: readonly Filter[], orderBy: string, minPosition?: bigint): Promise<ViewedDocuments<D[]>> {
    const { collection, position } = await this.projections.readable(definition.name, minPosition);
    const documents: D[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.documents.find<D>(collection, { where, orderBy: [{ field: orderBy, direction: 'asc' }], limit: PAGE, offset });
      documents.push(...page.items);
      if (documents.length >= page.total || page.items.length === 0) return { view: documents, position };
    }
  }
}
