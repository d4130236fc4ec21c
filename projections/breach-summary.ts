import type {
  BreachDetailsCorrectedData,
  BreachEvent,
  LateReason,
  LateReasonCode,
  LateReasonVerdict,
  Regime,
  ReportPhase,
  RiskLevel,
  RootCauseCategory,
  Severity,
  WaiverGround,
  WaiverRevocationCause,
  WithdrawalGround,
} from '../src/breaches/breach.events.js';
import { clockStart, deadlineOf, elapsedHours, isLateReport, LATE_REASONS, laterOf, regimeOf, withdrawalGroundOf, type ApView } from '../src/breaches/breach.rules.js';
import type { StoredEvent } from '../src/event-store/event-store.port.js';
import { ERASED } from '../src/shared/personal-fields.js';
import { amsterdamYear, breachIdOf, isImported, oneDecimal, readBreachEvent, replayed, UnprojectableEventError } from './breach-stream.js';

/**
 * The facts of one breach as the read side shows them, folded from its stream: the part of
 * the timeline every other breach view derives from (the register row is a pure function
 * of it), so the views can never disagree. Times are UTC ISO-8601 strings as recorded.
 */

/** Independent of the clock: whether the breach is at risk or overdue is judged at query time (breach-reports.ts). */
export type ReportingStatus = 'awaiting-report' | 'not-reportable' | 'reported-on-time' | 'reported-late' | 'withdrawn';

export type AssessmentView = {
  readonly risk: RiskLevel;
  readonly severity: Severity;
  readonly reportable: boolean;
  readonly notifyDataSubjects: boolean;
  readonly rationale: string | null;
};

export type LateReasonView = { readonly code: LateReasonCode; readonly explanation: string; readonly apView: ApView };
export type LateReasonVerdictView = { readonly verdict: LateReasonVerdict; readonly comment: string; readonly assessedAt: string };
export type NotificationWaiverView = { readonly waivedAt: string; readonly ground: WaiverGround };
export type WaiverRevocationView = { readonly revokedAt: string; readonly cause: WaiverRevocationCause; readonly reason: string };

export type BreachSummary = {
  readonly breachId: string;
  readonly title: string;
  readonly dienst: string;
  readonly regime: Regime;
  /** Calendar year of awareAt in Europe/Amsterdam: the year of the annual report. */
  readonly year: number;
  readonly awareAt: string;
  /** When a processor informed the municipality: the 72-hour clock runs from here when set. */
  readonly processorInformedAt: string | null;
  /** When the service recorded BreachDetected (its recordedAt): late registration is a signal. */
  readonly registeredAt: string;
  readonly registrationDelayHours: number;
  readonly deadline: string;
  /** The first time the FG was informed. */
  readonly dpoInformedAt: string | null;
  /** The latest advice of the FG. */
  readonly dpoAdvisedAt: string | null;
  /** The latest assessment: it replaces the ones before it. */
  readonly assessedAt: string | null;
  readonly assessment: AssessmentView | null;
  /** The first filing, preliminary or final: the one the 72 hours are judged on. */
  readonly reportedAt: string | null;
  /** The phase of the latest filing (a supplement may make it final). */
  readonly reportPhase: ReportPhase | null;
  /** The meldnummer of the standing filing (a re-filing after a withdrawal has a new one). */
  readonly apReference: string | null;
  readonly supplementedAt: string | null;
  /** While the standing filing is withdrawn: when. A re-filing clears it. */
  readonly withdrawnAt: string | null;
  /** The ground of the latest withdrawal, kept after a re-filing; null when never withdrawn. */
  readonly withdrawalGround: WithdrawalGround | null;
  /** New filings after a withdrawal, and when the latest was filed. */
  readonly refilings: number;
  readonly refiledAt: string | null;
  readonly dataSubjectsNotifiedAt: string | null;
  /** Persons notified, over every batch. */
  readonly dataSubjectsNotifiedCount: number;
  readonly notificationWaiver: NotificationWaiverView | null;
  /** The latest revocation of a waiver: the communication is owed again. */
  readonly waiverRevocation: WaiverRevocationView | null;
  /** The latest root cause recorded (`unknown` is an explicit answer). */
  readonly rootCauseCategory: RootCauseCategory | null;
  readonly closedAt: string | null;
  readonly hoursToReport: number | null;
  /** Null while unreported. */
  readonly late: boolean | null;
  readonly lateReason: LateReasonView | null;
  readonly lateReasonVerdict: LateReasonVerdictView | null;
  readonly reportingStatus: ReportingStatus;
  readonly closed: boolean;
  /** Registered by the import of the history from before this service. */
  readonly imported: boolean;
  /** When its personal data was erased: from then on every personal field of the views reads "[erased]". */
  readonly personalDataErasedAt: string | null;
  /** The position of the last event folded in, as a decimal string. */
  readonly lastPosition: string;
  /** The stream revision of the last event folded in. */
  readonly revision: number;
};

/**
 * Folds stored events of the stream (one, or a stream's run in a build) into the summary, in
 * revision order, skipping each one the summary already reflects (`replayed`, which also
 * refuses a gap); throws on anything it cannot read. In one go: the facts
 * are folded event by event and the erasure and the derived values applied once, at the end.
 * The same summary as folding them one at a time (each event's erasure and derived values
 * applied after it): `evolve` reads no derived value and no
 * personal field, and erasing is the same whenever it is applied (a text once erased stays
 * erased, nothing clears `personalDataErasedAt`). `each` sees every event folded in. Undefined
 * when every event was already reflected.
 */
export function foldBreachSummary(
  summary: BreachSummary | undefined,
  events: readonly StoredEvent[],
  each?: (event: BreachEvent, stored: StoredEvent) => void,
): BreachSummary | undefined {
  let facts = summary;
  let last: StoredEvent | undefined;
  for (const stored of events) {
    if (replayed(last === undefined ? summary : { revision: last.revision }, stored)) continue;
    const event = readBreachEvent(stored);
    facts = facts === undefined ? detected(event, stored) : evolve(facts, event, stored);
    each?.(event, stored);
    last = stored;
  }
  return last === undefined || facts === undefined ? undefined : derived(erased(facts), summary, last);
}

function detected(event: BreachEvent, stored: StoredEvent): BreachSummary {
  if (event.type !== 'BreachDetected') throw new UnprojectableEventError(stored, 'a breach stream starts with BreachDetected');
  const { breachId, title, dienst, awareAt } = event.data;
  if (breachId !== breachIdOf(stored)) throw new UnprojectableEventError(stored, `BreachDetected names breach ${breachId}`);
  return {
    breachId,
    title,
    dienst,
    regime: regimeOf(event.data),
    year: 0,
    awareAt,
    processorInformedAt: event.data.processorInformedAt ?? null,
    registeredAt: stored.metadata.recordedAt,
    registrationDelayHours: 0,
    deadline: '',
    dpoInformedAt: null,
    dpoAdvisedAt: null,
    assessedAt: null,
    assessment: null,
    reportedAt: null,
    reportPhase: null,
    apReference: null,
    supplementedAt: null,
    withdrawnAt: null,
    withdrawalGround: null,
    refilings: 0,
    refiledAt: null,
    dataSubjectsNotifiedAt: null,
    dataSubjectsNotifiedCount: 0,
    notificationWaiver: null,
    waiverRevocation: null,
    rootCauseCategory: null,
    closedAt: null,
    hoursToReport: null,
    late: null,
    lateReason: null,
    lateReasonVerdict: null,
    reportingStatus: 'awaiting-report',
    closed: false,
    imported: isImported(stored),
    personalDataErasedAt: null,
    lastPosition: '0',
    revision: 0,
  };
}

function evolve(summary: BreachSummary, event: BreachEvent, stored: StoredEvent): BreachSummary {
  switch (event.type) {
    case 'BreachDetected':
      throw new UnprojectableEventError(stored, 'the breach was already detected');
    case 'DpoInformed':
      return { ...summary, dpoInformedAt: summary.dpoInformedAt ?? event.data.informedAt };
    case 'DpoAdviceGiven':
      return { ...summary, dpoAdvisedAt: latest(summary.dpoAdvisedAt, event.data.advisedAt) };
    case 'BreachAssessed': {
      const { assessedAt, risk, severity, reportable, notifyDataSubjects, rationale } = event.data;
      return { ...summary, assessedAt, assessment: { risk, severity, reportable, notifyDataSubjects, rationale } };
    }
    case 'BreachReportedToAP': {
      // The first filing counts (docs/domain.md). A later one is a re-filing after a withdrawal,
      // under a new meldnummer: it makes the report stand again and changes no lateness.
      if (summary.reportedAt !== null) {
        return { ...summary, apReference: event.data.apReference, reportPhase: event.data.phase, withdrawnAt: null, refilings: summary.refilings + 1, refiledAt: event.data.reportedAt };
      }
      const { reportedAt, apReference, phase, late, lateReason } = event.data;
      // `late` as judged at filing (imported history may carry it without a reason).
      return { ...summary, reportedAt, apReference, reportPhase: phase, late, lateReason: lateReason && lateReasonView(lateReason, stored) };
    }
    case 'BreachReportSupplemented':
      return { ...summary, reportPhase: event.data.phase, supplementedAt: latest(summary.supplementedAt, event.data.supplementedAt) };
    case 'BreachReportWithdrawn':
      return { ...summary, withdrawnAt: event.data.withdrawnAt, withdrawalGround: withdrawalGroundOf(event.data) };
    case 'DataSubjectsNotified':
      return {
        ...summary,
        dataSubjectsNotifiedAt: summary.dataSubjectsNotifiedAt ?? event.data.notifiedAt,
        dataSubjectsNotifiedCount: summary.dataSubjectsNotifiedCount + event.data.count,
      };
    case 'DataSubjectNotificationWaived':
      return { ...summary, notificationWaiver: { waivedAt: event.data.waivedAt, ground: event.data.ground } };
    case 'DataSubjectNotificationWaiverRevoked': {
      const { revokedAt, cause, reason } = event.data;
      return { ...summary, notificationWaiver: null, waiverRevocation: { revokedAt, cause, reason } };
    }
    case 'RootCauseRecorded':
      return { ...summary, rootCauseCategory: event.data.category };
    case 'MeasureTaken':
    case 'BreachLinkedToRecommendation':
      return summary;
    case 'LateReasonAssessed': {
      const { verdict, comment, assessedAt } = event.data;
      return { ...summary, lateReasonVerdict: { verdict, comment, assessedAt } };
    }
    case 'BreachDetailsCorrected':
      return corrected(summary, event.data, stored);
    case 'BreachClosed':
      return { ...summary, closedAt: event.data.closedAt };
    case 'PersonalDataErased':
      return { ...summary, personalDataErasedAt: event.data.erasedAt };
    // The AP form's answers are read in the dossier and the prepared notification, not in the summary.
    case 'NotificationDetailsRecorded':
      return summary;
    default: {
      const unknown: never = event;
      throw new UnprojectableEventError(stored, `unknown breach event ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * As the command side applies corrections (breach.state.ts): a corrected awareAt moves the
 * deadline, and lateness is judged again on the corrected times; a reason that comes with
 * the correction replaces the old one, and an FG verdict on the old reason no longer applies.
 */
function corrected(summary: BreachSummary, data: BreachDetailsCorrectedData, stored: StoredEvent): BreachSummary {
  let next = summary;
  for (const correction of data.corrections) {
    if (correction.field === 'title') next = { ...next, title: correction.to };
    else if (correction.field === 'dienst') next = { ...next, dienst: correction.to };
    else if (correction.field === 'awareAt') next = { ...next, awareAt: correction.to };
    else if (correction.field === 'processorInformedAt') next = { ...next, processorInformedAt: correction.to };
    else if (correction.field === 'regime') next = { ...next, regime: correction.to };
    // reportedAt is the first filing's: the one lateness is judged on.
    else if (correction.field === 'reportedAt' && next.reportedAt !== null) next = { ...next, reportedAt: correction.to };
    else if (correction.field === 'apReference' && next.apReference !== null) next = { ...next, apReference: correction.to };
    // The other facts (description, data categories, ...) are not summarised: the timeline's corrections list shows them.
  }
  if (next.reportedAt === null) return next;
  const late = isLateReport(next.reportedAt, deadlineOf(next));
  if (late && data.lateReason !== null) return { ...next, late, lateReason: lateReasonView(data.lateReason, stored), lateReasonVerdict: null };
  return { ...next, late };
}

/**
 * Once erased, every personal field the summary shows reads "[erased]", whatever the event
 * that brought it: the live view then matches a rebuild, where the erased key makes every
 * earlier event read "[erased]" already. A field that was null stays null: there was none.
 * (A document from before erasure existed lacks personalDataErasedAt: not erased.)
 */
function erased(summary: BreachSummary): BreachSummary {
  if (!summary.personalDataErasedAt) return summary;
  const { assessment, lateReason, lateReasonVerdict, waiverRevocation } = summary;
  return {
    ...summary,
    title: ERASED,
    waiverRevocation: waiverRevocation && { ...waiverRevocation, reason: ERASED },
    assessment: assessment && { ...assessment, rationale: assessment.rationale === null ? null : ERASED },
    lateReason: lateReason && { ...lateReason, explanation: ERASED },
    lateReasonVerdict: lateReasonVerdict && { ...lateReasonVerdict, comment: ERASED },
  };
}

/**
 * Everything computed from the facts above, recomputed after every event so a correction moves
 * all of it; with the position and revision of the event just folded in. What depends only on
 * facts that did not change since `before` (the summary this event was folded into) is taken
 * from it: the same values, without parsing and formatting the same times again.
 */
function derived(summary: BreachSummary, before: BreachSummary | undefined, stored: StoredEvent): BreachSummary {
  const { awareAt, reportedAt, registeredAt, processorInformedAt } = summary;
  const sameClock = before !== undefined && before.awareAt === awareAt && before.processorInformedAt === processorInformedAt;
  const sameAwareness = before !== undefined && before.awareAt === awareAt && before.registeredAt === registeredAt;
  return {
    ...summary,
    year: sameAwareness ? before.year : amsterdamYear(awareAt),
    registrationDelayHours: sameAwareness ? before.registrationDelayHours : oneDecimal(elapsedHours(awareAt, registeredAt)),
    deadline: sameClock ? before.deadline : deadlineOf(summary),
    hoursToReport: reportedAt === null ? null : sameClock && before.reportedAt === reportedAt ? before.hoursToReport : oneDecimal(elapsedHours(clockStart(summary), reportedAt)),
    reportingStatus: reportingStatusOf(summary),
    closed: summary.closedAt !== null,
    lastPosition: stored.position.toString(),
    revision: stored.revision,
  };
}

function reportingStatusOf(summary: BreachSummary): ReportingStatus {
  if (summary.reportedAt !== null) {
    if (summary.withdrawnAt !== null) return 'withdrawn';
    return summary.late ? 'reported-late' : 'reported-on-time';
  }
  return summary.assessment?.reportable === false ? 'not-reportable' : 'awaiting-report';
}

function lateReasonView(reason: LateReason, stored: StoredEvent): LateReasonView {
  const known = (LATE_REASONS as Readonly<Record<string, (typeof LATE_REASONS)[LateReasonCode] | undefined>>)[reason.code];
  if (known === undefined) throw new UnprojectableEventError(stored, `unknown late-reason code ${reason.code}`);
  return { code: reason.code, explanation: reason.explanation, apView: known.apView };
}

function latest(current: string | null, time: string): string {
  return current === null ? time : laterOf(current, time);
}
