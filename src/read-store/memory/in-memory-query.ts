import type { JsonValue } from '../../shared/json.js';
import type { Document, Sort } from '../document-store.port.js';
import type { CheckedFilter, CheckedQuery, Scalar } from '../sqlite/document-store-input.js';

/*
 * The port's filter and sort semantics (src/read-store/README.md, "Queries") over plain
 * objects, written to answer exactly as the SQLite adapter's json_extract / json_type SQL
 * does, so a view run over the in-memory store gives the live view's answer: the
 * conformance suite runs against both.
 */

const MISSING = Symbol('missing');
type Found = JsonValue | typeof MISSING;

/** The value at a dotted path; missing when a step is absent or not an object (json_extract gives NULL through an array too). */
function valueAt(document: Document, field: string): Found {
  let current: JsonValue = document;
  for (const key of field.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current) || !Object.hasOwn(current, key)) return MISSING;
    current = (current as Document)[key] as JsonValue;
  }
  return current;
}

/** eq: null matches null or missing; otherwise the same JSON kind and value ("1", 1 and true differ). */
function equals(found: Found, expected: Scalar): boolean {
  if (expected === null) return found === null || found === MISSING;
  return typeof found === typeof expected && found === expected;
}

/** Strings by code point, as SQLite's BINARY collation compares UTF-8 (JavaScript's `<` compares UTF-16 units). */
export function compareText(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** Surrogates (code points above U+FFFF) sort after U+E000..U+FFFF. */
const codePointRank = (unit: number) => (unit >= 0xd800 && unit <= 0xdfff ? unit + 0x2000 : unit >= 0xe000 ? unit - 0x800 : unit);

function compared(found: Found, bound: string | number): number | undefined {
  if (typeof bound === 'number') return typeof found === 'number' ? found - bound : undefined;
  return typeof found === 'string' ? compareText(found, bound) : undefined;
}

export function matches(document: Document, filter: CheckedFilter): boolean {
  const found = valueAt(document, filter.field);
  switch (filter.op) {
    case 'eq':
      return equals(found, filter.value);
    case 'ne':
      return !equals(found, filter.value);
    case 'in':
      return filter.value.some((value) => equals(found, value));
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const order = compared(found, filter.value);
      if (order === undefined) return false;
      return filter.op === 'gt' ? order > 0 : filter.op === 'gte' ? order >= 0 : filter.op === 'lt' ? order < 0 : order <= 0;
    }
    case 'exists':
      return (found !== MISSING) === filter.value;
    default: {
      const unhandled: never = filter;
      throw new TypeError(`unknown operator in ${JSON.stringify(unhandled)}`);
    }
  }
}

/** SQLite's order of json_extract values: NULL (and missing), numbers (booleans as 0 and 1), then text (objects and arrays as their JSON). */
function compareValues(a: Found, b: Found): number {
  const [x, y] = [sortKey(a), sortKey(b)];
  if (x.rank !== y.rank) return x.rank - y.rank;
  if (typeof x.key === 'number' && typeof y.key === 'number') return x.key - y.key;
  return compareText(String(x.key), String(y.key));
}

function sortKey(found: Found): { rank: number; key: number | string | null } {
  if (found === MISSING || found === null) return { rank: 0, key: null };
  if (typeof found === 'boolean') return { rank: 1, key: found ? 1 : 0 };
  if (typeof found === 'number') return { rank: 1, key: found };
  return { rank: 2, key: typeof found === 'string' ? found : JSON.stringify(found) };
}

/** Each sort field in turn, then the id ascending, so paging is stable. */
function compareEntries(orderBy: readonly Sort[]) {
  return ([idA, a]: readonly [string, Document], [idB, b]: readonly [string, Document]): number => {
    for (const { field, direction } of orderBy) {
      const order = compareValues(valueAt(a, field), valueAt(b, field));
      if (order !== 0) return direction === 'desc' ? -order : order;
    }
    return compareText(idA, idB);
  };
}

/** Every document of a collection that matches the query's filters, in its order (limit and offset not applied). */
export function selected(documents: ReadonlyMap<string, Document>, query: Pick<CheckedQuery, 'where' | 'orderBy'>): Document[] {
  const matching = [...documents].filter(([, document]) => query.where.every((filter) => matches(document, filter)));
  return matching.sort(compareEntries(query.orderBy)).map(([, document]) => document);
}
