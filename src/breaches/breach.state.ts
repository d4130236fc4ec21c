import type {
  BreachAssessedData,
  BreachDetailsCorrectedData,
  BreachDetectedData,
  BreachEvent,
  LateReason,
  LateReasonVerdict,
  Regime,
  ReportPhase,
  RootCauseCategory,
  WaiverGround,
  WaiverRevocationCause,
  WithdrawalGround,
} from './breach.events.js';
import { clockStart, correctionOutcome, deadlineOf, laterOf, regimeOf, withdrawalGroundOf, type CorrectedFiling } from './breach.rules.js';

export interface FiledReport {
  /** When the standing filing (the first, or the latest re-filing after a withdrawal) was filed. */
  readonly reportedAt: string;
  readonly apReference: string;
  /** The first filing: it decides lateness, whatever re-filings follow a withdrawal. */
  readonly firstReportedAt: string;
  /** Every meldnummer filed under, the first first: a re-filing gets a new one. */
  readonly apReferences: readonly string[];
  /** The phase of the latest filing (a supplement may make it final). */
  readonly phase: ReportPhase;
  readonly late: boolean;
  readonly lateReason: LateReason | null;
  readonly lateReasonVerdict: LateReasonVerdict | null;
  readonly withdrawnAt: string | null;
  /** The ground of the withdrawal of the standing filing, while it is withdrawn. */
  readonly withdrawalGround: WithdrawalGround | null;
  /** The latest filing, first or supplement: a later filing or withdrawal cannot precede it. */
  readonly lastFiledAt: string;
}

/** The detection facts, with every correction applied; fields recorded later read as their defaults. */
export type BreachFacts = Omit<BreachDetectedData, 'breachId' | 'processorInformedAt' | 'regime'> & {
  /** When a processor informed the municipality: the 72-hour clock starts here when it is set. */
  readonly processorInformedAt: string | null;
  readonly regime: Regime;
};

/** What the rules need to know of a breach; the views are built elsewhere (projections). */
export interface BreachRecord {
  readonly breachId: string;
  readonly facts: BreachFacts;
  readonly deadline: string;
  readonly dpoInformedAt: string | null;
  readonly assessment: BreachAssessedData | null;
  readonly report: FiledReport | null;
  readonly dataSubjectsNotifiedAt: string | null;
  readonly notificationWaiver: WaiverGround | null;
  /** A waiver was revoked (Art. 34(4), or its ground failed): the communication is owed again. */
  readonly waiverRevoked: WaiverRevocationCause | null;
  /** The latest root cause recorded (`unknown` is an explicit answer). */
  readonly rootCause: RootCauseCategory | null;
  /** `auditId/recommendationId/relation` of every link to an audit recommendation. */
  readonly recommendationLinks: readonly string[];
  readonly measureIds: readonly string[];
  /** The latest business time recorded so far: a closure cannot precede it. */
  readonly latestBusinessTime: string;
  /** When its personal data was erased (its key deleted); no personal data may be recorded after. */
  readonly personalDataErasedAt: string | null;
}

export type BreachState =
  | { readonly status: 'none' }
  | ({ readonly status: 'open' } & BreachRecord)
  | ({ readonly status: 'closed'; readonly closedAt: string } & BreachRecord);

export type ExistingBreach = Exclude<BreachState, { status: 'none' }>;

export const initialState = (): BreachState => ({ status: 'none' });

export function evolve(state: BreachState, event: BreachEvent): BreachState {
  if (event.type === 'BreachDetected') {
    const { breachId, processorInformedAt, regime: _regime, ...detected } = event.data;
    const facts: BreachFacts = { ...detected, processorInformedAt: processorInformedAt ?? null, regime: regimeOf(event.data) };
    return {
      status: 'open',
      breachId,
      facts,
      deadline: deadlineOf(facts),
      dpoInformedAt: null,
      assessment: null,
      report: null,
      dataSubjectsNotifiedAt: null,
      notificationWaiver: null,
      waiverRevoked: null,
      rootCause: null,
      recommendationLinks: [],
      measureIds: [],
      latestBusinessTime: facts.awareAt,
      personalDataErasedAt: null,
    };
  }
  if (state.status === 'none') return state; // nothing precedes detection in a valid stream
  const seen = (time: string) => laterOf(state.latestBusinessTime, time);
  switch (event.type) {
    case 'DpoInformed':
      return { ...state, dpoInformedAt: state.dpoInformedAt ?? event.data.informedAt, latestBusinessTime: seen(event.data.informedAt) };
    case 'DpoAdviceGiven':
      return { ...state, latestBusinessTime: seen(event.data.advisedAt) };
    case 'BreachAssessed':
      return { ...state, assessment: event.data, latestBusinessTime: seen(event.data.assessedAt) };
    case 'BreachReportedToAP': {
      const { reportedAt, apReference, phase, late, lateReason } = event.data;
      const earlier = state.report;
      // A re-filing after a withdrawal: the first filing's judgement (late, reason, verdict) stands.
      const report: FiledReport = earlier
        ? { ...earlier, reportedAt, apReference, phase, apReferences: [...earlier.apReferences, apReference], withdrawnAt: null, withdrawalGround: null, lastFiledAt: laterOf(earlier.lastFiledAt, reportedAt) }
        : { reportedAt, apReference, firstReportedAt: reportedAt, apReferences: [apReference], phase, late, lateReason, lateReasonVerdict: null, withdrawnAt: null, withdrawalGround: null, lastFiledAt: reportedAt };
      return { ...state, report, latestBusinessTime: seen(reportedAt) };
    }
    case 'BreachReportSupplemented':
      return { ...state, report: state.report && { ...state.report, phase: event.data.phase, lastFiledAt: laterOf(state.report.lastFiledAt, event.data.supplementedAt) }, latestBusinessTime: seen(event.data.supplementedAt) };
    case 'BreachReportWithdrawn':
      return { ...state, report: state.report && { ...state.report, withdrawnAt: event.data.withdrawnAt, withdrawalGround: withdrawalGroundOf(event.data) }, latestBusinessTime: seen(event.data.withdrawnAt) };
    case 'DataSubjectsNotified':
      return { ...state, dataSubjectsNotifiedAt: state.dataSubjectsNotifiedAt ?? event.data.notifiedAt, latestBusinessTime: seen(event.data.notifiedAt) };
    case 'DataSubjectNotificationWaived':
      return { ...state, notificationWaiver: event.data.ground, latestBusinessTime: seen(event.data.waivedAt) };
    case 'DataSubjectNotificationWaiverRevoked':
      return { ...state, notificationWaiver: null, waiverRevoked: event.data.cause, latestBusinessTime: seen(event.data.revokedAt) };
    case 'RootCauseRecorded':
      return { ...state, rootCause: event.data.category };
    case 'BreachLinkedToRecommendation': {
      const { auditId, recommendationId, relation, linkedAt } = event.data;
      return { ...state, recommendationLinks: [...state.recommendationLinks, recommendationLinkKey(auditId, recommendationId, relation)], latestBusinessTime: seen(linkedAt) };
    }
    case 'MeasureTaken':
      return { ...state, measureIds: [...state.measureIds, event.data.measureId], latestBusinessTime: seen(event.data.takenAt) };
    case 'LateReasonAssessed':
      return { ...state, report: state.report && { ...state.report, lateReasonVerdict: event.data.verdict } };
    case 'BreachDetailsCorrected':
      return applyCorrections(state, event.data);
    case 'BreachClosed':
      return { ...state, status: 'closed', closedAt: event.data.closedAt, latestBusinessTime: seen(event.data.closedAt) };
    case 'PersonalDataErased':
      // The time of the service's own act, not a business time: it moves no other limit.
      return { ...state, personalDataErasedAt: event.data.erasedAt };
    // The AP form's answers (record-notification-details/): no rule depends on them.
    case 'NotificationDetailsRecorded':
      return state;
    default: {
      const unknown: never = event;
      throw new Error(`unknown breach event ${JSON.stringify(unknown)}`);
    }
  }
}

export const recommendationLinkKey = (auditId: string, recommendationId: string, relation: string): string => `${auditId}/${recommendationId}/${relation}`;

/**
 * The correction as every side applies it (`correctionOutcome`); the filing's own records
 * follow: the standing filing's time is the first filing's while there was no re-filing, and
 * its meldnummer is the last of those filed under.
 */
function applyCorrections<S extends ExistingBreach>(state: S, correction: BreachDetailsCorrectedData): S {
  const before = state.report;
  const outcome = correctionOutcome(state.facts, before && { firstReportedAt: before.firstReportedAt, apReference: before.apReference }, correction);
  const facts: BreachFacts = { ...state.facts, ...outcome.facts };
  const report = before && outcome.filing && correctedReport(before, outcome.filing);
  return { ...state, facts, deadline: outcome.deadline, report, latestBusinessTime: laterOf(laterOf(state.latestBusinessTime, facts.awareAt), clockStart(facts)) };
}

function correctedReport(report: FiledReport, filing: CorrectedFiling): FiledReport {
  const { firstReportedAt, apReference, late, newLateReason } = filing;
  const moved = firstReportedAt !== report.firstReportedAt;
  return {
    ...report,
    reportedAt: moved && report.apReferences.length === 1 ? firstReportedAt : report.reportedAt,
    apReference,
    firstReportedAt,
    apReferences: apReference === report.apReference ? report.apReferences : [...report.apReferences.slice(0, -1), apReference],
    late,
    lateReason: newLateReason ?? report.lateReason,
    lateReasonVerdict: newLateReason === null ? report.lateReasonVerdict : null,
    lastFiledAt: moved ? laterOf(report.lastFiledAt, firstReportedAt) : report.lastFiledAt,
  };
}
