import type {
  BreachAssessedData,
  BreachDetectedData,
  BreachEvent,
  Correction,
  LateReason,
  LateReasonVerdict,
  ReportPhase,
  WaiverGround,
} from './breach.events.js';
import { isLateReport, laterOf, reportingDeadline } from './breach.rules.js';

export interface FiledReport {
  readonly reportedAt: string;
  readonly apReference: string;
  /** The phase of the latest filing (a supplement may make it final). */
  readonly phase: ReportPhase;
  readonly late: boolean;
  readonly lateReason: LateReason | null;
  readonly lateReasonVerdict: LateReasonVerdict | null;
  readonly withdrawnAt: string | null;
  /** The latest filing, first or supplement: a later filing or withdrawal cannot precede it. */
  readonly lastFiledAt: string;
}

/** What the rules need to know of a breach; the views are built elsewhere (projections). */
export interface BreachRecord {
  readonly breachId: string;
  /** The detection facts, with every correction applied. */
  readonly facts: Omit<BreachDetectedData, 'breachId'>;
  readonly deadline: string;
  readonly dpoInformedAt: string | null;
  readonly assessment: BreachAssessedData | null;
  readonly report: FiledReport | null;
  readonly dataSubjectsNotifiedAt: string | null;
  readonly notificationWaiver: WaiverGround | null;
  readonly rootCauseRecorded: boolean;
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
    const { breachId, ...facts } = event.data;
    return {
      status: 'open',
      breachId,
      facts,
      deadline: reportingDeadline(facts.awareAt),
      dpoInformedAt: null,
      assessment: null,
      report: null,
      dataSubjectsNotifiedAt: null,
      notificationWaiver: null,
      rootCauseRecorded: false,
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
      return { ...state, report: { reportedAt, apReference, phase, late, lateReason, lateReasonVerdict: null, withdrawnAt: null, lastFiledAt: reportedAt }, latestBusinessTime: seen(reportedAt) };
    }
    case 'BreachReportSupplemented':
      return { ...state, report: state.report && { ...state.report, phase: event.data.phase, lastFiledAt: laterOf(state.report.lastFiledAt, event.data.supplementedAt) }, latestBusinessTime: seen(event.data.supplementedAt) };
    case 'BreachReportWithdrawn':
      return { ...state, report: state.report && { ...state.report, withdrawnAt: event.data.withdrawnAt }, latestBusinessTime: seen(event.data.withdrawnAt) };
    case 'DataSubjectsNotified':
      return { ...state, dataSubjectsNotifiedAt: state.dataSubjectsNotifiedAt ?? event.data.notifiedAt, latestBusinessTime: seen(event.data.notifiedAt) };
    case 'DataSubjectNotificationWaived':
      return { ...state, notificationWaiver: event.data.ground, latestBusinessTime: seen(event.data.waivedAt) };
    case 'RootCauseRecorded':
      return { ...state, rootCauseRecorded: true };
    case 'MeasureTaken':
      return { ...state, measureIds: [...state.measureIds, event.data.measureId], latestBusinessTime: seen(event.data.takenAt) };
    case 'LateReasonAssessed':
      return { ...state, report: state.report && { ...state.report, lateReasonVerdict: event.data.verdict } };
    case 'BreachDetailsCorrected':
      return applyCorrections(state, event.data.corrections, event.data.lateReason);
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

/** A corrected awareAt moves the deadline; a corrected awareAt or reportedAt re-judges lateness. */
function applyCorrections<S extends ExistingBreach>(state: S, corrections: readonly Correction[], lateReason: LateReason | null): S {
  let facts: BreachRecord['facts'] = state.facts;
  let report = state.report;
  for (const correction of corrections) {
    if (correction.field === 'reportedAt' || correction.field === 'apReference') {
      if (report) report = { ...report, [correction.field]: correction.to, lastFiledAt: correction.field === 'reportedAt' ? laterOf(report.lastFiledAt, correction.to) : report.lastFiledAt };
    } else {
      facts = { ...facts, [correction.field]: correction.to };
    }
  }
  const deadline = reportingDeadline(facts.awareAt);
  if (report) {
    const late = isLateReport(report.reportedAt, deadline);
    // A new reason is a new question for the FG: an earlier verdict was about the old one.
    const reason = late && lateReason ? lateReason : report.lateReason;
    report = { ...report, late, lateReason: reason, lateReasonVerdict: reason === report.lateReason ? report.lateReasonVerdict : null };
  }
  return { ...state, facts, deadline, report, latestBusinessTime: laterOf(state.latestBusinessTime, facts.awareAt) };
}
