/**
 * Europe/Amsterdam wall-clock time for the breach-year generator, without a time-zone
 * library: the EU rule (summer time from the last Sunday of March to the last Sunday of
 * October, switching at 01:00 UTC) and the Dutch public holidays. Pure: every time comes in
 * as milliseconds since the epoch (UTC).
 */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A local calendar date (month 0-based, as in Date.UTC). */
export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export interface LocalTime extends LocalDate {
  /** Minutes since local midnight. */
  readonly minutes: number;
  /** 0 = Sunday … 6 = Saturday. */
  readonly weekday: number;
}

/** The moment (01:00 UTC) summer time starts or ends on the last Sunday of a month. */
function lastSundayAt0100Utc(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}

/** UTC+2 in summer time, UTC+1 otherwise. */
export function amsterdamOffsetMs(utcMs: number): number {
  const year = new Date(utcMs).getUTCFullYear();
  return utcMs >= lastSundayAt0100Utc(year, 2) && utcMs < lastSundayAt0100Utc(year, 9) ? 2 * HOUR : HOUR;
}

/** The UTC instant of a local wall-clock time (a time skipped by the spring change lands an hour off; harmless here). */
export function fromLocal(date: LocalDate, minutes: number): number {
  const naive = Date.UTC(date.year, date.month, date.day) + minutes * MINUTE;
  const guess = naive - amsterdamOffsetMs(naive - HOUR);
  return naive - amsterdamOffsetMs(guess);
}

export function toLocal(utcMs: number): LocalTime {
  const shifted = new Date(utcMs + amsterdamOffsetMs(utcMs));
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth(),
    day: shifted.getUTCDate(),
    minutes: shifted.getUTCHours() * 60 + shifted.getUTCMinutes(),
    weekday: shifted.getUTCDay(),
  };
}

/** The local date `days` after `date` (calendar arithmetic, no time zone involved). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const moved = new Date(Date.UTC(date.year, date.month, date.day + days));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth(), day: moved.getUTCDate() };
}

/** Start of the local calendar year (1 January 00:00 Amsterdam) as a UTC instant. */
export const yearStart = (year: number): number => fromLocal({ year, month: 0, day: 1 }, 0);

/** Easter Sunday (anonymous Gregorian algorithm). */
function easter(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31) - 1;
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { year, month, day };
}

const key = (date: LocalDate): string => `${date.year}-${date.month}-${date.day}`;
const holidayCache = new Map<number, ReadonlySet<string>>();

/** New Year, Easter Monday, King's Day, Ascension Day, Whit Monday, Christmas (both days). */
function holidays(year: number): ReadonlySet<string> {
  const cached = holidayCache.get(year);
  if (cached) return cached;
  const sunday = easter(year);
  const kingsDay = new Date(Date.UTC(year, 3, 27)).getUTCDay() === 0 ? 26 : 27;
  const days = [
    { year, month: 0, day: 1 },
    addDays(sunday, 1),
    { year, month: 3, day: kingsDay },
    addDays(sunday, 39),
    addDays(sunday, 50),
    { year, month: 11, day: 25 },
    { year, month: 11, day: 26 },
  ];
  const set = new Set(days.map(key));
  holidayCache.set(year, set);
  return set;
}

export function isWorkingDay(date: LocalDate): boolean {
  const weekday = new Date(Date.UTC(date.year, date.month, date.day)).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays(date.year).has(key(date));
}

/** Office hours of the privacy officers: 08:30–17:30 on working days. */
export const OFFICE_OPENS = 8 * 60 + 30;
export const OFFICE_CLOSES = 17 * 60 + 30;

export function isOfficeTime(utcMs: number): boolean {
  const local = toLocal(utcMs);
  return isWorkingDay(local) && local.minutes >= OFFICE_OPENS && local.minutes < OFFICE_CLOSES;
}

/**
 * The given moment when it falls in office hours, else the next opening of the office
 * plus `minutesAfterOpening` (a person starts the day with the backlog).
 */
export function nextOfficeTime(utcMs: number, minutesAfterOpening: number): number {
  if (isOfficeTime(utcMs)) return utcMs;
  const local = toLocal(utcMs);
  let date: LocalDate = local;
  if (!(isWorkingDay(local) && local.minutes < OFFICE_OPENS)) date = addDays(date, 1);
  while (!isWorkingDay(date)) date = addDays(date, 1);
  return fromLocal(date, OFFICE_OPENS + minutesAfterOpening);
}
