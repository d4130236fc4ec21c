import { describe, it } from '@jest/globals';
import { advised, completed, completedHighRisk, consultationRequested, context, given, started } from '../../../test/support/dpias/dpia-given.js';
import { decideRequestPriorConsultation, type RequestPriorConsultation } from './request-prior-consultation.js';

const request = (overrides: Partial<RequestPriorConsultation> = {}) => (state: Parameters<typeof decideRequestPriorConsultation>[1], at: Parameters<typeof decideRequestPriorConsultation>[2]) =>
  decideRequestPriorConsultation({ requestedAt: '2026-04-02T09:00:00.000Z', apReference: ' AP-VB-2026-17 ', ...overrides }, state, at);

describe('RequestPriorConsultation', () => {
  it('records the request to the AP for a high residual risk the measures cannot reduce', () => {
    given(started(), advised(), completedHighRisk()).when(request()).then([consultationRequested()]);
  });

  it('refuses a consultation Art. 36 does not call for', () => {
    given(started(), advised(), completed({ residualRisk: 'high' })).when(request()).thenRefused('prior-consultation-not-required', { residualRisk: 'high' });
  });

  it('refuses a consultation before the DPIA is completed', () => {
    given(started(), advised()).when(request()).thenRefused('dpia-not-completed');
  });

  it('refuses to request a consultation twice', () => {
    given(started(), advised(), completedHighRisk(), consultationRequested()).when(request()).thenRefused('prior-consultation-already-requested');
  });

  it('refuses a request without the AP\'s reference', () => {
    given(started(), advised(), completedHighRisk()).when(request({ apReference: '' })).thenRefused('consultation-requires-ap-reference');
  });

  it('refuses a request before the completion', () => {
    given(started(), advised(), completedHighRisk()).when(request({ requestedAt: '2026-03-31T09:00:00.000Z' })).thenRefused('time-out-of-order', { field: 'requestedAt', mustNotBeBefore: 'completedAt' });
  });

  it('refuses a request in the future', () => {
    given(started(), advised(), completedHighRisk()).when(request({ requestedAt: '2026-06-02T00:00:00.000Z' }), context()).thenRefused('time-in-future');
  });
});
