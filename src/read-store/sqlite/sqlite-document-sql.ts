import { InvalidQueryError, type Sort } from '../document-store.port.js';
import { isCollection, isField, type CheckedFilter, type CheckedQuery, type Scalar } from './document-store-input.js';

/*
 * The SQL of queries and index declarations. Every value is a bound parameter; only two
 * kinds of text are embedded, each checked here again, right where it is embedded:
 * - a field path, as the JSON path literal '$.a.b' (FIELD_PATTERN allows letters,
 *   digits, `_` and `.` only). It must be a literal: SQLite uses an expression index
 *   only when the query's expression is the index's, literal for literal.
 * - a collection name, as the name of its table `"collection/<name>"` and in its
 *   indexes' names (collectionTable): COLLECTION_PATTERN allows no quote and no `/`.
 *   Queries name the table as `documents`, so their plans read as before.
 *
 * Documents are SQLite's binary JSON (JSONB): json_extract and json_type read it as they
 * read text, without a parse; `json(doc)` gives the text back.
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

const TABLE_PREFIX = 'collection/';

/** The quoted name of a collection's table; the name is checked right here, where it is embedded. */
export function collectionTable(collection: string): string {
  if (!isCollection(collection)) throw new InvalidQueryError(`collection ${JSON.stringify(collection)} cannot be embedded in SQL`);
  return `"${TABLE_PREFIX}${collection}"`;
}

/**
 * A collection's table, created with its first write or index declaration. The same CHECK as
 * version 1's single table: a document is a JSON object (here JSONB: written through jsonb(?)).
 */
export function createTableSql(collection: string): string {
  return `CREATE TABLE IF NOT EXISTS ${collectionTable(collection)} (
    id  TEXT NOT NULL PRIMARY KEY,
    doc ANY  NOT NULL CHECK (typeof(doc) = 'blob' AND json_valid(doc, 8) AND json_type(doc) = 'object')
  ) STRICT`;
}

export function findSql(collection: string, query: CheckedQuery): FindSql {
  const params: SqlValue[] = [];
  const table = `${collectionTable(collection)} AS documents`;
  const where = query.where.length === 0 ? '' : ` WHERE ${query.where.map((filter) => `(${condition(filter, params)})`).join(' AND ')}`;
  const orderBy = [...query.orderBy.map(sortTerm), 'id ASC'].join(', ');
  return {
    items: `SELECT json(doc) AS doc FROM ${table}${where} ORDER BY ${orderBy} LIMIT ? OFFSET ?`,
    all: `SELECT json(doc) AS doc FROM ${table}${where} ORDER BY ${orderBy}`,
    count: `SELECT count(*) AS n FROM ${table}${where}`,
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

/**
 * One index per collection and field, `documents/<collection>/<field>` on the collection's
 * table: on (value, id), so a sort on that field with the id tie-break reads the index in
 * order. Dropped with the table.
 */
export function createIndexSql(collection: string, field: string): string {
  const table = collectionTable(collection);
  return `CREATE INDEX IF NOT EXISTS "documents/${collection}/${field}" ON ${table} (${value(field)}, id)`;
}
