import { calculateObjectSize } from 'bson';
import { NotJsonError, jsonText, type JsonValue } from '../../shared/json.js';
import { InvalidLeaseError, InvalidQueryError, type FilterOperator, type Query, type Sort } from '../document-store.port.js';
import { InvalidCommitError } from './document-store.errors.js';

/*
 * Checks what callers hand the DocumentStore port, before any adapter touches storage.
 * Nothing here is SQLite-specific (the MongoDB adapter must refuse exactly the same
 * input), but field paths and collection names are also what the SQLite adapter embeds
 * in SQL text, so these patterns are its defence against injection: keep them strict.
 */

/** Dotted object keys only: no quotes, brackets, `$`, spaces or array indices. */
export const FIELD_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
/** No quotes and no `/` (index names are `documents/<collection>/<field>`), no `$` (MongoDB). */
export const COLLECTION_PATTERN = /^[A-Za-z0-9_.@-]{1,100}$/;
export const MAX_FIELD_LENGTH = 200;
export const MAX_ID_LENGTH = 1000;
export const MAX_PROJECTION_LENGTH = 200;
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
export const MAX_FILTERS = 32;
export const MAX_SORTS = 8;
export const MAX_IN_VALUES = 500;
/** Checkpoints are signed 64-bit integers in both SQLite and MongoDB. */
export const MAX_POSITION = 2n ** 63n - 1n;

export type Scalar = string | number | boolean | null;

export type CheckedFilter =
  | { readonly field: string; readonly op: 'eq' | 'ne'; readonly value: Scalar }
  | { readonly field: string; readonly op: 'in'; readonly value: readonly Scalar[] }
  | { readonly field: string; readonly op: 'gt' | 'gte' | 'lt' | 'lte'; readonly value: string | number }
  | { readonly field: string; readonly op: 'exists'; readonly value: boolean };

export interface CheckedQuery {
  readonly where: readonly CheckedFilter[];
  readonly orderBy: readonly Sort[];
  readonly limit: number;
  readonly offset: number;
}

export interface CheckedChange {
  readonly collection: string;
  readonly id: string;
  /** The document as JSON text; null deletes. */
  readonly json: string | null;
}

export interface CheckedCommit {
  readonly changes: readonly CheckedChange[];
  readonly projection: string;
  readonly from: bigint;
  readonly to: bigint;
  readonly at: string;
  /** Commit.fence, checked: absent when the commit has none. */
  readonly fence?: { readonly projection: string; readonly position: bigint };
}

type Refuse = (reason: string) => Error;
const refuseQuery: Refuse = (reason) => new InvalidQueryError(reason);
const refuseCommit: Refuse = (reason) => new InvalidCommitError(reason);

const OPERATORS: ReadonlySet<string> = new Set<FilterOperator>(['eq', 'ne', 'in', 'gt', 'gte', 'lt', 'lte', 'exists']);

export function isField(field: unknown): field is string {
  return typeof field === 'string' && field.length <= MAX_FIELD_LENGTH && FIELD_PATTERN.test(field);
}

export function isCollection(collection: unknown): collection is string {
  return typeof collection === 'string' && COLLECTION_PATTERN.test(collection);
}

export function checkCollection(collection: unknown, refuse: Refuse = refuseQuery): string {
  if (!isCollection(collection)) throw refuse(`collection name ${show(collection)} must match ${COLLECTION_PATTERN}`);
  return collection;
}

export function checkField(field: unknown): string {
  if (!isField(field)) throw new InvalidQueryError(`field ${show(field)} must be a dotted path of names matching ${FIELD_PATTERN}, at most ${MAX_FIELD_LENGTH} characters`);
  return field;
}

export function checkId(id: unknown, refuse: Refuse = refuseQuery): string {
  if (!isText(id) || id.length > MAX_ID_LENGTH) throw refuse(`id ${show(id)} must be a non-empty string of at most ${MAX_ID_LENGTH} characters`);
  return id;
}

export function checkProjection(projection: unknown, refuse: Refuse = refuseQuery): string {
  if (!isText(projection) || projection.length > MAX_PROJECTION_LENGTH) {
    throw refuse(`projection name ${show(projection)} must be a non-empty string of at most ${MAX_PROJECTION_LENGTH} characters`);
  }
  return projection;
}

export function checkFields(fields: unknown): readonly string[] {
  if (!Array.isArray(fields)) throw new InvalidQueryError('fields must be an array');
  return fields.map(checkField);
}

export function checkQuery(query: unknown): CheckedQuery {
  if (query === undefined) return { where: [], orderBy: [], limit: DEFAULT_LIMIT, offset: 0 };
  const { where = [], orderBy = [], limit = DEFAULT_LIMIT, offset = 0 } = plainObject(query, 'query', ['where', 'orderBy', 'limit', 'offset']) as Query;
  if (!Array.isArray(where) || where.length > MAX_FILTERS) throw new InvalidQueryError(`where must be an array of at most ${MAX_FILTERS} filters`);
  if (!Array.isArray(orderBy) || orderBy.length > MAX_SORTS) throw new InvalidQueryError(`orderBy must be an array of at most ${MAX_SORTS} sorts`);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new InvalidQueryError(`limit ${show(limit)} must be an integer from 1 to ${MAX_LIMIT}`);
  if (!Number.isSafeInteger(offset) || offset < 0) throw new InvalidQueryError(`offset ${show(offset)} must be a non-negative integer`);
  return { where: where.map(checkFilter), orderBy: orderBy.map(checkSort), limit, offset };
}

function checkFilter(filter: unknown): CheckedFilter {
  const { field, op, value } = plainObject(filter, 'a filter', ['field', 'op', 'value']) as { field: unknown; op: unknown; value: unknown };
  checkField(field);
  const at = `filter on ${field as string}`;
  if (typeof op !== 'string' || !OPERATORS.has(op)) throw new InvalidQueryError(`${at}: unknown operator ${show(op)}`);
  const operator = op as FilterOperator;
  switch (operator) {
    case 'eq':
    case 'ne':
      return { field: field as string, op: operator, value: scalar(value, at) };
    case 'in':
      if (!Array.isArray(value) || value.length > MAX_IN_VALUES) throw new InvalidQueryError(`${at}: "in" needs an array of at most ${MAX_IN_VALUES} values`);
      return { field: field as string, op: operator, value: value.map((item) => scalar(item, at)) };
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const bound = scalar(value, at);
      if (typeof bound !== 'string' && typeof bound !== 'number') throw new InvalidQueryError(`${at}: "${operator}" compares with a string or a number`);
      return { field: field as string, op: operator, value: bound };
    }
    case 'exists':
      if (typeof value !== 'boolean') throw new InvalidQueryError(`${at}: "exists" needs true or false`);
      return { field: field as string, op: operator, value };
    default: {
      const unhandled: never = operator;
      throw new InvalidQueryError(`unknown operator ${show(unhandled)}`);
    }
  }
}

function checkSort(sort: unknown): Sort {
  const { field, direction } = plainObject(sort, 'a sort', ['field', 'direction']) as { field: unknown; direction: unknown };
  checkField(field);
  if (direction !== 'asc' && direction !== 'desc') throw new InvalidQueryError(`sort on ${field as string}: direction must be "asc" or "desc"`);
  return { field: field as string, direction };
}

/** Filters compare scalars: a finite number, a well-formed string, a boolean or null. */
function scalar(value: unknown, at: string): Scalar {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.isWellFormed()) return value;
  throw new InvalidQueryError(`${at}: ${show(value)} is not a string, finite number, boolean or null`);
}

export function checkCommit(commit: unknown): CheckedCommit {
  const { changes, ...head } = checkCommitHead(commit);
  return { changes: changes.map(checkChange), ...head };
}

/** A commit's checkpoint and time checked, and its changes as given (each for `checkChange`). */
export function checkCommitHead(commit: unknown): Omit<CheckedCommit, 'changes'> & { readonly changes: readonly unknown[] } {
  const { changes, checkpoint, at, fence } = plainObject(commit, 'the commit', ['changes', 'checkpoint', 'at', 'fence'], refuseCommit) as Record<string, unknown>;
  const { projection, from, to } = plainObject(checkpoint, 'the checkpoint', ['projection', 'from', 'to'], refuseCommit) as Record<string, unknown>;
  checkProjection(projection, refuseCommit);
  if (typeof from !== 'bigint' || typeof to !== 'bigint' || from < 0n || to < from || to > MAX_POSITION) {
    throw new InvalidCommitError(`checkpoint must move from a bigint to one not before it, within 0..${MAX_POSITION} (from ${show(from)}, to ${show(to)})`);
  }
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) throw new InvalidCommitError(`at ${show(at)} must be an ISO-8601 time`);
  if (!Array.isArray(changes)) throw new InvalidCommitError('changes must be an array');
  if (fence === undefined) return { changes, projection: projection as string, from, to, at };
  return { changes, projection: projection as string, from, to, at, fence: checkFence(fence, projection as string) };
}

/** A commit's fence: another projection's checkpoint, at a position within 0..MAX_POSITION. */
function checkFence(fence: unknown, projection: string): { readonly projection: string; readonly position: bigint } {
  const { projection: fenced, position } = plainObject(fence, 'the fence', ['projection', 'position'], refuseCommit) as Record<string, unknown>;
  checkProjection(fenced, refuseCommit);
  if (fenced === projection) throw new InvalidCommitError(`the fence must be another projection's checkpoint than the one the commit moves (${show(fenced)})`);
  if (typeof position !== 'bigint' || position < 0n || position > MAX_POSITION) throw new InvalidCommitError(`the fence's position must be a bigint within 0..${MAX_POSITION} (${show(position)})`);
  return { projection: fenced as string, position };
}

export function checkChange(change: unknown): CheckedChange {
  const { collection, id, document } = plainObject(change, 'a change', ['collection', 'id', 'document'], refuseCommit) as Record<string, unknown>;
  checkCollection(collection, refuseCommit);
  checkId(id, refuseCommit);
  if (document === null) return { collection: collection as string, id: id as string, json: null };
  if (typeof document !== 'object' || Array.isArray(document)) {
    throw new InvalidCommitError(`document ${collection as string}/${id as string} must be a JSON object or null`);
  }
  let json: string;
  try {
    // Refuses what JSON.stringify would silently change (undefined, Dates, NaN...), so a
    // document reads back exactly as it was put, whichever adapter stores it. One walk checks
    // and writes the text (a rebuild puts thousands of documents a second).
    json = jsonText(document);
  } catch (error) {
    if (error instanceof NotJsonError) throw new InvalidCommitError(`document ${collection as string}/${id as string} is not JSON: ${error.message}`);
    throw error;
  }
  // BSON keys end at a NUL: MongoDB refuses such a key, and would refuse it on every retry.
  // (JSON writes a NUL as \u0000: only then is the document walked.)
  const key = json.includes('\\u0000') ? keyWithNul(JSON.parse(json) as JsonValue) : undefined;
  if (key !== undefined) throw new InvalidCommitError(`document ${collection as string}/${id as string} has a key with a NUL character (${show(key)})`);
  // MongoDB stores a document as { _id, doc } in BSON, at most 16 MiB; every engine keeps to
  // that, so a projection behaves the same on each. BSON can be larger than the JSON (arrays
  // carry their indexes as keys, a small integer takes four bytes): at most about 7 times its
  // UTF-8 bytes, which are at most 3 per JSON character. So only a document of more than
  // 1/32 of the limit in JSON characters can exceed it, and only such a one is measured.
  if (json.length > MAX_DOCUMENT_BYTES / 32) {
    const bytes = calculateObjectSize({ _id: id, doc: JSON.parse(json) as JsonValue });
    if (bytes > MAX_DOCUMENT_BYTES) {
      throw new InvalidCommitError(`document ${collection as string}/${id as string} is ${bytes} bytes as BSON; a read-model document may be at most ${MAX_DOCUMENT_BYTES}`);
    }
  }
  return { collection: collection as string, id: id as string, json };
}

/** MongoDB's limit on one document (BSON). */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

function keyWithNul(value: JsonValue): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = keyWithNul(item);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return key;
    const found = keyWithNul(item);
    if (found !== undefined) return found;
  }
  return undefined;
}

function plainObject(value: unknown, what: string, keys: readonly string[], refuse: Refuse = refuseQuery): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw refuse(`${what} must be an object`);
  const unknown = Object.keys(value).find((key) => !keys.includes(key));
  if (unknown !== undefined) throw refuse(`${what} has an unknown property ${show(unknown)}`);
  return value as Record<string, unknown>;
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.isWellFormed();
}

function show(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

const refuseLease: Refuse = (reason) => new InvalidLeaseError(reason);
/** Longest lease: a day (a longer one would outlive any holder worth waiting for). */
const MAX_LEASE_TTL_MS = 86_400_000;

/** A lease's name and holder are texts like a projection's name. */
export function checkLease(name: unknown, holder: unknown): void {
  checkProjection(name, (reason) => refuseLease(reason.replace('projection name', 'lease name')));
  checkProjection(holder, (reason) => refuseLease(reason.replace('projection name', 'holder')));
}

/** A lease's ttl is a positive whole number of ms; now a valid Date. */
export function checkLeaseTerm(ttlMs: unknown, now: unknown): void {
  if (!Number.isInteger(ttlMs) || (ttlMs as number) < 1 || (ttlMs as number) > MAX_LEASE_TTL_MS) {
    throw refuseLease(`ttlMs ${show(ttlMs)} must be an integer from 1 to ${MAX_LEASE_TTL_MS}`);
  }
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw refuseLease(`now ${show(now)} must be a valid Date`);
}
