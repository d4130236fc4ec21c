import { describe, it } from '@jest/globals';
import type { BreachEvent } from '../breach.events.js';
import { AUDIT_ID, auditWithRecommendation, context, detected, given, RECOMMENDATION_ID } from '../../../test/support/breaches/breach-given.js';
import { decideLinkBreachToRecommendation, type LinkBreachToRecommendation } from './link-breach-to-recommendation.js';

const at = context('2026-04-20T12:00:00.000Z');
const command = (overrides: Partial<LinkBreachToRecommendation> = {}): LinkBreachToRecommendation => ({
  auditId: AUDIT_ID,
  recommendationId: RECOMMENDATION_ID,
  relation: 'led-to',
  linkedAt: '2026-04-02T10:00:00.000Z',
  ...overrides,
});
const link = (overrides: Partial<LinkBreachToRecommendation> = {}, audit = auditWithRecommendation()) => (state: Parameters<typeof decideLinkBreachToRecommendation>[2], c: Parameters<typeof decideLinkBreachToRecommendation>[3]) =>
  decideLinkBreachToRecommendation(command(overrides), audit, state, c);
const linked = (overrides: Partial<LinkBreachToRecommendation> = {}): BreachEvent => ({ type: 'BreachLinkedToRecommendation', data: command(overrides) });

describe('LinkBreachToRecommendation', () => {
  it('links a breach to the recommendation it led to', () => {
    given(detected()).when(link(), at).then([linked()]);
  });

  it('links a breach to an earlier recommendation that should have prevented it', () => {
    given(detected()).when(link({ relation: 'should-have-prevented' }, auditWithRecommendation('2025-06-01T09:00:00.000Z')), at).then([linked({ relation: 'should-have-prevented' })]);
  });

  it('refuses "led to" for a recommendation issued before the breach was known', () => {
    given(detected()).when(link({}, auditWithRecommendation('2025-06-01T09:00:00.000Z')), at).thenRefused('time-out-of-order', { field: 'issuedAt' });
  });

  it('refuses a recommendation the audit does not hold, and an audit that does not exist', () => {
    given(detected()).when(link({ recommendationId: '00000000-0000-4000-8000-000000000000' }), at).thenRefused('recommendation-not-found');
    given(detected()).when(link({}, { status: 'none' }), at).thenRefused('recommendation-not-found', { auditId: AUDIT_ID });
  });

  it('refuses the same link twice, but accepts the other relation', () => {
    given(detected(), linked()).when(link(), at).thenRefused('recommendation-already-linked');
    given(detected(), linked()).when(link({ relation: 'should-have-prevented' }), at).then([linked({ relation: 'should-have-prevented' })]);
  });

  it('refuses a link dated before the recommendation was issued, or in the future', () => {
    given(detected()).when(link({ linkedAt: '2026-03-05T10:00:00.000Z' }), at).thenRefused('time-out-of-order', { field: 'linkedAt', mustNotBeBefore: 'issuedAt' });
    given(detected()).when(link({ linkedAt: '2026-04-21T10:00:00.000Z' }), at).thenRefused('time-in-future');
  });
});
