import type { JsonObject } from '../src/shared/json.js';
import type { AggregateCounts, ProjectionAggregates } from './projection.js';

/**
 * The arithmetic of a projection's aggregates (ProjectionDefinition.aggregates): when a
 * document changes from `before` to `after`, each aggregate it contributes to moves by
 * after's counts minus before's. Counts are whole numbers, so the sums are exact in any order,
 * and a live-built aggregate equals the one a rebuild gives. A key whose sum is 0 is dropped
 * and an aggregate with no key left is deleted, so both hold the same keys too.
 */

/** An aggregate as stored: the sums by key. */
export type AggregateDocument = { readonly id: string; readonly counts: AggregateCounts };

/** Where a generation's aggregates are kept: beside its documents, never among them (a query of the documents never sees them). */
export function aggregatesCollection(collection: string): string {
  return `${collection}.aggregates`;
}

/** The id of the mark that a generation's aggregates were kept from its first commit on (see AggregateKeeper). */
export const AGGREGATES_COMPLETE = 'built-from-start';

/** Per aggregate id, the change of each count (zero changes left out). */
export type AggregateDeltas = Map<string, Map<string, number>>;

/**
 * Values made once per pair of texts: the keys of the aggregates. The same few keys (a figure
 * of a dienst, an incident kind, a data category) recur in every document a commit changes,
 * and making their JSON text and hashing a new string each time costs more than the counting.
 * Bounded (emptied when full): a member may be free text, such as a data category.
 */
export class PairMemo<V> {
  private readonly byFirst = new Map<string, Map<string, V>>();
  private size = 0;

  constructor(
    private readonly make: (first: string, second: string) => V,
    private readonly max = 65_536,
  ) {}

  get(first: string, second: string): V {
    let bySecond = this.byFirst.get(first);
    let value = bySecond?.get(second);
    if (value !== undefined) return value;
    if (this.size >= this.max) {
      this.byFirst.clear();
      this.size = 0;
      bySecond = undefined;
    }
    if (bySecond === undefined) this.byFirst.set(first, (bySecond = new Map()));
    value = this.make(first, second);
    bySecond.set(second, value);
    this.size += 1;
    return value;
  }
}

/**
 * The keys `[group, member, figure]` and `[group, member, 'ms', value]` of one group and member
 * as JSON text, the member's text made once (a figure is a plain name, needing no escapes).
 */
export class MemberKeys {
  private readonly figures = new Map<string, string>();
  private readonly prefix: string;

  constructor(group: string, member: string | readonly string[]) {
    this.prefix = `${JSON.stringify([group, member]).slice(0, -1)},"`;
  }

  figure(figure: string): string {
    let text = this.figures.get(figure);
    if (text === undefined) this.figures.set(figure, (text = `${this.prefix}${figure}"]`));
    return text;
  }

  ms(value: number): string {
    return `${this.prefix}ms",${value}]`;
  }
}

/** Adds `sign` times the document's contributions to `deltas`. */
export function addContributions<D extends JsonObject>(deltas: AggregateDeltas, contributions: ProjectionAggregates<D>['contributions'], document: D | null | undefined, sign: 1 | -1): void {
  if (document === null || document === undefined) return;
  for (const { id, counts } of contributions(document)) {
    let delta = deltas.get(id);
    if (delta === undefined) deltas.set(id, (delta = new Map()));
    for (const key in counts) {
      const count = counts[key] as number;
      if (!Number.isSafeInteger(count)) throw new TypeError(`aggregate ${id} count ${key} is not a whole number: ${count}`);
      const sum = (delta.get(key) ?? 0) + sign * count;
      if (sum === 0) delta.delete(key);
      else delta.set(key, sum);
    }
  }
}

/** The aggregate after the deltas; null when no count is left (the document is deleted). */
export function applyDelta(id: string, current: AggregateDocument | undefined, delta: ReadonlyMap<string, number>): AggregateDocument | null {
  const counts: Record<string, number> = { ...(current?.counts ?? {}) };
  for (const [key, change] of delta) {
    const sum = (counts[key] ?? 0) + change;
    if (sum === 0) delete counts[key];
    else counts[key] = sum;
  }
  // The same sums, however they were reached (the keys' order in the text means nothing).
  for (const _key in counts) return { id, counts };
  return null;
}

/** The aggregates of a whole set of documents at once (what a rebuild ends with; also how tests check the live ones). */
export function aggregatesOf<D extends JsonObject>(aggregates: ProjectionAggregates<D>, documents: Iterable<D>): Map<string, AggregateDocument> {
  const deltas: AggregateDeltas = new Map();
  for (const document of documents) addContributions(deltas, (document: D) => aggregates.contributions(document), document, 1);
  const result = new Map<string, AggregateDocument>();
  for (const [id, delta] of deltas) {
    const aggregate = applyDelta(id, undefined, delta);
    if (aggregate !== null) result.set(id, aggregate);
  }
  return result;
}
