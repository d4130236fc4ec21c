import type { AdviceFollowed, DpiaEvent, DpiaStartedData, ResidualRisk } from './dpia.events.js';
import { laterOf, requiresPriorConsultation, reviewDueAt } from './dpia.rules.js';

export interface PriorConsultation {
  readonly requestedAt: string;
  readonly apReference: string;
  readonly concludedAt: string | null;
}

/** What the rules need to know of a DPIA; the views are built elsewhere (projections). */
export interface DpiaRecord {
  readonly dpiaId: string;
  readonly facts: Omit<DpiaStartedData, 'dpiaId'>;
  /** The FG's first advice (Art. 35(2)), if any. */
  readonly dpoAdvisedAt: string | null;
  /** The latest business time recorded so far: what follows cannot precede it. */
  readonly latestBusinessTime: string;
}

export interface DpiaOutcome {
  readonly completedAt: string;
  readonly residualRisk: ResidualRisk;
  readonly adviceFollowed: AdviceFollowed;
  /** Art. 36(1): high residual risk that measures cannot reduce; the processing may not start before the AP was consulted. */
  readonly priorConsultationRequired: boolean;
  readonly priorConsultation: PriorConsultation | null;
  readonly lastReviewedAt: string | null;
  readonly reviewDueAt: string;
}

export type DpiaState =
  | { readonly status: 'none' }
  | ({ readonly status: 'in-progress' } & DpiaRecord)
  | ({ readonly status: 'completed' } & DpiaRecord & DpiaOutcome)
  | ({ readonly status: 'abandoned'; readonly abandonedAt: string } & DpiaRecord);

export type ExistingDpia = Exclude<DpiaState, { status: 'none' }>;
export type CompletedDpia = Extract<DpiaState, { status: 'completed' }>;

export const initialState = (): DpiaState => ({ status: 'none' });

export function evolve(state: DpiaState, event: DpiaEvent): DpiaState {
  if (event.type === 'DpiaStarted') {
    const { dpiaId, ...facts } = event.data;
    return { status: 'in-progress', dpiaId, facts, dpoAdvisedAt: null, latestBusinessTime: facts.startedAt };
  }
  if (state.status === 'none') return state; // nothing precedes the start in a valid stream
  const seen = (time: string) => laterOf(state.latestBusinessTime, time);
  switch (event.type) {
    case 'DpoAdviceOnDpiaGiven':
      return { ...state, dpoAdvisedAt: state.dpoAdvisedAt ?? event.data.advisedAt, latestBusinessTime: seen(event.data.advisedAt) };
    case 'DpiaCompleted': {
      const { completedAt, residualRisk, adviceFollowed, measuresCannotReduceRisk } = event.data;
      const { dpiaId, facts, dpoAdvisedAt } = state;
      return {
        status: 'completed',
        dpiaId,
        facts,
        dpoAdvisedAt,
        latestBusinessTime: seen(completedAt),
        completedAt,
        residualRisk,
        adviceFollowed,
        priorConsultationRequired: requiresPriorConsultation(residualRisk, measuresCannotReduceRisk),
        priorConsultation: null,
        lastReviewedAt: null,
        reviewDueAt: reviewDueAt(completedAt),
      };
    }
    case 'PriorConsultationRequested':
      if (state.status !== 'completed') return state;
      return { ...state, priorConsultation: { ...event.data, concludedAt: null }, latestBusinessTime: seen(event.data.requestedAt) };
    case 'PriorConsultationConcluded':
      if (state.status !== 'completed' || state.priorConsultation === null) return state;
      return { ...state, priorConsultation: { ...state.priorConsultation, concludedAt: event.data.concludedAt }, latestBusinessTime: seen(event.data.concludedAt) };
    case 'DpiaAbandoned': {
      const { dpiaId, facts, dpoAdvisedAt } = state;
      return { status: 'abandoned', dpiaId, facts, dpoAdvisedAt, latestBusinessTime: seen(event.data.abandonedAt), abandonedAt: event.data.abandonedAt };
    }
    case 'DpiaReviewed':
      if (state.status !== 'completed') return state;
      return { ...state, lastReviewedAt: event.data.reviewedAt, reviewDueAt: event.data.nextReviewDue, latestBusinessTime: seen(event.data.reviewedAt) };
    default: {
      const unknown: never = event;
      throw new Error(`unknown DPIA event ${(unknown as { type: string }).type}`);
    }
  }
}
