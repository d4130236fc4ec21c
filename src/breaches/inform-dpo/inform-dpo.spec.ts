import { describe, expect, it } from '@jest/globals';
import type { BreachEvent } from '../breach.events.js';
import { context, detected, given } from '../../../test/support/breaches/breach-given.js';
import { decideInformDpo, type InformDpo } from './inform-dpo.js';

// awareAt is 2026-03-02T09:00Z; the clock reads 2026-03-04T12:00Z.
const inform = (overrides: Partial<InformDpo> = {}) => (state: Parameters<typeof decideInformDpo>[1], at: Parameters<typeof decideInformDpo>[2]) =>
  decideInformDpo({ informedAt: '2026-03-02T11:00:00.000Z', informedBy: 'privacy officer SZW', ...overrides }, state, at);
const informed = (overrides: Partial<Extract<BreachEvent, { type: 'DpoInformed' }>['data']> = {}): BreachEvent => ({
  type: 'DpoInformed',
  data: { informedAt: '2026-03-02T11:00:00.000Z', informedBy: 'privacy officer SZW', ...overrides },
});
const closed: BreachEvent = { type: 'BreachClosed', data: { closedAt: '2026-03-03T12:00:00.000Z', summary: 'Handled.' } };

describe('InformDpo', () => {
  it('records that the FG was informed, and by whom', () => {
    given(detected()).when(inform()).then([informed()]);
  });

  it('records the FG being informed of an update', () => {
    const update = { informedAt: '2026-03-03T10:00:00.000Z', informedBy: 'CPO' };
    given(detected(), informed()).when(inform(update)).then([informed(update)]);
  });

  it('keeps the first informing as the moment the FG was informed', () => {
    const { state } = given(detected(), informed(), informed({ informedAt: '2026-03-03T10:00:00.000Z' }));
    expect(state).toMatchObject({ dpoInformedAt: '2026-03-02T11:00:00.000Z' });
  });

  it('refuses an informing that claims to precede the first one', () => {
    given(detected(), informed())
      .when(inform({ informedAt: '2026-03-02T10:00:00.000Z' }))
      .thenRefused('time-out-of-order', { field: 'informedAt', mustNotBeBefore: 'dpoInformedAt', limit: '2026-03-02T11:00:00.000Z' });
  });

  it('refuses informing the FG before awareness', () => {
    given(detected()).when(inform({ informedAt: '2026-03-02T08:59:59.000Z' })).thenRefused('time-out-of-order', { field: 'informedAt', mustNotBeBefore: 'awareAt' });
  });

  it('refuses an informing time in the future', () => {
    given(detected()).when(inform({ informedAt: '2026-03-04T12:30:00.000Z' }), context('2026-03-04T12:00:00.000Z')).thenRefused('time-in-future', { field: 'informedAt' });
  });

  it('refuses an informing without saying who informed the FG', () => {
    given(detected()).when(inform({ informedBy: '   ' })).thenRefused('informant-required', { field: 'informedBy' });
  });

  it('trims who informed the FG', () => {
    given(detected()).when(inform({ informedBy: '  CPO ' })).then([informed({ informedBy: 'CPO' })]);
  });

  it('records that the FG was informed only after closure: late, but a fact the figures need', () => {
    given(detected(), closed).when(inform({ informedAt: '2026-03-04T09:00:00.000Z' })).then([informed({ informedAt: '2026-03-04T09:00:00.000Z' })]);
  });
});
