import { describe, it } from '@jest/globals';
import { context, detected, detectedData, given } from '../../../test/support/breaches/breach-given.js';
import { decideRegisterBreach } from './register-breach.js';

describe('RegisterBreach', () => {
  const register = (overrides: Parameters<typeof detectedData>[0] = {}) => (state: Parameters<typeof decideRegisterBreach>[1], at: Parameters<typeof decideRegisterBreach>[2]) =>
    decideRegisterBreach(detectedData(overrides), state, at);

  it('records the detection with every fact', () => {
    given().when(register()).then([detected()]);
  });

  it('registers a breach whose start and end are unknown', () => {
    given().when(register({ occurredFrom: null, occurredTo: null })).then([detected({ occurredFrom: null, occurredTo: null })]);
  });

  it('refuses to register the same breach twice', () => {
    given(detected()).when(register()).thenRefused('breach-already-registered');
  });

  it('refuses a dienst that is not configured', () => {
    given().when(register({ dienst: 'XYZ' })).thenRefused('unknown-dienst', { dienst: 'XYZ' });
  });

  it('refuses awareness in the future', () => {
    given().when(register({ awareAt: '2026-03-04T12:10:00.000Z' }), context('2026-03-04T12:00:00.000Z')).thenRefused('time-in-future', { field: 'awareAt' });
  });

  it('accepts awareness within the allowed clock skew', () => {
    const awareAt = '2026-03-04T12:04:00.000Z';
    given()
      .when(register({ awareAt, occurredFrom: null, occurredTo: null }), context('2026-03-04T12:00:00.000Z'))
      .then([detected({ awareAt, occurredFrom: null, occurredTo: null })]);
  });

  it('refuses a breach that ends before it begins', () => {
    given().when(register({ occurredFrom: '2026-03-01T10:00:00.000Z', occurredTo: '2026-03-01T09:00:00.000Z' })).thenRefused('time-out-of-order', { field: 'occurredTo' });
  });

  it('refuses awareness before the breach began', () => {
    given().when(register({ occurredFrom: '2026-03-02T10:00:00.000Z', occurredTo: null, awareAt: '2026-03-02T09:00:00.000Z' })).thenRefused('time-out-of-order', {
      field: 'awareAt',
      mustNotBeBefore: 'occurredFrom',
    });
  });

  it('refuses an occurrence in the future', () => {
    given().when(register({ occurredTo: '2026-03-05T00:00:00.000Z' })).thenRefused('time-in-future', { field: 'occurredTo' });
  });

  it('refuses a range of data subjects whose minimum exceeds its maximum', () => {
    given().when(register({ dataSubjects: { kind: 'range', min: 50, max: 10 } })).thenRefused('invalid-data-subject-range');
  });
});
