import { describe, it } from '@jest/globals';
import { RECOMMENDATION_ID, auditCompleted, context, given, implemented, issued } from '../../../test/support/audits/audit-given.js';
import { decideImplementRecommendation, type ImplementRecommendation } from './implement-recommendation.js';

const DESCRIPTION = 'The breach procedure now sends every registration to the FG.';
const implement = (overrides: Partial<ImplementRecommendation> = {}) => (state: Parameters<typeof decideImplementRecommendation>[1], at: Parameters<typeof decideImplementRecommendation>[2]) =>
  decideImplementRecommendation({ recommendationId: RECOMMENDATION_ID, implementedAt: '2026-04-01T09:00:00.000Z', description: DESCRIPTION, ...overrides }, state, at);

describe('ImplementRecommendation', () => {
  it('records the implementation and what was done', () => {
    given(auditCompleted(), issued()).when(implement({ description: ` ${DESCRIPTION}\n` })).then([implemented()]);
  });

  it('refuses an unknown recommendation', () => {
    given(auditCompleted(), issued()).when(implement({ recommendationId: 'not-issued' })).thenRefused('unknown-recommendation', { recommendationId: 'not-issued' });
  });

  it('refuses to implement twice', () => {
    given(auditCompleted(), issued(), implemented()).when(implement({ implementedAt: '2026-05-01T09:00:00.000Z' })).thenRefused('recommendation-already-implemented');
  });

  it('refuses an implementation without a description', () => {
    given(auditCompleted(), issued()).when(implement({ description: '' })).thenRefused('implementation-requires-description');
  });

  it('refuses an implementation before the recommendation was issued', () => {
    given(auditCompleted(), issued()).when(implement({ implementedAt: '2026-02-03T08:59:59.000Z' })).thenRefused('time-out-of-order', { field: 'implementedAt', mustNotBeBefore: 'issuedAt' });
  });

  it('refuses an implementation in the future', () => {
    given(auditCompleted(), issued()).when(implement({ implementedAt: '2026-06-02T00:00:00.000Z' }), context()).thenRefused('time-in-future', { field: 'implementedAt' });
  });
});
