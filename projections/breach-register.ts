import type { StoredEvent } from '../src/event-store/event-store.port.js';
import { BREACH_CATEGORY, breachIdOf } from './breach-stream.js';
import { foldBreachSummary, type BreachSummary, type LateReasonView } from './breach-summary.js';
import { breachRegisterAggregates } from './breach-register-aggregates.js';
import type { ProjectionDefinition } from './projection.js';

/**
 * The register of breaches (Art. 33(5): every breach is registered, reported or not): one
 * slim row per breach for the list and for the yearly reports, which are computed from
 * these rows at query time (breach-reports.ts). A row is a pure function of the same
 * summary the timeline shows, so the register and the timeline can never disagree.
 */

/** The facts of the summary a row shows as they are. */
type SummaryColumns =
  | 'breachId'
  | 'title'
  | 'dienst'
  | 'regime'
  | 'year'
  | 'awareAt'
  | 'processorInformedAt'
  | 'registeredAt'
  | 'registrationDelayHours'
  | 'deadline'
  | 'reportingStatus'
  | 'closed'
  | 'reportedAt'
  | 'late'
  | 'hoursToReport'
  | 'lateReasonVerdict'
  | 'dpoInformedAt'
  | 'dataSubjectsNotifiedCount'
  | 'withdrawalGround'
  | 'refilings'
  | 'rootCauseCategory'
  | 'imported'
  | 'lastPosition';

export type BreachRegisterRow = Pick<BreachSummary, SummaryColumns> & {
  readonly lateReasonCode: LateReasonView['code'] | null;
  readonly lateReasonExplanation: LateReasonView['explanation'] | null;
  readonly apView: LateReasonView['apView'] | null;
  /** Null while unreported; true when the FG was informed at or before the (first) filing. */
  readonly dpoInformedBeforeReport: boolean | null;
  readonly dataSubjectsNotified: boolean;
  /** The standing report is withdrawn (a re-filing makes it stand again). */
  readonly withdrawn: boolean;
};

/**
 * The stored document: the row, and the summary it was derived from. The definition only
 * receives its own document, so the row carries what the next event is folded into.
 */
export type BreachRegisterDocument = BreachRegisterRow & { readonly basis: BreachSummary };

/** The row of a stored document: without the summary it is folded from. */
export function rowOf(document: BreachRegisterDocument): BreachRegisterRow {
  const { basis: _basis, ...row } = document;
  return row;
}

export function toRegisterRow(summary: BreachSummary): BreachRegisterRow {
  const { reportedAt, dpoInformedAt, lateReason } = summary;
  return {
    breachId: summary.breachId,
    title: summary.title,
    dienst: summary.dienst,
    regime: summary.regime,
    year: summary.year,
    awareAt: summary.awareAt,
    processorInformedAt: summary.processorInformedAt,
    registeredAt: summary.registeredAt,
    registrationDelayHours: summary.registrationDelayHours,
    deadline: summary.deadline,
    reportingStatus: summary.reportingStatus,
    closed: summary.closed,
    reportedAt,
    late: summary.late,
    hoursToReport: summary.hoursToReport,
    lateReasonCode: lateReason?.code ?? null,
    lateReasonExplanation: lateReason?.explanation ?? null,
    apView: lateReason?.apView ?? null,
    lateReasonVerdict: summary.lateReasonVerdict,
    dpoInformedAt,
    dpoInformedBeforeReport: reportedAt === null ? null : dpoInformedAt !== null && Date.parse(dpoInformedAt) <= Date.parse(reportedAt),
    dataSubjectsNotified: summary.dataSubjectsNotifiedCount > 0,
    dataSubjectsNotifiedCount: summary.dataSubjectsNotifiedCount,
    withdrawn: summary.withdrawnAt !== null,
    withdrawalGround: summary.withdrawalGround,
    refilings: summary.refilings,
    rootCauseCategory: summary.rootCauseCategory,
    imported: summary.imported,
    lastPosition: summary.lastPosition,
  };
}

export const breachRegister: ProjectionDefinition<BreachRegisterDocument> = {
  // v2: regime, processorInformedAt (the clock start), withdrawal grounds, re-filings, root causes.
  name: 'breach-register.v2',
  category: BREACH_CATEGORY,
  indexes: ['year', 'dienst', 'regime', 'reportingStatus', 'late', 'lateReasonCode', 'deadline', 'closed', 'awareAt'],
  documentId: breachIdOf,
  documentPerStream: true,
  // The yearly figures, kept per month of awareness in the commits of the rows.
  aggregates: breachRegisterAggregates,
  apply(document, event) {
    return applyToRegister(document, [event]);
  },
  applyAll: applyToRegister,
};

/** The row of the summary folded on by the events (one or a stream's run), the row built once. */
function applyToRegister(document: BreachRegisterDocument | undefined, events: readonly StoredEvent[]): BreachRegisterDocument | null {
  const next = foldBreachSummary(document?.basis, events);
  if (next === undefined) return document ?? null;
  // `basis` is added to the new row, not spread with it into another literal: in V8 that gave
  // nearly every row a hidden class of its own (as in foldBreachTimeline).
  return Object.assign(toRegisterRow(next), { basis: next });
}
