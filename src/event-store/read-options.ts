import { InvalidReadOptionsError } from './event-store.errors.js';
import type { Direction, Position, ReadAllOptions, ReadStreamOptions } from './event-store.port.js';

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
}

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
  return { direction: checkedDirection, fromPosition, afterPosition, maxCount: maxCount(options.maxCount, DEFAULT_READ_ALL_PAGE) };
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
