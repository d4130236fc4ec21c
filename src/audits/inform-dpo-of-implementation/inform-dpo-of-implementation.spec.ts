import { describe, it } from '@jest/globals';
import { RECOMMENDATION_ID, auditCompleted, context, dpoInformed, given, implemented, issued } from '../../../test/support/audits/audit-given.js';
import { decideInformDpoOfImplementation, type InformDpoOfImplementation } from './inform-dpo-of-implementation.js';

const inform = (overrides: Partial<InformDpoOfImplementation> = {}) => (state: Parameters<typeof decideInformDpoOfImplementation>[1], at: Parameters<typeof decideInformDpoOfImplementation>[2]) =>
  decideInformDpoOfImplementation({ recommendationId: RECOMMENDATION_ID, informedAt: '2026-04-02T09:00:00.000Z', ...overrides }, state, at);

describe('InformDpoOfImplementation', () => {
  it('records that the FG was informed of the implementation', () => {
    given(auditCompleted(), issued(), implemented()).when(inform()).then([dpoInformed()]);
  });

  it('refuses an unknown recommendation', () => {
    given(auditCompleted(), issued(), implemented()).when(inform({ recommendationId: 'not-issued' })).thenRefused('unknown-recommendation');
  });

  it('refuses to inform the FG of a recommendation not implemented', () => {
    given(auditCompleted(), issued()).when(inform()).thenRefused('recommendation-not-implemented', { recommendationId: RECOMMENDATION_ID });
  });

  it('refuses to inform the FG twice', () => {
    given(auditCompleted(), issued(), implemented(), dpoInformed()).when(inform({ informedAt: '2026-04-03T09:00:00.000Z' })).thenRefused('dpo-already-informed-of-implementation');
  });

  it('refuses informing the FG before the implementation', () => {
    given(auditCompleted(), issued(), implemented()).when(inform({ informedAt: '2026-03-31T09:00:00.000Z' })).thenRefused('time-out-of-order', { field: 'informedAt', mustNotBeBefore: 'implementedAt' });
  });

  it('refuses informing the FG in the future', () => {
    given(auditCompleted(), issued(), implemented()).when(inform({ informedAt: '2026-06-02T00:00:00.000Z' }), context()).thenRefused('time-in-future', { field: 'informedAt' });
  });
});
