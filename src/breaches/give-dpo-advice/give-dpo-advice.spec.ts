import { describe, it } from '@jest/globals';
import type { BreachEvent } from '../breach.events.js';
import { context, detected, given } from '../../../test/support/breaches/breach-given.js';
import { decideGiveDpoAdvice, type GiveDpoAdvice } from './give-dpo-advice.js';

// awareAt is 2026-03-02T09:00Z; the FG is informed at 11:00Z; the clock reads 2026-03-04T12:00Z.
const ADVICE = 'Report preliminarily to the AP today and inform the applicant.';
const advise = (overrides: Partial<GiveDpoAdvice> = {}) => (state: Parameters<typeof decideGiveDpoAdvice>[1], at: Parameters<typeof decideGiveDpoAdvice>[2]) =>
  decideGiveDpoAdvice({ advice: ADVICE, advisedAt: '2026-03-02T14:00:00.000Z', ...overrides }, state, at);
const advised = (overrides: Partial<Extract<BreachEvent, { type: 'DpoAdviceGiven' }>['data']> = {}): BreachEvent => ({
  type: 'DpoAdviceGiven',
  data: { advice: ADVICE, advisedAt: '2026-03-02T14:00:00.000Z', ...overrides },
});
const informed: BreachEvent = { type: 'DpoInformed', data: { informedAt: '2026-03-02T11:00:00.000Z', informedBy: 'privacy officer SZW' } };
const informedAgain: BreachEvent = { type: 'DpoInformed', data: { informedAt: '2026-03-03T11:00:00.000Z', informedBy: 'CPO' } };
const closed: BreachEvent = { type: 'BreachClosed', data: { closedAt: '2026-03-03T12:00:00.000Z', summary: 'Handled.' } };

describe('GiveDpoAdvice', () => {
  it('records the advice of an informed FG', () => {
    given(detected(), informed).when(advise()).then([advised()]);
  });

  it('records further advice', () => {
    const more = { advice: 'Add the processor to the root cause.', advisedAt: '2026-03-03T09:00:00.000Z' };
    given(detected(), informed, advised()).when(advise(more)).then([advised(more)]);
  });

  it('refuses advice when the FG was not recorded as informed', () => {
    given(detected()).when(advise()).thenRefused('dpo-not-informed');
  });

  it('refuses advice before the FG was first informed', () => {
    given(detected(), informed)
      .when(advise({ advisedAt: '2026-03-02T10:59:59.000Z' }))
      .thenRefused('time-out-of-order', { field: 'advisedAt', mustNotBeBefore: 'dpoInformedAt', limit: '2026-03-02T11:00:00.000Z' });
  });

  it('accepts advice between the first informing and a later update', () => {
    given(detected(), informed, informedAgain).when(advise()).then([advised()]);
  });

  it('refuses an advice time in the future', () => {
    given(detected(), informed).when(advise({ advisedAt: '2026-03-04T12:30:00.000Z' }), context('2026-03-04T12:00:00.000Z')).thenRefused('time-in-future', { field: 'advisedAt' });
  });

  it('refuses advice without its text', () => {
    given(detected(), informed).when(advise({ advice: ' \n ' })).thenRefused('advice-required', { field: 'advice' });
  });

  it('accepts advice after closure: the FG is independent', () => {
    const afterClosure = { advisedAt: '2026-03-04T09:00:00.000Z' };
    given(detected(), informed, closed).when(advise(afterClosure)).then([advised(afterClosure)]);
  });

  it('still requires an informed FG after closure', () => {
    given(detected(), closed).when(advise()).thenRefused('dpo-not-informed');
  });
});
