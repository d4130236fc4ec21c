import { describe, expect, it } from '@jest/globals';
import type { DpiaEvent } from '../dpia.events.js';
import { advised, completed, completedHighRisk, consultationConcluded, consultationRequested, context, given, started } from '../../../test/support/dpias/dpia-given.js';
import { decideReviewDpia, type ReviewDpia } from './review-dpia.js';

const OUTCOME = 'The processing is unchanged; the measures work.';
const review = (overrides: Partial<ReviewDpia> = {}) => (state: Parameters<typeof decideReviewDpia>[1], at: Parameters<typeof decideReviewDpia>[2]) =>
  decideReviewDpia({ reviewedAt: '2029-03-01T09:00:00.000Z', outcome: OUTCOME, nextReviewDue: null, ...overrides }, state, at);
const reviewed = (nextReviewDue = '2032-03-01T09:00:00.000Z'): DpiaEvent => ({ type: 'DpiaReviewed', data: { reviewedAt: '2029-03-01T09:00:00.000Z', outcome: OUTCOME, nextReviewDue } });
const in2029 = context('2029-03-02T00:00:00.000Z');

describe('ReviewDpia', () => {
  it('a review falls due three years after completion', () => {
    expect(given(started(), advised(), completed()).state).toMatchObject({ reviewDueAt: '2029-04-01T09:00:00.000Z' });
  });

  it('records a review with the next one three years on', () => {
    given(started(), advised(), completed()).when(review(), in2029).then([reviewed()]);
  });

  it('moves the due date to the review\'s next one', () => {
    expect(given(started(), advised(), completed(), reviewed('2030-03-01T09:00:00.000Z')).state).toMatchObject({ reviewDueAt: '2030-03-01T09:00:00.000Z', lastReviewedAt: '2029-03-01T09:00:00.000Z' });
  });

  it('accepts an earlier next review', () => {
    given(started(), advised(), completed()).when(review({ nextReviewDue: '2030-03-01T09:00:00.000Z' }), in2029).then([reviewed('2030-03-01T09:00:00.000Z')]);
  });

  it('refuses a next review more than three years on', () => {
    given(started(), advised(), completed()).when(review({ nextReviewDue: '2032-03-02T09:00:00.000Z' }), in2029).thenRefused('review-interval-too-long', { limit: '2032-03-01T09:00:00.000Z' });
  });

  it('refuses a next review before the review', () => {
    given(started(), advised(), completed()).when(review({ nextReviewDue: '2029-02-01T09:00:00.000Z' }), in2029).thenRefused('time-out-of-order', { field: 'nextReviewDue' });
  });

  it('refuses to review a DPIA that is not completed', () => {
    given(started()).when(review(), in2029).thenRefused('dpia-not-completed');
  });

  it('refuses to review processing that awaits a required prior consultation', () => {
    given(started(), advised(), completedHighRisk()).when(review(), in2029).thenRefused('prior-consultation-required', { residualRisk: 'high' });
  });

  it('refuses to review processing while the AP has not concluded the consultation', () => {
    given(started(), advised(), completedHighRisk(), consultationRequested()).when(review(), in2029).thenRefused('prior-consultation-pending');
  });

  it('reviews a high-risk DPIA once the AP concluded the consultation', () => {
    given(started(), advised(), completedHighRisk(), consultationRequested(), consultationConcluded()).when(review(), in2029).then([reviewed()]);
  });

  it('refuses a review before the completion', () => {
    given(started(), advised(), completed()).when(review({ reviewedAt: '2026-03-15T09:00:00.000Z' }), in2029).thenRefused('time-out-of-order', { field: 'reviewedAt' });
  });

  it('refuses a review in the future', () => {
    given(started(), advised(), completed()).when(review(), context('2029-02-01T00:00:00.000Z')).thenRefused('time-in-future');
  });

  it('refuses a review without an outcome', () => {
    given(started(), advised(), completed()).when(review({ outcome: ' ' }), in2029).thenRefused('review-requires-outcome');
  });
});
