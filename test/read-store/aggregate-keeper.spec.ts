import { describe, expect, it } from '@jest/globals';
import { aggregatesOf, type AggregateDocument } from '../../projections/projection-aggregates.js';
import type { ProjectionAggregates } from '../../projections/projection.js';
import { AggregateKeeper, KEPT_AGGREGATES } from '../../src/read-store/aggregate-keeper.js';
import { InMemoryDocumentStore } from '../../src/read-store/memory/in-memory-document-store.js';

/**
 * The aggregates a runner keeps in memory: at most KEPT_AGGREGATES of them, the ones last
 * written or read, and the sums it writes the same whether an aggregate was kept or read back.
 */

type Row = { id: string; month: string; weight: number };

/** A count per month, the rows' weights, and a key per row (as the register's hours are). */
const perMonth: ProjectionAggregates<Row> = {
  contributions: (row) => [{ id: row.month, counts: { rows: 1, weight: row.weight, [`row-${row.id}`]: 1 } }],
};

const collection = 'rows.v1@1';
const month = (n: number) => `${2000 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;

/** Commits a batch with the keeper's changes, as a runner does; the checkpoint moves by one. */
async function commitBatch(store: InMemoryDocumentStore, keeper: AggregateKeeper<Row>, rows: Map<string, Row | null>, from: bigint): Promise<bigint> {
  const { changes, committed } = await keeper.changes(rows, from);
  const documents = [...rows].map(([id, document]) => ({ collection, id, document }));
  await store.commit({ changes: [...documents, ...changes], checkpoint: { projection: collection, from, to: from + 1n }, at: '2026-12-07T00:00:00.000Z' });
  committed();
  return from + 1n;
}

async function storedAggregates(store: InMemoryDocumentStore): Promise<AggregateDocument[]> {
  return (await store.findAll<AggregateDocument>(`${collection}.aggregates`)).filter((aggregate) => aggregate.id !== 'built-from-start').sort((a, b) => a.id.localeCompare(b.id));
}

describe('AggregateKeeper', () => {
  it('keeps at most KEPT_AGGREGATES aggregates in memory, and its sums match the documents whether an aggregate was kept or read back', async () => {
    const store = new InMemoryDocumentStore();
    const keeper = new AggregateKeeper(perMonth, collection, store);
    const months = KEPT_AGGREGATES * 3;
    const rows = new Map<string, Row>();
    let position = 0n;
    // A row in every month, in batches of ten months: far more aggregates than are kept.
    for (let start = 0; start < months; start += 10) {
      const batch = new Map<string, Row | null>();
      for (let n = start; n < Math.min(months, start + 10); n += 1) {
        const row = { id: `r${n}`, month: month(n), weight: n };
        keeper.noteBefore(row.id, false, undefined);
        batch.set(row.id, row);
        rows.set(row.id, row);
      }
      position = await commitBatch(store, keeper, batch, position);
      expect(keeper.keptCount).toBeLessThanOrEqual(KEPT_AGGREGATES);
    }
    // Change rows of the oldest months (long let go) and of the newest (kept), and delete one.
    const changed = new Map<string, Row | null>();
    for (const n of [0, 1, months - 1]) {
      const before = rows.get(`r${n}`) as Row;
      keeper.noteBefore(before.id, false, before);
      const after = { ...before, weight: before.weight + 1000, month: n === 1 ? month(months - 2) : before.month };
      changed.set(after.id, after);
      rows.set(after.id, after);
    }
    const gone = rows.get('r5') as Row;
    keeper.noteBefore(gone.id, false, gone);
    changed.set(gone.id, null);
    rows.delete(gone.id);
    await commitBatch(store, keeper, changed, position);
    expect(keeper.keptCount).toBeLessThanOrEqual(KEPT_AGGREGATES);
    const expected = [...aggregatesOf(perMonth, rows.values()).values()].sort((a, b) => a.id.localeCompare(b.id));
    expect(await storedAggregates(store)).toEqual(expected);
  });
});
