import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * RFC 3339 date-time: seconds and fraction optional, offset mandatory (Z or ±hh:mm), at most
 * ±14:00: RFC 3339 allows up to ±23:59, but no time zone is further from UTC (Kiribati, +14:00),
 * so a larger offset is a typing error, not a moment.
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?([Zz]|[+-](\d{2}):(\d{2}))$/;

/** Whether a string is a real moment written with its offset (no "local time" guessing). */
export function isIsoDateTimeWithOffset(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE_TIME.exec(value);
  if (!match) return false;
  const [, year, month, day, hour, minute, second = '0', , offsetHours = '0', offsetMinutes = '0'] = match.map((part) => part ?? undefined);
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number) as [number, number, number, number, number, number];
  const calendar = new Date(Date.UTC(y, mo - 1, d));
  const realDate = calendar.getUTCFullYear() === y && calendar.getUTCMonth() === mo - 1 && calendar.getUTCDate() === d;
  return y >= 1900 && realDate && h <= 23 && mi <= 59 && s <= 59 && Number(offsetMinutes) <= 59 && Number(offsetHours) * 60 + Number(offsetMinutes) <= 14 * 60;
}

/**
 * A business time on the wire: ISO-8601 with an offset; stored and passed on as UTC
 * (`toISOString`, millisecond precision). Only a valid value is normalised, so an invalid
 * one still reaches the validator and is refused.
 */
export function IsIsoDateTime(options?: ValidationOptions): PropertyDecorator {
  const validate = ValidateBy(
    {
      name: 'isIsoDateTimeWithOffset',
      validator: {
        validate: (value) => isIsoDateTimeWithOffset(value),
        defaultMessage: (args) => `${args?.property ?? 'value'} must be an ISO-8601 date-time with an offset, e.g. 2026-03-01T14:30:00+01:00`,
      },
    },
    options,
  );
  const normalise = Transform(({ value }: { value: unknown }) => (isIsoDateTimeWithOffset(value) ? new Date(value).toISOString() : value));
  return (target, key) => {
    normalise(target, key);
    validate(target, key);
  };
}
