import { describe, it } from '@jest/globals';
import type { BreachEvent } from '../breach.events.js';
import { context, detected, given } from '../../../test/support/breaches/breach-given.js';
import { decideTakeMeasure, type TakeMeasure } from './take-measure.js';

const MEASURE_ID = '5d0c3a8e-7f21-5b4c-9e6d-2a1b0c9d8e7f';
const take = (overrides: Partial<TakeMeasure> = {}) => (state: Parameters<typeof decideTakeMeasure>[1], at: Parameters<typeof decideTakeMeasure>[2]) =>
  decideTakeMeasure({ measureId: MEASURE_ID, description: 'Asked the neighbour to return the letter.', purpose: 'containment', takenAt: '2026-03-02T11:00:00.000Z', ...overrides }, state, at);
const taken = (overrides: Partial<Extract<BreachEvent, { type: 'MeasureTaken' }>['data']> = {}): BreachEvent => ({
  type: 'MeasureTaken',
  data: { measureId: MEASURE_ID, description: 'Asked the neighbour to return the letter.', purpose: 'containment', takenAt: '2026-03-02T11:00:00.000Z', ...overrides },
});

describe('TakeMeasure', () => {
  it('records a containment measure with its id and time', () => {
    given(detected()).when(take()).then([taken()]);
  });

  it('records a further, preventive measure besides an earlier one', () => {
    const prevention = { measureId: '6e1d4b9f-8a32-5c5d-8f7e-3b2c1d0e9f8a', description: 'A second check on addresses before sending.', purpose: 'prevention', takenAt: '2026-03-03T09:00:00.000Z' } as const;
    given(detected(), taken()).when(take(prevention)).then([taken(prevention)]);
  });

  it('accepts a measure taken at the moment of awareness', () => {
    given(detected()).when(take({ takenAt: '2026-03-02T09:00:00.000Z' })).then([taken({ takenAt: '2026-03-02T09:00:00.000Z' })]);
  });

  it('refuses a measure taken before awareness', () => {
    given(detected()).when(take({ takenAt: '2026-03-02T08:59:59.000Z' })).thenRefused('time-out-of-order', { field: 'takenAt', mustNotBeBefore: 'awareAt' });
  });

  it('refuses a measure taken in the future', () => {
    given(detected()).when(take({ takenAt: '2026-03-04T12:10:00.000Z' }), context('2026-03-04T12:00:00.000Z')).thenRefused('time-in-future', { field: 'takenAt' });
  });

  it('refuses a measure without a description', () => {
    given(detected()).when(take({ description: ' ' })).thenRefused('measure-requires-description', { field: 'description' });
  });

  it('refuses to record the same measure twice', () => {
    given(detected(), taken()).when(take({ takenAt: '2026-03-03T09:00:00.000Z' })).thenRefused('measure-already-recorded', { measureId: MEASURE_ID });
  });

  it('refuses a measure for a breach that was never registered', () => {
    given().when(take()).thenRefused('breach-not-registered');
  });

  it('refuses a measure after closure', () => {
    const closed: BreachEvent = { type: 'BreachClosed', data: { closedAt: '2026-03-03T12:00:00.000Z', summary: 'Handled.' } };
    given(detected(), closed).when(take()).thenRefused('breach-closed');
  });
});
