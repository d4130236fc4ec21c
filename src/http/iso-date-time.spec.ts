import { describe, expect, it } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { IsIsoDateTime, isIsoDateTimeWithOffset } from './iso-date-time.js';

class Timed {
  @IsIsoDateTime()
  at!: string;
}

const parse = (at: unknown) => {
  const instance = plainToInstance(Timed, { at });
  return { value: instance.at, errors: validateSync(instance).length };
};

describe('business times on the wire', () => {
  it.each([
    ['2026-03-01T10:15:30Z', '2026-03-01T10:15:30.000Z'],
    ['2026-03-01T10:15:30.123+01:00', '2026-03-01T09:15:30.123Z'],
    ['2026-03-01T10:15+01:00', '2026-03-01T09:15:00.000Z'],
    ['2026-10-25T02:30:00+02:00', '2026-10-25T00:30:00.000Z'],
    ['2024-02-29T23:59:59-05:00', '2024-03-01T04:59:59.000Z'],
    ['2026-03-01t10:15:30z', '2026-03-01T10:15:30.000Z'],
    ['2026-03-01T23:00:00+14:00', '2026-03-01T09:00:00.000Z'],
    ['2026-03-01T10:00:00-14:00', '2026-03-02T00:00:00.000Z'],
  ])('accepts %s and stores it as UTC %s', (input, utc) => {
    expect(parse(input)).toEqual({ value: utc, errors: 0 });
  });

  it.each([
    ['a local time without an offset', '2026-03-01T10:15:30'],
    ['a date without a time', '2026-03-01'],
    ['the 30th of February', '2026-02-30T10:00:00Z'],
    ['the 29th of February in a common year', '2026-02-29T10:00:00Z'],
    ['hour 24', '2026-03-01T24:00:00Z'],
    ['a leap second', '2026-03-01T23:59:60Z'],
    ['an offset without a colon', '2026-03-01T10:00:00+0100'],
    ['a year before 1900', '1850-03-01T10:00:00Z'],
    ['an offset beyond +14:00, which no time zone uses', '2026-03-01T10:00:00+14:01'],
    ['an offset beyond -14:00', '2026-03-01T10:00:00-15:00'],
    ['the largest offset RFC 3339 allows', '2026-03-01T10:00:00+23:59'],
    ['a number', 1_772_000_000_000],
    ['text', 'yesterday'],
    ['null', null],
  ])('refuses %s', (_name, input) => {
    expect(isIsoDateTimeWithOffset(input)).toBe(false);
    expect(parse(input).errors).toBe(1);
  });
});

describe('the calendar check', () => {
  it("takes exactly the days JavaScript's calendar has, month 00 to 13 and day 00 to 32, in leap, common and century years", () => {
    const pad = (n: number, width = 2) => String(n).padStart(width, '0');
    let checked = 0;
    for (const year of [1900, 1901, 1904, 1999, 2000, 2023, 2024, 2026, 2100, 2400, 9999]) {
      for (let month = 0; month <= 13; month += 1) {
        for (let day = 0; day <= 32; day += 1) {
          const calendar = new Date(Date.UTC(year, month - 1, day));
          const real = calendar.getUTCFullYear() === year && calendar.getUTCMonth() === month - 1 && calendar.getUTCDate() === day;
          expect([year, month, day, isIsoDateTimeWithOffset(`${pad(year, 4)}-${pad(month)}-${pad(day)}T12:00:00Z`)]).toEqual([year, month, day, real]);
          checked += 1;
        }
      }
    }
    expect(checked).toBe(11 * 14 * 33);
  });
});
