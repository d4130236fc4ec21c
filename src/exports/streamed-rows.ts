import { Injectable } from '@nestjs/common';
import type { ProjectionDefinition } from '../../projections/projection.js';
import type { Viewed } from '../http/view-queries.js';
import type { Document, Filter, Sort } from '../read-store/document-store.port.js';
import type { ReadAt } from '../read-store/read-at.js';
import { ViewSources, type ViewSource } from '../read-store/view-sources.js';

/** How many documents an export reads at a time. */
export const EXPORT_PAGE_SIZE = 500;

/**
 * Every document of a projection that matches, as an async stream read a page at a time, so
 * that an export of a register of any size holds one page in memory, not the register. The
 * view (live once the projection has minPosition, or as of a moment) is opened once, before
 * the first row, so a missing projection or a bad asOf is refused before anything is sent.
 *
 * Live, pages are read one after another while commands may land between them: a row that
 * changes during an export is shown as it was when its page was read. Exports page in an
 * order where new documents come last (oldest awareness first, or by name), so paging
 * neither repeats nor skips the rows that were there when the export began, unless a
 * correction moves a row across a page boundary meanwhile.
 */
@Injectable()
export class StreamedRows {
  constructor(private readonly sources: ViewSources) {}

  async open<D extends Document>(definition: ProjectionDefinition<D>, where: readonly Filter[], orderBy: readonly Sort[], at?: ReadAt): Promise<Viewed<{ rows: AsyncIterable<D> }>> {
    const source = await this.sources.open([definition] as unknown as ProjectionDefinition[], at);
    return source.viewed({ rows: pages(source, definition, where, orderBy) });
  }
}

async function* pages<D extends Document>(source: ViewSource, definition: ProjectionDefinition<D>, where: readonly Filter[], orderBy: readonly Sort[]): AsyncIterable<D> {
  for (let offset = 0; ; offset += EXPORT_PAGE_SIZE) {
    const page = await source.find(definition, { where, orderBy, limit: EXPORT_PAGE_SIZE, offset });
    yield* page.items;
    if (page.items.length < EXPORT_PAGE_SIZE) return;
  }
}
