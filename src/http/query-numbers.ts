import { applyDecorators, type PipeTransform } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min, ValidateBy, type ValidationOptions } from 'class-validator';
import { RequestValidationError } from './request-errors.js';

/**
 * The largest log position any engine stores: SQLite's INTEGER and MongoDB's Long are signed
 * 64-bit (EventStoreDB's unsigned commit positions never reach it). A larger one would make the
 * driver throw a RangeError, a 500; it is refused as the request's fault instead.
 */
export const MAX_POSITION = 2n ** 63n - 1n;

const DECIMAL = /^\d{1,19}$/;

/** Whether a value is a position as the wire writes it: a decimal string from 0 to MAX_POSITION. */
export function isPosition(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL.test(value) && BigInt(value) <= MAX_POSITION;
}

/** A log position in a query string (kept a string: positions are bigints). */
export function IsPosition(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPosition',
      validator: {
        validate: (value) => isPosition(value),
        defaultMessage: (args) => `${args?.property ?? 'value'} must be a position: an integer from 0 to ${MAX_POSITION}`,
      },
    },
    options,
  );
}

/**
 * A whole number in a query string or path, from `min` to `max` (at most Number.MAX_SAFE_INTEGER).
 * Only plain decimal digits become a number: "1e3", "0x10", " 5" or "" stay strings for IsInt to
 * refuse, where class-transformer's Number() would have read them as 1000, 16, 5 and 0.
 */
export function QueryInteger(min: number, max: number = Number.MAX_SAFE_INTEGER): PropertyDecorator {
  return applyDecorators(Transform(({ value }: { value: unknown }) => toInteger(value)), IsInt(), Min(min), Max(max));
}

/** The number a query string or path segment spells in decimal digits; anything else unchanged, for the validators to refuse. */
export function toInteger(value: unknown): unknown {
  return typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value;
}

/** A whole-number path segment (`:treeSize`), from `min` to `max`; else 400 validation-failed at its name. */
export class IntegerParamPipe implements PipeTransform<string, number> {
  constructor(
    private readonly name: string,
    private readonly min: number,
    private readonly max: number = Number.MAX_SAFE_INTEGER,
  ) {}

  transform(value: string): number {
    const integer = toInteger(value);
    if (typeof integer === 'number' && integer >= this.min && integer <= this.max) return integer;
    throw new RequestValidationError([{ pointer: `/${this.name}`, message: `${this.name} must be an integer from ${this.min} to ${this.max}` }]);
  }
}
