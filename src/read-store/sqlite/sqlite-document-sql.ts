import { InvalidQueryError, type Sort } from '../document-store.port.js';
import { isCollection, isField, type CheckedFilter, type CheckedQuery, type Scalar } from './document-store-input.js';

/*
 * The SQL of queries and index declarations. Every value is a bound parameter; only two
 * kinds of text are embedded, each checked here again, right where it is embedded:
 * - a field path, as the JSON path literal '$.a.b' (FIELD_PATTERN allows letters,
 *   digits, `_` and `.` only). It must be a literal: SQLite uses an expression index
 *   only when the query's expression is the index's, literal for literal.
 * - a collection name, in index DDL only (CREATE INDEX cannot take parameters);
 *   COLLECTION_PATTERN allows no quote. Queries bind the collection: SQLite still uses
 *   a partial index `WHERE collection = 'x'` for `collection = ?`, re-planning the
 *   statement when the bound value changes.
 *
 * json_extract gives JSON true/false as 1/0, JSON null and a missing field both as SQL
 * NULL, and numbers and strings as themselves, so every comparison with a string,
 * number or boolean also tests json_type: "1", 1 and true never equal each other, as in
 * MongoDB. The json_extract term comes first and matches the index; the json_type term
 * only filters what the index found.
 */

export type SqlValue = string | number;

export interface FindSql {
  /** Takes `params`, then LIMIT and OFFSET. */
  readonly items: string;
  /** Every match, in order: takes `params` only. */
  readonly all: string;
  readonly count: string;
  readonly params: readonly SqlValue[];
}

const COMPARISONS = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/**
 * The collection, marked as matching most rows: the statistics of the primary key
 * (collection, id) give the average rows per collection over all of them, few beside a large
 * collection, and sampled with analysis_limit the planner took `collection = ?` for more
 * selective than a filter on a declared field, walking the whole collection and sorting it
 * (a year of a 48,000-document register: 220-300 ms instead of 7). likelihood changes the
 * estimate only; the term still selects the collection's partial indexes.
 */
const COLLECTION_TERM = 'likelihood(collection = ?, 0.99)';

export function findSql(collection: string, query: CheckedQuery): FindSql {
  const params: SqlValue[] = [collection];
  const where = [COLLECTION_TERM, ...query.where.map((filter) => `(${condition(filter, params)})`)].join(' AND ');
  const orderBy = [...query.orderBy.map(sortTerm), 'id ASC'].join(', ');
  return {
    items: `SELECT doc FROM documents WHERE ${where} ORDER BY ${orderBy} LIMIT ? OFFSET ?`,
    all: `SELECT doc FROM documents WHERE ${where} ORDER BY ${orderBy}`,
    count: `SELECT count(*) AS n FROM documents WHERE ${where}`,
    params,
  };
}

function condition(filter: CheckedFilter, params: SqlValue[]): string {
  const { field } = filter;
  switch (filter.op) {
    case 'eq':
      return equals(field, filter.value, params);
    case 'ne':
      // NOT of a NULL is NULL; `IS NOT 1` also keeps documents where the field is missing.
      return `(${equals(field, filter.value, params)}) IS NOT 1`;
    case 'in':
      return oneOf(field, filter.value, params);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      params.push(filter.value);
      return `${value(field)} ${COMPARISONS[filter.op]} ? AND ${kind(field)} ${kindOf(filter.value)}`;
    case 'exists':
      // json_type is 'null' for a JSON null and SQL NULL only for a missing field.
      return `${kind(field)} ${filter.value ? 'IS NOT NULL' : 'IS NULL'}`;
    default: {
      const unhandled: never = filter;
      throw new InvalidQueryError(`unknown operator in ${JSON.stringify(unhandled)}`);
    }
  }
}

/** eq null: the field is JSON null or missing (as MongoDB's `{ field: null }`). */
function equals(field: string, expected: Scalar, params: SqlValue[]): string {
  if (expected === null) return `${value(field)} IS NULL`;
  if (expected === true) return `${value(field)} = 1 AND ${kind(field)} = 'true'`;
  if (expected === false) return `${value(field)} = 0 AND ${kind(field)} = 'false'`;
  params.push(expected);
  return `${value(field)} = ? AND ${kind(field)} ${kindOf(expected)}`;
}

function oneOf(field: string, values: readonly Scalar[], params: SqlValue[]): string {
  const alternatives: string[] = [];
  for (const group of [values.filter((v) => typeof v === 'string'), values.filter((v) => typeof v === 'number')]) {
    if (group.length === 0) continue;
    params.push(...group);
    alternatives.push(`${value(field)} IN (${group.map(() => '?').join(', ')}) AND ${kind(field)} ${kindOf(group[0] as SqlValue)}`);
  }
  for (const constant of [true, false, null]) {
    if (values.includes(constant)) alternatives.push(equals(field, constant, params));
  }
  return alternatives.length === 0 ? '0' : alternatives.map((alternative) => `(${alternative})`).join(' OR ');
}

function sortTerm({ field, direction }: Sort): string {
  return `${value(field)} ${direction === 'desc' ? 'DESC' : 'ASC'}`;
}

function kindOf(expected: SqlValue): string {
  return typeof expected === 'string' ? `= 'text'` : `IN ('integer', 'real')`;
}

function value(field: string): string {
  return `json_extract(doc, ${path(field)})`;
}

function kind(field: string): string {
  return `json_type(doc, ${path(field)})`;
}

function path(field: string): string {
  if (!isField(field)) throw new InvalidQueryError(`field ${JSON.stringify(field)} cannot be embedded in a JSON path`);
  return `'$.${field}'`;
}

const INDEX_PREFIX = 'documents/';

/** The prefix of the names of a collection's indexes, to find them all again. */
export function indexPrefix(collection: string): string {
  if (!isCollection(collection)) throw new InvalidQueryError(`collection ${JSON.stringify(collection)} cannot be embedded in SQL`);
  return `${INDEX_PREFIX}${collection}/`;
}

/**
 * One partial index per collection and field: on (value, id), so a sort on that field
 * with the id tie-break reads the index in order, and only the collection's own rows
 * pay for it on writes.
 */
export function createIndexSql(collection: string, field: string): string {
  const name = `${indexPrefix(collection)}${field}`;
  return `CREATE INDEX IF NOT EXISTS "${name}" ON documents (${value(field)}, id) WHERE collection = '${collection}'`;
}

/** Drops an index found under indexPrefix(collection); its name is checked before it is embedded. */
export function dropIndexSql(collection: string, name: string): string {
  const prefix = indexPrefix(collection);
  if (!name.startsWith(prefix) || !isField(name.slice(prefix.length))) throw new InvalidQueryError(`index ${JSON.stringify(name)} is not one of ${collection}`);
  return `DROP INDEX IF EXISTS "${name}"`;
}
