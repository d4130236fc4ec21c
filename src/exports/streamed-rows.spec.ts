import { describe, expect, it } from '@jest/globals';
import type { ProjectionDefinition } from '../../projections/projection.js';
import type { Query } from '../read-store/document-store.port.js';
import type { ViewSource, ViewSources } from '../read-store/view-sources.js';
import { EXPORT_PAGE_SIZE, StreamedRows } from './streamed-rows.js';

type Row = { readonly id: number };
const definition = { name: 'rows.v1' } as unknown as ProjectionDefinition<Row>;

/** A view source over `count` rows that records every page asked for. */
function sourceOf(count: number) {
  const asked: Query[] = [];
  const source = {
    find: async (_: unknown, query: Query) => {
      asked.push(query);
      const offset = query.offset ?? 0;
      const items = Array.from({ length: Math.max(0, Math.min(query.limit ?? 0, count - offset)) }, (_, i) => ({ id: offset + i }));
      return { items, total: count };
    },
    viewed: <T>(view: T) => ({ view, position: 42n }),
  } as unknown as ViewSource;
  const sources = { open: async () => source } as unknown as ViewSources;
  return { asked, rows: new StreamedRows(sources) };
}

describe('a register streamed for an export', () => {
  it('reads a page at a time, only as the rows are consumed, and ends after a short page', async () => {
    const { asked, rows } = sourceOf(2 * EXPORT_PAGE_SIZE + 7);
    const viewed = await rows.open(definition, [{ field: 'year', op: 'eq', value: 2021 }], [{ field: 'awareAt', direction: 'asc' }]);
    expect(viewed.position).toBe(42n);
    expect(asked).toHaveLength(0);
    const iterator = viewed.view.rows[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ id: 0 });
    expect(asked.map((query) => query.offset)).toEqual([0]);
    const seen = [0];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) seen.push(next.value.id);
    expect(seen).toEqual(Array.from({ length: 2 * EXPORT_PAGE_SIZE + 7 }, (_, i) => i));
    expect(asked.map((query) => [query.offset, query.limit])).toEqual([
      [0, EXPORT_PAGE_SIZE],
      [EXPORT_PAGE_SIZE, EXPORT_PAGE_SIZE],
      [2 * EXPORT_PAGE_SIZE, EXPORT_PAGE_SIZE],
    ]);
    expect(asked[0]).toMatchObject({ where: [{ field: 'year', op: 'eq', value: 2021 }], orderBy: [{ field: 'awareAt', direction: 'asc' }] });
  });

  it('asks once more after a full last page, and yields nothing of an empty register', async () => {
    const full = sourceOf(EXPORT_PAGE_SIZE);
    const all: Row[] = [];
    for await (const row of (await full.rows.open(definition, [], [])).view.rows) all.push(row);
    expect(all).toHaveLength(EXPORT_PAGE_SIZE);
    expect(full.asked).toHaveLength(2);
    const empty = sourceOf(0);
    for await (const row of (await empty.rows.open(definition, [], [])).view.rows) throw new Error(`unexpected ${JSON.stringify(row)}`);
    expect(empty.asked).toHaveLength(1);
  });
});
