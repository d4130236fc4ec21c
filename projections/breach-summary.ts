import type { BreachDetailsCorrectedData, BreachEvent, LateReason, LateReasonCode, LateReasonVerdict, Regime, ReportPhase, RiskLevel, RootCauseCategory, Severity, WaiverGround, WaiverRevocationCause, WithdrawalGround } from '../src/breaches/breach.events.js';
import { clockStart, correctionOutcome, deadlineOf, elapsedHours, LATE_REASONS, laterOf, regimeOf, withdrawalGroundOf, type ApView } from '../src/breaches/breach.rules.js';
import type { StoredEvent } from '../src/event-store/event-store.port.js';
import { ERASED } from '../src/shared/personal-fields.js';
import { amsterdamYear, breachIdOf, isImported, isReplayed, oneDecimal, readBreachEvent, UnprojectableEventError } from './breach-stream.js';

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
  /** New filings after a withdrawal (a new meldnummer each). */
  readonly refilings: number;
  /** When the latest of them was filed. */
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

/** The summary as the fold builds it: a copy private to one fold, changed in place. */
type Draft = { -readonly [K in keyof BreachSummary]: BreachSummary[K] };

/**
 * Folds stored events of the stream (one, or a stream's run in a build) into the summary, in
 * revision order, skipping each one the summary already reflects (`isReplayed`, which also
 * refuses a gap); throws on anything it cannot read. In one go: the facts are folded event by
 * event into one copy of the summary, private to this fold (the summary handed in, which the
 * read store may still hold, is never changed), and the erasure and the derived values applied
 * once, at the end. The same summary as folding them one at a time (each event's erasure and
 * derived values applied after it): `evolve` reads no derived value and no personal field, and
 * erasing is the same whenever it is applied (a text once erased stays erased, nothing clears
 * `personalDataErasedAt`). `each` sees every event folded in. Undefined when every event was
 * already reflected.
 */
export function foldBreachSummary(
  summary: BreachSummary | undefined,
  events: readonly StoredEvent[],
  each?: (event: BreachEvent, stored: StoredEvent) => void,
): BreachSummary | undefined {
  let draft: Draft | undefined;
  let last: StoredEvent | undefined;
  for (const stored of events) {
    if (isReplayed(last === undefined ? summary?.revision : last.revision, stored)) continue;
    const event = readBreachEvent(stored);
    if (draft === undefined && summary === undefined) draft = detected(event, stored);
    // A copy built key by key (Object.assign), not a spread: V8 gave nearly every spread copy
    // a hidden class of its own, and with it every document folded on from a stored one.
    else evolve((draft ??= Object.assign({}, summary as BreachSummary)), event, stored);
    each?.(event, stored);
    last = stored;
  }
  if (last === undefined || draft === undefined) return undefined;
  erase(draft);
  derive(draft, summary, last);
  return draft;
}

function detected(event: BreachEvent, stored: StoredEvent): Draft {
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

/**
 * One event's facts, set on the fold's draft. Every value set is the event's or a new object:
 * the draft's nested objects may still be those of the summary the fold started from, and are
 * replaced, never changed.
 */
function evolve(draft: Draft, event: BreachEvent, stored: StoredEvent): void {
  switch (event.type) {
    case 'BreachDetected':
      throw new UnprojectableEventError(stored, 'the breach was already detected');
    case 'DpoInformed':
      draft.dpoInformedAt ??= event.data.informedAt;
      return;
    case 'DpoAdviceGiven':
      draft.dpoAdvisedAt = latest(draft.dpoAdvisedAt, event.data.advisedAt);
      return;
    case 'BreachAssessed': {
      const { assessedAt, risk, severity, reportable, notifyDataSubjects, rationale } = event.data;
      draft.assessedAt = assessedAt;
      draft.assessment = { risk, severity, reportable, notifyDataSubjects, rationale };
      return;
    }
    case 'BreachReportedToAP': {
      // The first filing counts (docs/domain.md). A later one is a re-filing after a withdrawal,
      // under a new meldnummer: it makes the report stand again and changes no lateness.
      if (draft.reportedAt !== null) {
        draft.apReference = event.data.apReference;
        draft.reportPhase = event.data.phase;
        draft.withdrawnAt = null;
        draft.refilings += 1;
        draft.refiledAt = event.data.reportedAt;
        return;
      }
      const { reportedAt, apReference, phase, late, lateReason } = event.data;
      draft.reportedAt = reportedAt;
      draft.apReference = apReference;
      draft.reportPhase = phase;
      // `late` as judged at filing (imported history may carry it without a reason).
      draft.late = late;
      draft.lateReason = lateReason && lateReasonView(lateReason, stored);
      return;
    }
    case 'BreachReportSupplemented':
      draft.reportPhase = event.data.phase;
      draft.supplementedAt = latest(draft.supplementedAt, event.data.supplementedAt);
      return;
    case 'BreachReportWithdrawn':
      draft.withdrawnAt = event.data.withdrawnAt;
      draft.withdrawalGround = withdrawalGroundOf(event.data);
      return;
    case 'DataSubjectsNotified':
      draft.dataSubjectsNotifiedAt ??= event.data.notifiedAt;
      draft.dataSubjectsNotifiedCount += event.data.count;
      return;
    case 'DataSubjectNotificationWaived':
      draft.notificationWaiver = { waivedAt: event.data.waivedAt, ground: event.data.ground };
      return;
    case 'DataSubjectNotificationWaiverRevoked': {
      const { revokedAt, cause, reason } = event.data;
      draft.notificationWaiver = null;
      draft.waiverRevocation = { revokedAt, cause, reason };
      return;
    }
    case 'RootCauseRecorded':
      draft.rootCauseCategory = event.data.category;
      return;
    case 'MeasureTaken':
    case 'BreachLinkedToRecommendation':
      return;
    case 'LateReasonAssessed': {
      const { verdict, comment, assessedAt } = event.data;
      draft.lateReasonVerdict = { verdict, comment, assessedAt };
      return;
    }
    case 'BreachDetailsCorrected':
      corrected(draft, event.data, stored);
      return;
    case 'BreachClosed':
      draft.closedAt = event.data.closedAt;
      return;
    case 'PersonalDataErased':
      draft.personalDataErasedAt = event.data.erasedAt;
      return;
    // The AP form's answers are read in the dossier and the prepared notification, not in the summary.
    case 'NotificationDetailsRecorded':
      return;
    default: {
      const unknown: never = event;
      throw new UnprojectableEventError(stored, `unknown breach event ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * The correction as the command side applies it too (`correctionOutcome`): the facts the
 * summary shows take their corrected values (the others, description, data categories, ...,
 * are in the timeline's corrections list), and a filed report is judged again.
 */
function corrected(draft: Draft, data: BreachDetailsCorrectedData, stored: StoredEvent): void {
  const { reportedAt, apReference } = draft;
  const outcome = correctionOutcome(draft, reportedAt === null || apReference === null ? null : { firstReportedAt: reportedAt, apReference }, data);
  const { title, dienst, awareAt, processorInformedAt, regime } = outcome.facts;
  if (title !== undefined) draft.title = title;
  if (dienst !== undefined) draft.dienst = dienst;
  if (awareAt !== undefined) draft.awareAt = awareAt;
  if (processorInformedAt !== undefined) draft.processorInformedAt = processorInformedAt;
  if (regime !== undefined) draft.regime = regime;
  if (outcome.filing === null) return;
  draft.reportedAt = outcome.filing.firstReportedAt;
  draft.apReference = outcome.filing.apReference;
  draft.late = outcome.filing.late;
  if (outcome.filing.newLateReason !== null) {
    draft.lateReason = lateReasonView(outcome.filing.newLateReason, stored);
    draft.lateReasonVerdict = null;
  }
}

/**
 * Once erased, every personal field the summary shows reads "[erased]", whatever the event
 * that brought it: the live view then matches a rebuild, where the erased key makes every
 * earlier event read "[erased]" already. A field that was null stays null: there was none.
 * (A document from before erasure existed lacks personalDataErasedAt: not erased.)
 */
function erase(draft: Draft): void {
  if (!draft.personalDataErasedAt) return;
  const { assessment, lateReason, lateReasonVerdict, waiverRevocation } = draft;
  draft.title = ERASED;
  draft.waiverRevocation = waiverRevocation && { ...waiverRevocation, reason: ERASED };
  draft.assessment = assessment && { ...assessment, rationale: assessment.rationale === null ? null : ERASED };
  draft.lateReason = lateReason && { ...lateReason, explanation: ERASED };
  draft.lateReasonVerdict = lateReasonVerdict && { ...lateReasonVerdict, comment: ERASED };
}

/**
 * Everything computed from the facts above, once a fold (not once an event), so a correction
 * moves all of it; with the position and revision of the last event folded in. What depends
 * only on facts that did not change since `before` (the summary the fold started from) is taken
 * from it: the same values, without parsing and formatting the same times again.
 */
function derive(draft: Draft, before: BreachSummary | undefined, stored: StoredEvent): void {
  const { awareAt, reportedAt, registeredAt, processorInformedAt } = draft;
  const sameClock = before !== undefined && before.awareAt === awareAt && before.processorInformedAt === processorInformedAt;
  const sameAwareness = before !== undefined && before.awareAt === awareAt && before.registeredAt === registeredAt;
  draft.year = sameAwareness ? before.year : amsterdamYear(awareAt);
  draft.registrationDelayHours = sameAwareness ? before.registrationDelayHours : oneDecimal(elapsedHours(awareAt, registeredAt));
  draft.deadline = sameClock ? before.deadline : deadlineOf(draft);
  draft.hoursToReport = reportedAt === null ? null : sameClock && before.reportedAt === reportedAt ? before.hoursToReport : oneDecimal(elapsedHours(clockStart(draft), reportedAt));
  draft.reportingStatus = reportingStatusOf(draft);
  draft.closed = draft.closedAt !== null;
  draft.lastPosition = stored.position.toString();
  draft.revision = stored.revision;
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
