import { describe, expect, it } from '@jest/globals';
import { evolve } from '../dpia.state.js';
import { advised, completed, completedData, context, given, started } from '../../../test/support/dpias/dpia-given.js';
import { decideCompleteDpia } from './complete-dpia.js';

const complete = (overrides: Parameters<typeof completedData>[0] = {}) => (state: Parameters<typeof decideCompleteDpia>[1], at: Parameters<typeof decideCompleteDpia>[2]) =>
  decideCompleteDpia(completedData(overrides), state, at);
const REASON = 'The FG was on leave and the council decision could not wait.';

describe('CompleteDpia', () => {
  it('records the completion with residual risk, conclusion, measures and what was done with the advice', () => {
    given(started(), advised()).when(complete()).then([completed()]);
  });

  it('completes without the FG\'s advice when a reason is given, flagged as no-advice', () => {
    given(started()).when(complete({ adviceFollowed: 'no-advice', withoutAdviceReason: REASON })).then([completed({ adviceFollowed: 'no-advice', withoutAdviceReason: REASON })]);
  });

  it('refuses to complete without the FG\'s advice and without a reason', () => {
    given(started()).when(complete({ adviceFollowed: 'no-advice', withoutAdviceReason: '  ' })).thenRefused('completion-without-advice-requires-reason', { field: 'withoutAdviceReason' });
  });

  it('refuses to say the advice was followed when none was given', () => {
    given(started()).when(complete({ adviceFollowed: 'followed' })).thenRefused('no-dpo-advice-given');
  });

  it('refuses to call it no-advice when the FG did advise', () => {
    given(started(), advised()).when(complete({ adviceFollowed: 'no-advice', withoutAdviceReason: REASON })).thenRefused('dpo-advice-was-given');
  });

  it('drops a without-advice reason when the FG did advise', () => {
    given(started(), advised()).when(complete({ adviceFollowed: 'partly', withoutAdviceReason: REASON })).then([completed({ adviceFollowed: 'partly' })]);
  });

  it('records that a high residual risk the measures cannot reduce requires prior consultation', () => {
    const history = given(started(), advised(), completed({ residualRisk: 'high', measuresCannotReduceRisk: true }));
    expect(history.state).toMatchObject({ status: 'completed', priorConsultationRequired: true, reviewDueAt: '2029-04-01T09:00:00.000Z' });
  });

  it('does not require prior consultation for a high risk the measures reduce', () => {
    const state = [started(), advised(), completed({ residualRisk: 'high' })].reduce(evolve, { status: 'none' });
    expect(state).toMatchObject({ priorConsultationRequired: false });
  });

  it('refuses "measures cannot reduce the risk" with a residual risk that is not high', () => {
    given(started(), advised()).when(complete({ residualRisk: 'medium', measuresCannotReduceRisk: true })).thenRefused('measures-cannot-reduce-requires-high-risk');
  });

  it('refuses a completion without a conclusion', () => {
    given(started(), advised()).when(complete({ conclusion: '' })).thenRefused('completion-requires-conclusion');
  });

  it('refuses an empty measure', () => {
    given(started(), advised()).when(complete({ measures: ['Access logged', ' '] })).thenRefused('measure-requires-text');
  });

  it('refuses a completion before the FG\'s advice', () => {
    given(started(), advised()).when(complete({ completedAt: '2026-03-01T09:00:00.000Z' })).thenRefused('time-out-of-order', { field: 'completedAt' });
  });

  it('refuses a completion in the future', () => {
    given(started(), advised()).when(complete({ completedAt: '2026-06-01T12:10:00.000Z' }), context('2026-06-01T12:00:00.000Z')).thenRefused('time-in-future');
  });

  it('refuses to complete a DPIA twice', () => {
    given(started(), advised(), completed()).when(complete()).thenRefused('dpia-completed');
  });
});
