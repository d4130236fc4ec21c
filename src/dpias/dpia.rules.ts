import { DomainError } from '../shared/domain-error.js';
import type { ResidualRisk } from './dpia.events.js';
import type { CompletedDpia, DpiaState, ExistingDpia } from './dpia.state.js';

/**
 * The rules of docs/domain.md "DPIAs (Art. 35, 36)", by their names there. Pure
 * functions: every time comes in as an argument. The time, text and dienst checks are
 * every slice's (src/shared/decision.rules.ts: one meaning of "not in the future beyond
 * skew" for the whole service).
 */
export { laterOf, requireKnownDienst, requireNotBefore, requireNotInFuture, requireText, type DecisionContext } from '../shared/decision.rules.js';

/** docs/domain.md: a DPIA is reviewed at least every three years. */
export const REVIEW_INTERVAL_YEARS = 3;

/**
 * The review falls due three calendar years after completion (or the last review), on the
 * UTC timeline. 29 February falls back to 28 February rather than rolling into March.
 */
export function reviewDueAt(from: string): string {
  const start = new Date(from);
  const due = new Date(start);
  due.setUTCFullYear(start.getUTCFullYear() + REVIEW_INTERVAL_YEARS);
  if (due.getUTCMonth() !== start.getUTCMonth()) due.setUTCDate(0); // 29 Feb -> 28 Feb
  return due.toISOString();
}

/** Art. 36(1): a high residual risk that the measures cannot reduce requires prior consultation of the AP. */
export function requiresPriorConsultation(residualRisk: ResidualRisk, measuresCannotReduceRisk: boolean): boolean {
  return residualRisk === 'high' && measuresCannotReduceRisk;
}

/**
 * Whether the assessed processing may start: the DPIA is completed and, when prior
 * consultation is required, the AP has concluded it (Art. 36(1): "prior to processing").
 */
export function mayProcessingStart(state: DpiaState): boolean {
  if (state.status !== 'completed') return false;
  return !state.priorConsultationRequired || state.priorConsultation?.concludedAt != null;
}

/** The DPIA exists (the handler answers 404 before decide when it does not). */
export function requireDpia(state: DpiaState): ExistingDpia {
  if (state.status === 'none') throw new DomainError('dpia-not-started', 'the DPIA has not been started');
  return state;
}

/** The DPIA was abandoned: nothing more happens to it. */
function refuseAbandoned(dpia: ExistingDpia): void {
  if (dpia.status === 'abandoned') {
    throw new DomainError('dpia-abandoned', `the DPIA was abandoned at ${dpia.abandonedAt}`, { abandonedAt: dpia.abandonedAt });
  }
}

/** The DPIA exists and is not abandoned (the FG may still advise on a completed DPIA: it is independent). */
export function requireLiveDpia(state: DpiaState): Exclude<ExistingDpia, { status: 'abandoned' }> {
  const dpia = requireDpia(state);
  refuseAbandoned(dpia);
  return dpia as Exclude<ExistingDpia, { status: 'abandoned' }>;
}

/** The DPIA is still being carried out. */
export function requireDpiaInProgress(state: DpiaState): Extract<DpiaState, { status: 'in-progress' }> {
  const dpia = requireLiveDpia(state);
  if (dpia.status === 'completed') {
    throw new DomainError('dpia-completed', `the DPIA was completed at ${dpia.completedAt}`, { completedAt: dpia.completedAt });
  }
  return dpia;
}

/** The DPIA has been completed (prior consultation and reviews follow a completed DPIA). */
export function requireCompletedDpia(state: DpiaState): CompletedDpia {
  const dpia = requireLiveDpia(state);
  if (dpia.status !== 'completed') throw new DomainError('dpia-not-completed', 'the DPIA has not been completed');
  return dpia;
}

/**
 * Art. 36(1): processing that requires prior consultation may not start before the AP has
 * concluded it, so there is no processing to review either.
 */
export function requireProcessingMayStart(dpia: CompletedDpia): void {
  if (mayProcessingStart(dpia)) return;
  const pending = dpia.priorConsultation !== null;
  throw new DomainError(
    pending ? 'prior-consultation-pending' : 'prior-consultation-required',
    pending
      ? `the prior consultation ${dpia.priorConsultation?.apReference ?? ''} with the AP has not been concluded; the processing may not start (Art. 36(1))`
      : 'the residual risk is high and the measures cannot reduce it: the AP must be consulted before the processing starts (Art. 36(1))',
    { residualRisk: dpia.residualRisk },
  );
}

/** What a DPIA start needs to know of the processing activity it links: whether it is in the register, and still live. */
export type LinkedActivity = 'none' | 'registered' | 'retired';

/**
 * A DPIA assesses a processing activity of the register when it names one: the activity
 * must be registered, and not retired (there is nothing left to assess). A DPIA of a
 * processing not yet in the register names none (null).
 */
export function requireLinkableActivity(processingActivityId: string | null, linked: LinkedActivity | null): void {
  if (processingActivityId === null) return;
  if (linked === null || linked === 'none') {
    throw new DomainError('processing-activity-not-registered', `there is no processing activity ${processingActivityId} in the register`, { field: 'processingActivityId' });
  }
  if (linked === 'retired') {
    throw new DomainError('processing-activity-retired', `processing activity ${processingActivityId} was retired: there is no processing to assess`, { field: 'processingActivityId' });
  }
}
