import type { LateReasonCode } from '../src/breaches/breach.events.js';
import { LATE_REASON_CODES } from '../src/breaches/breach.rules.js';
import type { BreachRegisterRow } from './breach-register.js';
import { dienstenOf } from './per-dienst.js';
import { amsterdamYearMonth, type AmsterdamYearMonth } from './stream.js';

/**
 * Two cross tables of a year's breaches for the FG's annual report and its charts: the
 * breaches per month, and the reasons of the late reports per dienst. A breach belongs to
 * the month (and year) of its awareAt in Europe/Amsterdam, as everywhere in the figures; a
 * report counts as on time or late as in breach-reports.ts (the first filing).
 */

/** Each month's text, made once: the aggregates ask it for every document a commit changes. */
const monthIds = new WeakMap<AmsterdamYearMonth, string>();

/** `YYYY-MM` of an instant in Europe/Amsterdam. */
export function amsterdamMonth(time: string): string {
  const yearMonth = amsterdamYearMonth(time);
  let id = monthIds.get(yearMonth);
  if (id === undefined) monthIds.set(yearMonth, (id = `${yearMonth.year}-${String(yearMonth.month).padStart(2, '0')}`));
  return id;
}

export type MonthFigures = {
  /** `YYYY-MM`. */
  readonly month: string;
  readonly registered: number;
  readonly reported: number;
  readonly reportedOnTime: number;
  readonly reportedLate: number;
  readonly notReportable: number;
};

/** The twelve months of the year, each with the breaches that became known in it (zero months too). */
export function breachesPerMonth(rows: readonly BreachRegisterRow[], year: number): MonthFigures[] {
  // One pass sorts the year's rows into their months (not twelve passes over all of them).
  const byMonth = new Map<string, BreachRegisterRow[]>();
  for (const row of rows) {
    if (row.year !== year) continue;
    const month = amsterdamMonth(row.awareAt);
    const inMonth = byMonth.get(month);
    if (inMonth === undefined) byMonth.set(month, [row]);
    else inMonth.push(row);
  }
  return Array.from({ length: 12 }, (_, index) => {
    const month = `${year}-${String(index + 1).padStart(2, '0')}`;
    const inMonth = byMonth.get(month) ?? [];
    const reported = inMonth.filter((row) => row.reportedAt !== null);
    return {
      month,
      registered: inMonth.length,
      reported: reported.length,
      reportedOnTime: reported.filter((row) => row.late === false).length,
      reportedLate: reported.filter((row) => row.late === true).length,
      notReportable: inMonth.filter((row) => row.reportingStatus === 'not-reportable').length,
    };
  });
}

export type LateReasonCounts = { readonly [C in LateReasonCode | 'no-reason']: number };

export type DienstLateReasons = { readonly dienst: string; readonly reportedLate: number; readonly byReason: LateReasonCounts };

/** Per dienst (the configured ones, zero counts too, then any other with a late report): its late reports by reason code. */
export function lateReasonsPerDienst(rows: readonly BreachRegisterRow[], year: number, diensten: readonly string[]): DienstLateReasons[] {
  const late = rows.filter((row) => row.year === year && row.reportedAt !== null && row.late === true);
  return dienstenOf(late, diensten).map((dienst) => {
    const ofDienst = late.filter((row) => row.dienst === dienst);
    const byReason = Object.fromEntries([...LATE_REASON_CODES, 'no-reason'].map((code) => [code, ofDienst.filter((row) => (row.lateReasonCode ?? 'no-reason') === code).length]));
    return { dienst, reportedLate: ofDienst.length, byReason: byReason as LateReasonCounts };
  });
}
