import { describe, it } from '@jest/globals';
import { given, published, registered, retired } from '../../../test/support/processing-register/processing-given.js';
import { decideRetireProcessingActivity, type RetireProcessingActivity } from './retire-processing-activity.js';

const REASON = 'Parking permits are now issued by the region.';
const retire = (overrides: Partial<RetireProcessingActivity> = {}) => (state: Parameters<typeof decideRetireProcessingActivity>[1], at: Parameters<typeof decideRetireProcessingActivity>[2]) =>
  decideRetireProcessingActivity({ retiredAt: '2026-04-01T09:00:00.000Z', reason: REASON, ...overrides }, state, at);

describe('RetireProcessingActivity', () => {
  it('records the retirement with its reason, published or not', () => {
    given(registered()).when(retire({ reason: ` ${REASON}\n` })).then([retired()]);
    given(registered(), published()).when(retire()).then([retired()]);
  });

  it('refuses a retirement without a reason', () => {
    given(registered()).when(retire({ reason: '' })).thenRefused('retirement-requires-reason', { field: 'reason' });
  });

  it('refuses to retire twice', () => {
    given(registered(), retired()).when(retire({ retiredAt: '2026-05-01T09:00:00.000Z' })).thenRefused('processing-activity-retired');
  });

  it('refuses to retire an unregistered processing activity', () => {
    given().when(retire()).thenRefused('processing-activity-not-registered');
  });

  it('refuses a retirement in the future or before the publication', () => {
    given(registered()).when(retire({ retiredAt: '2026-06-02T00:00:00.000Z' })).thenRefused('time-in-future', { field: 'retiredAt' });
    given(registered(), published()).when(retire({ retiredAt: '2026-02-20T09:00:00.000Z' })).thenRefused('time-out-of-order', { field: 'retiredAt' });
  });
});
