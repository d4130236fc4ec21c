import { describe, it } from '@jest/globals';
import { advised, completedHighRisk, consultationConcluded, consultationRequested, context, given, started } from '../../../test/support/dpias/dpia-given.js';
import { decideConcludePriorConsultation, type ConcludePriorConsultation } from './conclude-prior-consultation.js';

const conclude = (overrides: Partial<ConcludePriorConsultation> = {}) => (state: Parameters<typeof decideConcludePriorConsultation>[1], at: Parameters<typeof decideConcludePriorConsultation>[2]) =>
  decideConcludePriorConsultation(
    { concludedAt: '2026-05-20T09:00:00.000Z', outcome: 'No objection, provided recordings are deleted after 28 days.', apReference: 'AP-VB-2026-17', ...overrides },
    state,
    at,
  );
const consulting = [started(), advised(), completedHighRisk(), consultationRequested()] as const;

describe('ConcludePriorConsultation', () => {
  it('records the AP\'s answer', () => {
    given(...consulting).when(conclude()).then([consultationConcluded()]);
  });

  it('refuses a conclusion without a request', () => {
    given(started(), advised(), completedHighRisk()).when(conclude()).thenRefused('prior-consultation-not-requested');
  });

  it('refuses to conclude twice', () => {
    given(...consulting, consultationConcluded()).when(conclude()).thenRefused('prior-consultation-already-concluded');
  });

  it('refuses a conclusion without an outcome', () => {
    given(...consulting).when(conclude({ outcome: '' })).thenRefused('conclusion-requires-outcome');
  });

  it('refuses a conclusion before the request', () => {
    given(...consulting).when(conclude({ concludedAt: '2026-04-01T10:00:00.000Z' })).thenRefused('time-out-of-order', { field: 'concludedAt', mustNotBeBefore: 'requestedAt' });
  });

  it('refuses a conclusion in the future', () => {
    given(...consulting).when(conclude({ concludedAt: '2026-06-03T00:00:00.000Z' }), context()).thenRefused('time-in-future');
  });
});
