import { LATE_REASON_LABELS } from '../labels/labels.js';
import { DomainError } from '../shared/domain-error.js';
import type { JsonObject } from '../shared/json.js';
import { personalValues } from '../shared/personal-fields.js';
import {
  PERSONAL_FIELDS,
  type BreachDetailsCorrectedData,
  type BreachEvent,
  type CorrectableFacts,
  type LateReason,
  type LateReasonCode,
  type LateReasonVerdict,
  type WithdrawalGround,
} from './breach.events.js';
import type { BreachState, ExistingBreach } from './breach.state.js';
import { requireNotInFuture, type DecisionContext } from '../shared/decision.rules.js';

/**
 * The rules of docs/domain.md "Personal-data breaches", by their names there. Pure functions:
 * every time comes in as an argument.
 */

/**
 * The checks every slice shares (src/shared/decision.rules.ts) and the regime of a record
 * (src/shared/regime.rules.ts), re-exported where the breach use cases and projections import
 * their rules from.
 */
export { laterOf, requireKnownDienst, requireNotBefore, requireNotInFuture, requireText, type DecisionContext } from '../shared/decision.rules.js';
export { regimeOf } from '../shared/regime.rules.js';

const HOUR_MS = 3_600_000;

/** Art. 33(1): notify the AP "without undue delay and, where feasible, not later than 72 hours". */
export const REPORTING_WINDOW_HOURS = 72;

/**
 * deadline = awareAt + 72 elapsed hours. Nights, weekends and holidays count, the clock
 * never pauses, and daylight-saving changes do not move it: it is computed on the UTC
 * timeline, never on local clock time.
 */
export function reportingDeadline(awareAt: string): string {
  return new Date(Date.parse(awareAt) + REPORTING_WINDOW_HOURS * HOUR_MS).toISOString();
}

/**
 * Where the 72-hour clock starts: the moment the organisation became aware. When a processor
 * reported the breach, that is when the processor informed the municipality (EDPB Guidelines
 * 9/2022: the controller is aware once its processor has informed it); `awareAt` still
 * measures how late the breach was registered.
 */
export function clockStart(facts: { readonly awareAt: string; readonly processorInformedAt?: string | null }): string {
  return facts.processorInformedAt ?? facts.awareAt;
}

/** The deadline of a breach's facts: 72 hours from its clock start. */
export function deadlineOf(facts: { readonly awareAt: string; readonly processorInformedAt?: string | null }): string {
  return reportingDeadline(clockStart(facts));
}

/** A report is late when it was filed after the deadline (the first filing counts). */
export function isLateReport(reportedAt: string, deadline: string): boolean {
  return Date.parse(reportedAt) > Date.parse(deadline);
}

/** The detection facts a correction may set: every correctable field but the filing's two. */
export type CorrectedFacts = Partial<Omit<CorrectableFacts, 'reportedAt' | 'apReference'>>;

/** A filing as a correction sees it: the first filing's time (lateness is judged on it) and the standing filing's meldnummer. */
export interface CorrectableFiling {
  readonly firstReportedAt: string;
  readonly apReference: string;
}

export interface CorrectedFiling extends CorrectableFiling {
  /** Judged again on the corrected times. */
  readonly late: boolean;
  /** The reason the correction brought: it replaces the recorded one, and the FG's verdict on that one no longer applies. Null: the recorded reason and its verdict stand. */
  readonly newLateReason: LateReason | null;
}

export interface CorrectionOutcome {
  /** The detection facts the correction sets, each to the last value it names; the others stand. */
  readonly facts: CorrectedFacts;
  /** 72 hours from the corrected clock start. */
  readonly deadline: string;
  /** Null when the breach was never filed: a correction of the filing then changes nothing. */
  readonly filing: CorrectedFiling | null;
}

/**
 * What a correction (BreachDetailsCorrected) does to a breach: the one rule the command side
 * (breach.state.ts) and the views (projections/breach-summary.ts) both apply. A corrected
 * reportedAt is the first filing's, the one lateness is judged on; a corrected apReference is
 * the standing filing's meldnummer; every other field is a detection fact. A corrected awareAt
 * or processorInformedAt moves the deadline, and lateness is judged again on the corrected
 * times. A reason that comes with the correction of a report that is then late replaces the
 * recorded one: a new reason is a new question for the FG, so a verdict on the old one no
 * longer applies.
 */
export function correctionOutcome(
  facts: { readonly awareAt: string; readonly processorInformedAt: string | null },
  filing: CorrectableFiling | null,
  correction: Pick<BreachDetailsCorrectedData, 'corrections' | 'lateReason'>,
): CorrectionOutcome {
  const corrected: { -readonly [F in keyof CorrectedFacts]: CorrectedFacts[F] } = {};
  let filed = filing;
  for (const { field, to } of correction.corrections) {
    if (field === 'reportedAt') filed = filed && { ...filed, firstReportedAt: to };
    else if (field === 'apReference') filed = filed && { ...filed, apReference: to };
    else (corrected as Record<string, unknown>)[field] = to;
  }
  const deadline = deadlineOf({
    awareAt: corrected.awareAt ?? facts.awareAt,
    processorInformedAt: corrected.processorInformedAt === undefined ? facts.processorInformedAt : corrected.processorInformedAt,
  });
  if (filed === null) return { facts: corrected, deadline, filing: null };
  const { firstReportedAt, apReference } = filed;
  const late = isLateReport(firstReportedAt, deadline);
  return { facts: corrected, deadline, filing: { firstReportedAt, apReference, late, newLateReason: late ? correction.lateReason : null } };
}

/** Elapsed hours between two times (fractional). */
export function elapsedHours(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / HOUR_MS;
}

export type ApView = 'accepted' | 'not-accepted' | 'case-by-case';

const LATE_REASON_RULES: { readonly [C in LateReasonCode]: { readonly apView: ApView; readonly basis: string } } = {
  'not-recognised': { apView: 'not-accepted', basis: 'AP to the municipality, 2020' },
  'procedure-unclear': { apView: 'not-accepted', basis: 'AP to the municipality, 2020' },
  'internal-escalation': { apView: 'not-accepted', basis: 'AP, Booking.com decision, 2020' },
  'awaiting-investigation': { apView: 'not-accepted', basis: 'AP: report preliminarily, supplement later' },
  'staff-unavailable': { apView: 'not-accepted', basis: 'the clock never pauses' },
  'processor-delay': { apView: 'case-by-case', basis: 'the clock starts when the municipality knew' },
  'bundled-report': { apView: 'accepted', basis: 'agreement with the AP' },
  other: { apView: 'case-by-case', basis: 'judged case by case' },
};

/**
 * The reasons for late reporting and the AP's view of each (docs/domain.md). The codes are
 * the stable contract; the labels (English here, both languages in src/labels) may change.
 */
export const LATE_REASONS: { readonly [C in LateReasonCode]: { readonly label: string; readonly apView: ApView; readonly basis: string } } = Object.fromEntries(
  Object.entries(LATE_REASON_RULES).map(([code, rule]) => [code, { label: LATE_REASON_LABELS[code as LateReasonCode].en, ...rule }]),
) as { readonly [C in LateReasonCode]: { readonly label: string; readonly apView: ApView; readonly basis: string } };

export const LATE_REASON_CODES = Object.keys(LATE_REASONS) as LateReasonCode[];

/**
 * "Late without a valid excuse", the AP's framing in its 2020 review of the municipality:
 * late with a reason the AP does not accept, late with a case-by-case reason the FG did not
 * accept, or late without any recorded reason. A reason the AP accepts is an excuse whatever
 * the FG said; a case-by-case reason is one only when the FG accepted it.
 */
export function isLateWithoutValidExcuse(late: boolean | null, code: LateReasonCode | null, verdict: LateReasonVerdict | null): boolean {
  if (late !== true) return false;
  if (code === null) return true;
  const view = LATE_REASONS[code].apView;
  return view === 'not-accepted' || (view === 'case-by-case' && verdict !== 'accepted');
}

/** An FG verdict that accepts a reason the AP does not accept: flagged, since the AP will not follow it. */
export function verdictContradictsAp(code: LateReasonCode | null, verdict: LateReasonVerdict | null): boolean {
  return code !== null && verdict === 'accepted' && LATE_REASONS[code].apView === 'not-accepted';
}

/** The ground of a withdrawal from before grounds were recorded: another reason. */
export function withdrawalGroundOf(withdrawal: { readonly ground?: WithdrawalGround }): WithdrawalGround {
  return withdrawal.ground ?? 'other';
}

/** Only a processor can inform the municipality of a breach: the moment needs the processor's name. */
export function requireProcessorForInformedAt(processorInformedAt: string | null | undefined, processor: string | null, context: DecisionContext): void {
  if (processorInformedAt === null || processorInformedAt === undefined) return;
  if (processor === null) {
    throw new DomainError('processor-informed-at-requires-processor', 'processorInformedAt records when a processor informed the municipality: name the processor (discovery.processor)', {
      field: 'processorInformedAt',
    });
  }
  requireNotInFuture('processorInformedAt', processorInformedAt, context);
}

/**
 * After closure only these may still happen: the FG, who is independent, may still be
 * informed (late, but the annual figures must show it), advise and judge a late-reporting
 * reason; a recorded fact that proves wrong must still be corrected (Art. 5(1)(d):
 * accuracy; the register must be right); and the personal data may be erased, which is
 * what the end of the retention period after closure calls for (Art. 5(1)(e)); and a link
 * to an audit recommendation may be made when the audit comes later (the cause analysis
 * continues after the handling). Everything
 * else belongs to the handling that closure ended, and is refused with `breach-closed`.
 */
export const ALLOWED_AFTER_CLOSURE = ['DpoInformed', 'DpoAdviceGiven', 'LateReasonAssessed', 'BreachDetailsCorrected', 'PersonalDataErased', 'BreachLinkedToRecommendation'] as const;

/** The breach exists (the handler answers 404 before decide when it does not). */
export function requireBreach(state: BreachState): ExistingBreach {
  if (state.status === 'none') throw new DomainError('breach-not-registered', 'the breach has not been registered');
  return state;
}

/**
 * The breach is closed: its personal data may only be erased then. Art. 17(3)(b): the
 * documentation Art. 33(5) requires is exempt from erasure while it is needed, and it is
 * needed while the breach is handled (erasing earlier would also leave the closure, whose
 * summary is personal, impossible to record).
 */
export function requireClosedBreach(state: BreachState): ExistingBreach & { readonly status: 'closed' } {
  const breach = requireBreach(state);
  if (breach.status !== 'closed') {
    throw new DomainError('breach-open', 'the breach is still being handled: its personal data is part of the documentation Art. 33(5) requires, exempt from erasure while needed (Art. 17(3)(b)); close the breach first');
  }
  return breach;
}

/** The breach exists and is still being handled. */
export function requireOpenBreach(state: BreachState): ExistingBreach & { readonly status: 'open' } {
  const breach = requireBreach(state);
  if (breach.status === 'closed') {
    throw new DomainError('breach-closed', `the breach was closed at ${breach.closedAt}; only informing the FG, its advice and late-reason verdicts, corrections, links to audit recommendations and the erasure of its personal data may follow`, {
      closedAt: breach.closedAt,
    });
  }
  return breach;
}

/**
 * A report stands: it was filed with the AP and not withdrawn. Supplements and a withdrawal
 * follow a filing (the AP: report early, supplement later, withdraw if it proves unnecessary).
 */
export function requireStandingReport(breach: ExistingBreach): NonNullable<ExistingBreach['report']> {
  const report = breach.report;
  if (report === null) throw new DomainError('not-reported', 'the breach has not been reported to the AP');
  if (report.withdrawnAt !== null) {
    throw new DomainError('report-withdrawn', `the report ${report.apReference} was withdrawn at ${report.withdrawnAt}`, {
      apReference: report.apReference,
      withdrawnAt: report.withdrawnAt,
    });
  }
  return report;
}

/**
 * Closure of a breach that was reported to the AP needs its root cause (or an explicit
 * `unknown` with the reason); not when the standing report was withdrawn as no breach at all.
 */
export function requiresRootCause(breach: ExistingBreach): boolean {
  return breach.report !== null && breach.report.withdrawalGround !== 'no-breach';
}

/** An approximate number of data subjects given as a range runs upwards. */
export function requireDataSubjectRange(min: number, max: number): void {
  if (min > max) throw new DomainError('invalid-data-subject-range', `the number of data subjects cannot range from ${min} down to ${max}`, { min, max });
}

/**
 * Once its personal data is erased, none may be recorded about the breach again: its key
 * is gone for good, and new text would bring back what the erasure removed (and, for a
 * correction of the title, would quote "[erased]" as the old value). Events without
 * personal data may still follow. Checked for every command, on what its decide returns.
 */
export function requireNoPersonalDataAfterErasure(state: BreachState, events: readonly BreachEvent[]): readonly BreachEvent[] {
  const erasedAt = state.status === 'none' ? null : state.personalDataErasedAt;
  if (erasedAt === null) return events;
  for (const event of events) {
    const [first] = personalValues(event.data as unknown as JsonObject, PERSONAL_FIELDS[event.type]);
    if (first !== undefined) {
      throw new DomainError('personal-data-erased', `the personal data of this breach was erased at ${erasedAt}; ${event.type} would record personal data (${first.path}) again`, {
        erasedAt,
        field: first.path,
      });
    }
  }
  return events;
}
