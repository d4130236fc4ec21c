import { categoryOf } from '../shared/stream-category.js';
import { InvalidReadOptionsError } from './event-store.errors.js';
import type { Direction, Position, ReadAllOptions, ReadByStreamOptions, ReadStreamOptions, StreamCursor, SubscribeOptions } from './event-store.port.js';

export const DEFAULT_READ_ALL_PAGE = 1000;

export interface CheckedReadStream {
  readonly direction: Direction;
  readonly fromRevision: number | undefined;
  readonly maxCount: number;
}

export interface CheckedReadAll {
  readonly direction: Direction;
  readonly fromPosition: Position | undefined;
  /** Exclusive (forwards only); never set together with fromPosition. */
  readonly afterPosition: Position | undefined;
  readonly maxCount: number;
  /** Distinct category names, sorted; undefined: every stream. */
  readonly categories: readonly string[] | undefined;
}

export interface CheckedSubscribe {
  readonly afterPosition: Position;
  readonly categories: readonly string[] | undefined;
}

/** A stream category: what comes before the first `-` of a stream id (append-input.ts's alphabet, without `-`). */
const CATEGORY = /^[A-Za-z0-9][A-Za-z0-9_.:@]*$/;
const MAX_CATEGORIES = 20;
const MAX_CATEGORY_LENGTH = 200;

export function checkReadStreamOptions(options: ReadStreamOptions = {}): CheckedReadStream {
  const { fromRevision } = options;
  if (fromRevision !== undefined && !(Number.isSafeInteger(fromRevision) && fromRevision >= 0)) {
    throw new InvalidReadOptionsError('fromRevision must be a non-negative integer');
  }
  return { direction: direction(options.direction), fromRevision, maxCount: maxCount(options.maxCount, Number.MAX_SAFE_INTEGER) };
}

export function checkReadAllOptions(options: ReadAllOptions = {}): CheckedReadAll {
  const { fromPosition, afterPosition } = options;
  if (fromPosition !== undefined && !(typeof fromPosition === 'bigint' && fromPosition >= 0n)) {
    throw new InvalidReadOptionsError('fromPosition must be a non-negative bigint');
  }
  if (afterPosition !== undefined && !(typeof afterPosition === 'bigint' && afterPosition >= 0n)) {
    throw new InvalidReadOptionsError('afterPosition must be a non-negative bigint');
  }
  if (afterPosition !== undefined && fromPosition !== undefined) throw new InvalidReadOptionsError('give fromPosition or afterPosition, not both');
  const checkedDirection = direction(options.direction);
  if (afterPosition !== undefined && checkedDirection !== 'forwards') throw new InvalidReadOptionsError('afterPosition reads forwards only');
  return { direction: checkedDirection, fromPosition, afterPosition, maxCount: maxCount(options.maxCount, DEFAULT_READ_ALL_PAGE), categories: categories(options.categories) };
}

export function checkSubscribeOptions(options: SubscribeOptions = {}): CheckedSubscribe {
  const { afterPosition } = options;
  if (afterPosition !== undefined && !(typeof afterPosition === 'bigint' && afterPosition >= 0n)) {
    throw new InvalidReadOptionsError('afterPosition must be a non-negative bigint');
  }
  return { afterPosition: afterPosition ?? 0n, categories: categories(options.categories) };
}

export interface CheckedReadByStream {
  readonly categories: readonly string[];
  readonly toPosition: Position;
  readonly after: StreamCursor | undefined;
  readonly maxCount: number;
}

export function checkReadByStreamOptions(options: ReadByStreamOptions): CheckedReadByStream {
  const { toPosition, after } = (options ?? {}) as Partial<ReadByStreamOptions>;
  if (!(typeof toPosition === 'bigint' && toPosition >= 0n)) throw new InvalidReadOptionsError('toPosition must be a non-negative bigint');
  if (after !== undefined) {
    const { streamId, revision } = (after ?? {}) as Partial<StreamCursor>;
    if (typeof streamId !== 'string' || streamId.length === 0 || !(Number.isSafeInteger(revision) && (revision as number) >= 0)) {
      throw new InvalidReadOptionsError('after must be { streamId, revision } of an event (a non-empty stream id, a non-negative integer revision)');
    }
  }
  const checked = categories(options?.categories);
  if (checked === undefined) throw new InvalidReadOptionsError(`categories must be a list of 1 to ${MAX_CATEGORIES} category names`);
  return { categories: checked, toPosition, after, maxCount: maxCount(options.maxCount, DEFAULT_READ_ALL_PAGE) };
}

/** The stream ids of a category as a half-open range [from, to): the stream `<category>` and every `<category>-…` (stream ids use no character between `-` and `.`). */
export function categoryStreamRange(category: string): { readonly from: string; readonly to: string } {
  return { from: category, to: `${category}.` };
}

/** True when the stream is in one of the categories (always, without a filter). */
export function inCategories(streamId: string, categories: readonly string[] | undefined): boolean {
  return categories === undefined || categories.includes(categoryOf(streamId));
}

function categories(value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_CATEGORIES) {
    throw new InvalidReadOptionsError(`categories must be a list of 1 to ${MAX_CATEGORIES} category names`);
  }
  for (const name of value) {
    if (typeof name !== 'string' || name.length > MAX_CATEGORY_LENGTH || !CATEGORY.test(name)) {
      throw new InvalidReadOptionsError(`categories: ${JSON.stringify(name)} is no category (letters, digits and _ . : @, at most ${MAX_CATEGORY_LENGTH}, starting with a letter or digit; no "-")`);
    }
  }
  return [...new Set(value as string[])].sort();
}

function direction(value: unknown): Direction {
  if (value === undefined || value === 'forwards' || value === 'backwards') return value ?? 'forwards';
  throw new InvalidReadOptionsError('direction must be "forwards" or "backwards"');
}

function maxCount(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  throw new InvalidReadOptionsError('maxCount must be a positive integer');
}
