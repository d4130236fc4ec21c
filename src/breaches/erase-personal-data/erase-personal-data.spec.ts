import { describe, it } from '@jest/globals';
import type { BreachEvent } from '../breach.events.js';
import { context, detected, given } from '../../../test/support/breaches/breach-given.js';
import { decideErasePersonalData, type ErasePersonalData } from './erase-personal-data.js';

const NOW = '2031-03-20T12:00:00.000Z';
const REASON = 'The retention period of the breach register has ended.';
const erase = (overrides: Partial<ErasePersonalData> = {}) => (state: Parameters<typeof decideErasePersonalData>[1], at: Parameters<typeof decideErasePersonalData>[2]) =>
  decideErasePersonalData({ reason: REASON, ...overrides }, state, at);
const erased = (erasedAt = NOW): BreachEvent => ({ type: 'PersonalDataErased', data: { erasedAt, reason: REASON } });
const closed: BreachEvent = { type: 'BreachClosed', data: { closedAt: '2026-03-06T12:00:00.000Z', summary: 'Handled.' } };

describe('ErasePersonalData', () => {
  it('records the erasure of a closed breach at the time the service performs it, with its reason', () => {
    given(detected(), closed).when(erase(), context(NOW)).then([erased()]);
  });

  it('refuses an erasure while the breach is open: its documentation is exempt while needed (Art. 17(3)(b))', () => {
    given(detected()).when(erase(), context(NOW)).thenRefused('breach-open');
  });

  it('records the reason without surrounding whitespace', () => {
    given(detected(), closed).when(erase({ reason: `  ${REASON}\n` }), context(NOW)).then([erased()]);
  });

  it('refuses an erasure without a reason', () => {
    given(detected(), closed).when(erase({ reason: ' \t ' }), context(NOW)).thenRefused('erasure-requires-reason', { field: 'reason' });
  });

  it('refuses to erase twice, naming when it was erased', () => {
    given(detected(), closed, erased('2031-01-01T00:00:00.000Z'))
      .when(erase(), context(NOW))
      .thenRefused('personal-data-already-erased', { erasedAt: '2031-01-01T00:00:00.000Z' });
  });

  it('refuses an erasure of a breach that was never registered', () => {
    given().when(erase(), context(NOW)).thenRefused('breach-not-registered');
  });
});
