import { REGIMES, type LateReasonCode, type Regime } from '../src/breaches/breach.events.js';
import { VOCABULARIES } from '../src/labels/labels.js';
import { compareText, dienstenOf } from './per-dienst.js';
import { clockStart, elapsedHours, isLateReport, isLateWithoutValidExcuse, LATE_REASON_CODES, LATE_REASONS, verdictContradictsAp, type ApView } from '../src/breaches/breach.rules.js';
import type { BreachRegisterRow } from './breach-register.js';
import { oneDecimal } from './breach-stream.js';
import type { LateReasonVerdictView } from './breach-summary.js';
import type { BreachTimeline } from './breach-timeline.js';
import type { EventRef } from './stream.js';

/**
 * The questions the FG and the AP ask of the register (docs/domain.md "Figures the FG reports
 * each year", "The 72-hour clock"), as pure functions of register rows. They run at query
 * time: a year's rows are few, and whatever depends on the clock (at risk, overdue) can
 * only be judged with the `now` of the question, never stored.
 *
 * What counts:
 * - A breach belongs to the year of its awareAt in Europe/Amsterdam (the row's `year`).
 * - "Reported" means filed with the AP: the first filing, preliminary or final. A report
 *   withdrawn later was still filed, and still on time or late; withdrawals are counted
 *   besides it, not subtracted from it.
 * - Imported history counts like any other; only it can be late without a recorded reason.
 * - A re-filing after a withdrawal changes no lateness: the first filing decides it.
 * - "Late without a valid excuse" (isLateWithoutValidExcuse): a code the AP does not accept,
 *   a case-by-case reason the FG did not accept, or no reason at all.
 */

export type ApViewOrNone = ApView | 'no-reason';
const AP_VIEWS: readonly ApViewOrNone[] = ['accepted', 'not-accepted', 'case-by-case', 'no-reason'];
export type ApViewCounts = { readonly [V in ApViewOrNone]: number };

/* ---------------------------------------------------------------- late reporting */

export type LateReportLine = {
  readonly breachId: string;
  readonly title: string;
  readonly dienst: string;
  readonly awareAt: string;
  readonly deadline: string;
  readonly reportedAt: string;
  readonly hoursToReport: number;
  readonly lateReasonCode: LateReasonCode | null;
  readonly lateReasonLabel: string | null;
  readonly explanation: string | null;
  readonly apView: ApViewOrNone;
  readonly verdict: LateReasonVerdictView | null;
  readonly withdrawn: boolean;
  readonly imported: boolean;
  readonly regime: Regime;
  /** Late with a code the AP does not accept, a case-by-case reason the FG did not accept, or no reason. */
  readonly withoutValidExcuse: boolean;
  /** The FG accepted a reason the AP does not accept: flagged, the AP will not follow it. */
  readonly verdictContradictsAp: boolean;
  /** Where the line's facts are recorded (added when the report is served with the timelines at hand). */
  readonly events?: LateReportEvidence;
};

export type LateReportingReport = {
  readonly year: number;
  readonly reportedLate: number;
  /** Every reason code, in the order of LATE_REASONS, with zero counts too. */
  readonly byReason: readonly { readonly code: LateReasonCode; readonly label: string; readonly apView: ApView; readonly count: number }[];
  readonly byApView: ApViewCounts;
  /** Late with a code the AP does not accept + late where the FG did not accept a case-by-case reason + late without a reason. */
  readonly lateWithoutValidExcuse: number;
  /** FG verdicts that accept a reason the AP does not accept. */
  readonly verdictsContradictingAp: number;
  /** The given diensten (zero counts too), then any other dienst with a late report, by name. */
  readonly byDienst: readonly { readonly dienst: string; readonly reportedLate: number; readonly lateWithoutValidExcuse: number; readonly byApView: ApViewCounts }[];
  /** AVG and Wpg apart. */
  readonly byRegime: readonly { readonly regime: Regime; readonly reportedLate: number; readonly lateWithoutValidExcuse: number; readonly byApView: ApViewCounts }[];
  /** By awareAt, then breach id. */
  readonly lateReports: readonly LateReportLine[];
  /** Late without any recorded reason: only imported history can be. */
  readonly withoutReason: readonly LateReportLine[];
};

/** Why the year's late reports were late, and what the AP and the FG think of the reasons. */
export function lateReportingReport(rows: readonly BreachRegisterRow[], year: number, diensten: readonly string[] = []): LateReportingReport {
  const late = byAwareness(lateRows(ofYear(rows, year)));
  const lines = late.map(lateReportLine);
  return {
    year,
    reportedLate: late.length,
    byReason: LATE_REASON_CODES.map((code) => ({ code, label: LATE_REASONS[code].label, apView: LATE_REASONS[code].apView, count: late.filter((row) => row.lateReasonCode === code).length })),
    byApView: apViewCounts(late),
    lateWithoutValidExcuse: late.filter(withoutValidExcuse).length,
    verdictsContradictingAp: late.filter(contradictsAp).length,
    byDienst: dienstenOf(late, diensten).map((dienst) => {
      const ofDienst = late.filter((row) => row.dienst === dienst);
      return { dienst, reportedLate: ofDienst.length, lateWithoutValidExcuse: ofDienst.filter(withoutValidExcuse).length, byApView: apViewCounts(ofDienst) };
    }),
    byRegime: REGIMES.map((regime) => {
      const ofRegime = late.filter((row) => row.regime === regime);
      return { regime, reportedLate: ofRegime.length, lateWithoutValidExcuse: ofRegime.filter(withoutValidExcuse).length, byApView: apViewCounts(ofRegime) };
    }),
    lateReports: lines,
    withoutReason: lines.filter((line) => line.lateReasonCode === null),
  };
}

function lateReportLine(row: BreachRegisterRow & { readonly reportedAt: string }): LateReportLine {
  const code = row.lateReasonCode;
  return {
    breachId: row.breachId,
    title: row.title,
    dienst: row.dienst,
    awareAt: row.awareAt,
    deadline: row.deadline,
    reportedAt: row.reportedAt,
    hoursToReport: oneDecimal(elapsedHours(clockStart(row), row.reportedAt)),
    lateReasonCode: code,
    lateReasonLabel: code === null ? null : LATE_REASONS[code].label,
    explanation: row.lateReasonExplanation,
    apView: apViewOf(row),
    verdict: row.lateReasonVerdict,
    withdrawn: row.withdrawn,
    imported: row.imported,
    regime: row.regime,
    withoutValidExcuse: withoutValidExcuse(row),
    verdictContradictsAp: contradictsAp(row),
  };
}

/** The events a late report's line comes from, so the AP can check each against an export of the log. */
export type LateReportEvidence = {
  readonly detected: EventRef;
  /** The first filing: the one lateness is judged on, with the reason it carried. */
  readonly report: EventRef | null;
  /** The FG's latest verdict on the reason. */
  readonly verdict: EventRef | null;
  /** Corrections, which may have moved awareAt, reportedAt or the reason. */
  readonly corrections: readonly EventRef[];
};

export function lateReportEvidence(timeline: BreachTimeline): LateReportEvidence {
  const of = (step: string) => timeline.entries.filter((entry) => entry.step === step).map((entry) => entry.event);
  const detected = of('BreachDetected')[0];
  if (detected === undefined) throw new Error(`the timeline of ${timeline.breachId} has no BreachDetected`);
  return { detected, report: of('BreachReportedToAP')[0] ?? null, verdict: of('LateReasonAssessed').at(-1) ?? null, corrections: of('BreachDetailsCorrected') };
}

/* ---------------------------------------------------------------- annual figures */

/** A share: `count` of `of`, as a fraction rounded to four decimals; null when `of` is 0. */
export type Share = { readonly count: number; readonly of: number; readonly share: number | null };

/**
 * Hours from awareness to the (first) filing, over the reported breaches. The median is the
 * middle value, or the mean of the two middle values of an even count; the 90th percentile
 * is by nearest rank: the ⌈0.9·n⌉-th smallest value, always one of the observed values.
 * Computed on exact elapsed hours, then rounded to one decimal; null when nothing was reported.
 */
export type HoursToReport = { readonly count: number; readonly median: number | null; readonly p90: number | null };

export type BreachFigures = {
  readonly registered: number;
  readonly notReportable: number;
  /** Neither reported nor assessed as not reportable (yet). */
  readonly awaitingReport: number;
  /** Filed with the AP (withdrawn reports included). */
  readonly reported: number;
  readonly reportedOnTime: number;
  readonly reportedLate: number;
  /** Late with a reason the AP does not accept (LATE_REASONS' apView `not-accepted`). */
  readonly lateReasonNotAccepted: number;
  readonly lateWithoutReason: number;
  /** Of the registered breaches. */
  readonly dpoInformed: Share;
  /** Of the reported breaches: the FG was informed at or before the filing. */
  readonly dpoInformedBeforeReport: Share;
  readonly hoursToReport: HoursToReport;
  readonly dataSubjectsNotified: { readonly breaches: number; readonly persons: number };
  /** Breaches whose report was withdrawn (re-filed later or not), split by the ground of the latest withdrawal. */
  readonly withdrawn: number;
  readonly withdrawnNoBreach: number;
  readonly withdrawnOtherGround: number;
  /** Breaches filed again after a withdrawal, under a new meldnummer. */
  readonly refiled: number;
  /** Late with a code the AP does not accept + late where the FG did not accept a case-by-case reason + late without a reason (the AP, 2020). */
  readonly lateWithoutValidExcuse: number;
  /** Late reports whose reason the FG accepted although the AP does not accept it. */
  readonly verdictsContradictingAp: number;
  /** Closed without a known root cause: none recorded, or recorded as unknown (counted apart too). */
  readonly closedWithoutRootCause: number;
  readonly closedRootCauseUnknown: number;
  readonly imported: number;
};

export type ReasonFigures = {
  /** null: late without any recorded reason. */
  readonly code: LateReasonCode | null;
  readonly label: string;
  readonly apView: ApViewOrNone;
  readonly reportedLate: number;
  readonly verdicts: { readonly accepted: number; readonly notAccepted: number; readonly none: number };
  readonly hoursToReport: HoursToReport;
};

export type AnnualFigures = {
  readonly year: number;
  readonly total: BreachFigures;
  /** Every configured dienst (zero figures too), then any other dienst in the rows, by name. */
  readonly byDienst: readonly ({ readonly dienst: string } & BreachFigures)[];
  /** Every reason code in the order of LATE_REASONS, then the late reports without a reason. */
  readonly byReason: readonly ReasonFigures[];
  /** The AVG and the Wpg apart (police data, e.g. processed by BOAs). */
  readonly byRegime: readonly ({ readonly regime: Regime } & BreachFigures)[];
};

/** The figures of the FG's annual report for one calendar year, in total, per dienst and per reason. */
export function annualFigures(rows: readonly BreachRegisterRow[], year: number, diensten: readonly string[]): AnnualFigures {
  const ofYearRows = ofYear(rows, year);
  const late = lateRows(ofYearRows);
  const reasons: (LateReasonCode | null)[] = [...LATE_REASON_CODES, null];
  return {
    year,
    total: figures(ofYearRows),
    byDienst: dienstenOf(ofYearRows, diensten).map((dienst) => ({ dienst, ...figures(ofYearRows.filter((row) => row.dienst === dienst)) })),
    byRegime: REGIMES.map((regime) => ({ regime, ...figures(ofYearRows.filter((row) => row.regime === regime)) })),
    byReason: reasons.map((code) => {
      const ofReason = late.filter((row) => row.lateReasonCode === code);
      return {
        code,
        label: code === null ? VOCABULARIES.lateReason['no-reason'].en : LATE_REASONS[code].label,
        apView: code === null ? 'no-reason' : LATE_REASONS[code].apView,
        reportedLate: ofReason.length,
        verdicts: {
          accepted: ofReason.filter((row) => row.lateReasonVerdict?.verdict === 'accepted').length,
          notAccepted: ofReason.filter((row) => row.lateReasonVerdict?.verdict === 'not-accepted').length,
          none: ofReason.filter((row) => row.lateReasonVerdict === null).length,
        },
        hoursToReport: hoursToReport(ofReason),
      };
    }),
  };
}

function figures(rows: readonly BreachRegisterRow[]): BreachFigures {
  const reported = reportedRows(rows);
  const late = lateRows(rows);
  const notified = rows.filter((row) => row.dataSubjectsNotified);
  return {
    registered: rows.length,
    notReportable: rows.filter((row) => row.reportingStatus === 'not-reportable').length,
    awaitingReport: rows.filter((row) => row.reportingStatus === 'awaiting-report').length,
    reported: reported.length,
    reportedOnTime: reported.filter((row) => row.late === false).length,
    reportedLate: late.length,
    lateReasonNotAccepted: late.filter((row) => row.apView === 'not-accepted').length,
    lateWithoutReason: late.filter((row) => row.lateReasonCode === null).length,
    dpoInformed: shareOf(rows.filter((row) => row.dpoInformedAt !== null).length, rows.length),
    dpoInformedBeforeReport: shareOf(reported.filter((row) => row.dpoInformedBeforeReport === true).length, reported.length),
    hoursToReport: hoursToReport(reported),
    dataSubjectsNotified: { breaches: notified.length, persons: notified.reduce((sum, row) => sum + row.dataSubjectsNotifiedCount, 0) },
    withdrawn: rows.filter((row) => row.withdrawalGround !== null).length,
    withdrawnNoBreach: rows.filter((row) => row.withdrawalGround === 'no-breach').length,
    withdrawnOtherGround: rows.filter((row) => row.withdrawalGround === 'other').length,
    refiled: rows.filter((row) => row.refilings > 0).length,
    lateWithoutValidExcuse: late.filter(withoutValidExcuse).length,
    verdictsContradictingAp: late.filter(contradictsAp).length,
    closedWithoutRootCause: rows.filter((row) => row.closed && (row.rootCauseCategory === null || row.rootCauseCategory === 'unknown')).length,
    closedRootCauseUnknown: rows.filter((row) => row.closed && row.rootCauseCategory === 'unknown').length,
    imported: rows.filter((row) => row.imported).length,
  };
}

function hoursToReport(rows: readonly (BreachRegisterRow & { readonly reportedAt: string })[]): HoursToReport {
  return figuresOfHours(rows.map((row) => elapsedHours(clockStart(row), row.reportedAt)).sort((a, b) => a - b));
}

/** The count, median and 90th percentile of exact hours, sorted ascending (also from the kept aggregates). */
export function figuresOfHours(sorted: readonly number[]): HoursToReport {
  return { count: sorted.length, median: round(median(sorted)), p90: round(nearestRank(sorted, 90)) };
}

/** The middle value of sorted values, or the mean of the two middle ones; null for none. */
export function median(sorted: readonly number[]): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const upper = sorted[Math.floor(n / 2)] as number;
  return n % 2 === 1 ? upper : ((sorted[n / 2 - 1] as number) + upper) / 2;
}

/** Nearest rank: the ⌈p/100 · n⌉-th smallest of sorted values (1-based), at least the first; null for none. */
export function nearestRank(sorted: readonly number[], percentile: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((percentile / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

export function shareOf(count: number, of: number): Share {
  return { count, of, share: of === 0 ? null : Math.round((count / of) * 10_000) / 10_000 };
}

const round = (hours: number | null) => (hours === null ? null : oneDecimal(hours));

/* ---------------------------------------------------------------- deadlines now */

export type DeadlineStatus = 'open' | 'at-risk' | 'overdue' | 'reported-on-time' | 'reported-late' | 'not-reportable' | 'withdrawn' | 'closed';

/**
 * Where a breach stands against its 72 hours at `now` (docs/domain.md): closed first; then as
 * reported, withdrawn or assessed not reportable; otherwise overdue once `now` is past the
 * deadline (the same rule as a late report), at risk while fewer than `atRiskHours` remain.
 */
export function deadlineStatus(row: BreachRegisterRow, now: string, atRiskHours: number): DeadlineStatus {
  if (row.closed) return 'closed';
  if (row.reportingStatus !== 'awaiting-report') return row.reportingStatus;
  if (isLateReport(now, row.deadline)) return 'overdue';
  return elapsedHours(now, row.deadline) < atRiskHours ? 'at-risk' : 'open';
}

export type DeadlineAlert = {
  readonly breachId: string;
  readonly title: string;
  readonly dienst: string;
  readonly awareAt: string;
  readonly deadline: string;
  readonly status: 'at-risk' | 'overdue';
  /** At risk: hours left until the deadline (one decimal); null when overdue. */
  readonly hoursRemaining: number | null;
  /** Overdue: hours past the deadline (one decimal); null when at risk. */
  readonly hoursOverdue: number | null;
};

/** The breaches at risk or overdue at `now`, most urgent first: the earliest deadline first. */
export function deadlinesNow(rows: readonly BreachRegisterRow[], now: string, atRiskHours: number): DeadlineAlert[] {
  const alerts: DeadlineAlert[] = [];
  for (const row of [...rows].sort((a, b) => Date.parse(a.deadline) - Date.parse(b.deadline) || compareText(a.breachId, b.breachId))) {
    const status = deadlineStatus(row, now, atRiskHours);
    if (status !== 'at-risk' && status !== 'overdue') continue;
    const left = elapsedHours(now, row.deadline);
    const { breachId, title, dienst, awareAt, deadline } = row;
    alerts.push({ breachId, title, dienst, awareAt, deadline, status, hoursRemaining: status === 'at-risk' ? oneDecimal(left) : null, hoursOverdue: status === 'overdue' ? oneDecimal(-left) : null });
  }
  return alerts;
}

/* ---------------------------------------------------------------- shared */

type Reported = BreachRegisterRow & { readonly reportedAt: string };

const ofYear = (rows: readonly BreachRegisterRow[], year: number) => rows.filter((row) => row.year === year);
const reportedRows = (rows: readonly BreachRegisterRow[]) => rows.filter((row): row is Reported => row.reportedAt !== null);
const lateRows = (rows: readonly BreachRegisterRow[]) => reportedRows(rows).filter((row) => row.late === true);

const withoutValidExcuse = (row: BreachRegisterRow): boolean => isLateWithoutValidExcuse(row.late, row.lateReasonCode, row.lateReasonVerdict?.verdict ?? null);
const contradictsAp = (row: BreachRegisterRow): boolean => verdictContradictsAp(row.lateReasonCode, row.lateReasonVerdict?.verdict ?? null);

function apViewOf(row: BreachRegisterRow): ApViewOrNone {
  return row.apView ?? 'no-reason';
}

function apViewCounts(rows: readonly BreachRegisterRow[]): ApViewCounts {
  const counts = Object.fromEntries(AP_VIEWS.map((view) => [view, rows.filter((row) => apViewOf(row) === view).length]));
  return counts as ApViewCounts;
}

function byAwareness<R extends BreachRegisterRow>(rows: readonly R[]): R[] {
  return [...rows].sort((a, b) => Date.parse(a.awareAt) - Date.parse(b.awareAt) || compareText(a.breachId, b.breachId));
}
