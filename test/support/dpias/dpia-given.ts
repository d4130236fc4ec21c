import { givenWhenThen } from '../given-when-then.js';
import type { DpiaCompletedData, DpiaEvent, DpiaStartedData } from '../../../src/dpias/dpia.events.js';
import type { DecisionContext } from '../../../src/dpias/dpia.rules.js';
import { evolve, initialState } from '../../../src/dpias/dpia.state.js';

/** Given/when/then at the decide level: no Nest, no store, an explicit clock. */

export const DPIA_ID = '5d2c1b7e-8a4f-4e3b-9c61-2f7a0b3d4e51';
export const PROCESSING_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

export function context(now = '2026-06-01T12:00:00.000Z', overrides: Partial<DecisionContext> = {}): DecisionContext {
  return { now, maxClockSkewMs: 5 * 60_000, diensten: ['DBV', 'OCW', 'DPZ', 'SZW', 'DSB', 'DSO', 'BSD'], ...overrides };
}

export function startedData(overrides: Partial<DpiaStartedData> = {}): DpiaStartedData {
  return {
    dpiaId: DPIA_ID,
    title: 'Camera surveillance in the city centre',
    dienst: 'DSB',
    processingActivityId: PROCESSING_ID,
    owner: 'AD DSB',
    startedAt: '2026-02-02T09:00:00.000Z',
    ...overrides,
  };
}

export const started = (overrides: Partial<DpiaStartedData> = {}): DpiaEvent => ({ type: 'DpiaStarted', data: startedData(overrides) });

export const advised = (advisedAt = '2026-03-02T09:00:00.000Z'): DpiaEvent => ({
  type: 'DpoAdviceOnDpiaGiven',
  data: { advice: 'Limit the retention of recordings to 28 days.', advisedAt },
});

export function completedData(overrides: Partial<DpiaCompletedData> = {}): DpiaCompletedData {
  return {
    completedAt: '2026-04-01T09:00:00.000Z',
    residualRisk: 'medium',
    conclusion: 'Acceptable with the measures below.',
    measures: ['Retention limited to 28 days', 'Access logged'],
    adviceFollowed: 'followed',
    withoutAdviceReason: null,
    measuresCannotReduceRisk: false,
    adviceNotFollowedJustification: null,
    ...overrides,
  };
}

export const completed = (overrides: Partial<DpiaCompletedData> = {}): DpiaEvent => ({ type: 'DpiaCompleted', data: completedData(overrides) });

/** A completed DPIA with a high residual risk the measures cannot reduce: Art. 36 applies. */
export const completedHighRisk = (): DpiaEvent => completed({ residualRisk: 'high', measuresCannotReduceRisk: true });

export const consultationRequested = (requestedAt = '2026-04-02T09:00:00.000Z'): DpiaEvent => ({
  type: 'PriorConsultationRequested',
  data: { requestedAt, apReference: 'AP-VB-2026-17' },
});

export const consultationConcluded = (concludedAt = '2026-05-20T09:00:00.000Z'): DpiaEvent => ({
  type: 'PriorConsultationConcluded',
  data: { concludedAt, outcome: 'No objection, provided recordings are deleted after 28 days.', apReference: 'AP-VB-2026-17' },
});

export const given = givenWhenThen(evolve, initialState, () => context());
