import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * RFC 3339 date-time: seconds and fraction optional, offset mandatory (Z or ±hh:mm), at most
 * ±14:00: RFC 3339 allows up to ±23:59, but no time zone is further from UTC (Kiribati, +14:00),
 * so a larger offset is a typing error, not a moment.
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?([Zz]|[+-](\d{2}):(\d{2}))$/;

/** Days in each month of a common year; February gets one more in a leap year. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Whether a string is a real moment written with its offset (no "local time" guessing). */
export function isIsoDateTimeWithOffset(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE_TIME.exec(value);
  if (!match) return false;
  // Checked on every date-time field of every command (validated, then normalised): plain
  // arithmetic on the parts, no Date and no arrays made per call.
  const y = Number(match[1]);
  const mo = Number(match[2]);
  const d = Number(match[3]);
  const s = match[6] === undefined ? 0 : Number(match[6]);
  const offsetHours = match[8] === undefined ? 0 : Number(match[8]);
  const offsetMinutes = match[9] === undefined ? 0 : Number(match[9]);
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const realDate = mo >= 1 && mo <= 12 && d >= 1 && d <= (MONTH_DAYS[mo - 1] as number) + (mo === 2 && leap ? 1 : 0);
  return y >= 1900 && realDate && Number(match[4]) <= 23 && Number(match[5]) <= 59 && s <= 59 && offsetMinutes <= 59 && offsetHours * 60 + offsetMinutes <= 14 * 60;
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
