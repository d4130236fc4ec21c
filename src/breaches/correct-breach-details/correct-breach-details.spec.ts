import { describe, expect, it } from '@jest/globals';
import type { BreachEvent, Correction, LateReason } from '../breach.events.js';
import { decideReportBreachToAP } from '../report-breach-to-ap/report-breach-to-ap.js';
import { context, detected, given } from '../../../test/support/breaches/breach-given.js';
import { decideCorrectBreachDetails, type CorrectBreachDetails, type FactChange } from './correct-breach-details.js';

// awareAt 2026-03-02T09:00Z, so the deadline is 2026-03-05T09:00Z; occurredFrom/To 2026-03-01T08:00Z.
const REASON = 'The service desk logged the call a day late.';
const correct = (changes: readonly FactChange[], overrides: Partial<CorrectBreachDetails> = {}) =>
  (state: Parameters<typeof decideCorrectBreachDetails>[1], at: Parameters<typeof decideCorrectBreachDetails>[2]) =>
    decideCorrectBreachDetails({ changes, reason: REASON, lateReason: null, ...overrides }, state, at);
const corrected = (corrections: readonly Correction[], lateReason: LateReason | null = null): BreachEvent => ({ type: 'BreachDetailsCorrected', data: { corrections, reason: REASON, lateReason } });
const reported = (reportedAt = '2026-03-04T10:00:00.000Z', late = false, lateReason: LateReason | null = null): BreachEvent => ({
  type: 'BreachReportedToAP',
  data: { reportedAt, apReference: 'M-2026-1', phase: 'preliminary', deadline: '2026-03-05T09:00:00.000Z', late, lateReason },
});
const closed: BreachEvent = { type: 'BreachClosed', data: { closedAt: '2026-03-04T11:00:00.000Z', summary: 'Handled.' } };
const internalEscalation: LateReason = { code: 'internal-escalation', explanation: 'The service desk did not pass the call on.' };
const later = context('2026-03-10T12:00:00.000Z');

describe('CorrectBreachDetails', () => {
  it('records each corrected field with its old value from the record and its new value', () => {
    given(detected())
      .when(correct([{ field: 'dienst', to: 'DBV' }, { field: 'dataSubjects', to: { kind: 'range', min: 2, max: 5 } }]))
      .then([corrected([{ field: 'dienst', from: 'SZW', to: 'DBV' }, { field: 'dataSubjects', from: { kind: 'exact', count: 1 }, to: { kind: 'range', min: 2, max: 5 } }])]);
  });

  it('corrects the report\'s time and AP reference, taking the old values from the report', () => {
    given(detected(), reported())
      .when(correct([{ field: 'reportedAt', to: '2026-03-04T09:30:00.000Z' }, { field: 'apReference', to: 'M-2026-2' }]))
      .then([corrected([{ field: 'reportedAt', from: '2026-03-04T10:00:00.000Z', to: '2026-03-04T09:30:00.000Z' }, { field: 'apReference', from: 'M-2026-1', to: 'M-2026-2' }])]);
  });

  it('corrects an unknown occurrence to a known one, and back', () => {
    given(detected({ occurredFrom: null, occurredTo: null }))
      .when(correct([{ field: 'occurredFrom', to: '2026-03-01T07:00:00.000Z' }]))
      .then([corrected([{ field: 'occurredFrom', from: null, to: '2026-03-01T07:00:00.000Z' }])]);
    given(detected()).when(correct([{ field: 'occurredTo', to: null }])).then([corrected([{ field: 'occurredTo', from: '2026-03-01T08:00:00.000Z', to: null }])]);
  });

  it('refuses a correction without a reason', () => {
    given(detected()).when(correct([{ field: 'title', to: 'Letter sent to a neighbour' }], { reason: ' ' })).thenRefused('correction-requires-reason', { field: 'reason' });
  });

  it('refuses a correction that names no field', () => {
    given(detected()).when(correct([])).thenRefused('nothing-to-correct');
  });

  it('refuses a field whose new value equals the recorded one', () => {
    given(detected()).when(correct([{ field: 'dienst', to: 'SZW' }])).thenRefused('correction-changes-nothing', { field: 'dienst' });
  });

  it('compares times by instant and lists as sets when judging whether a value changes', () => {
    given(detected()).when(correct([{ field: 'awareAt', to: '2026-03-02T10:00:00+01:00' }])).thenRefused('correction-changes-nothing', { field: 'awareAt' });
    given(detected()).when(correct([{ field: 'dataCategories', to: ['income', 'name', 'address'] }])).thenRefused('correction-changes-nothing', { field: 'dataCategories' });
  });

  it('refuses the same field twice in one correction', () => {
    given(detected()).when(correct([{ field: 'bsn', to: false }, { field: 'bsn', to: true }])).thenRefused('field-corrected-twice', { field: 'bsn' });
  });

  it('refuses to correct the report\'s time or reference before the breach was reported', () => {
    given(detected()).when(correct([{ field: 'reportedAt', to: '2026-03-04T10:00:00.000Z' }])).thenRefused('not-reported', { field: 'reportedAt' });
    given(detected()).when(correct([{ field: 'apReference', to: 'M-2026-2' }])).thenRefused('not-reported', { field: 'apReference' });
  });

  it('refuses a dienst that is not configured', () => {
    given(detected()).when(correct([{ field: 'dienst', to: 'XYZ' }])).thenRefused('unknown-dienst', { dienst: 'XYZ' });
  });

  it('refuses a corrected time in the future', () => {
    given(detected()).when(correct([{ field: 'occurredTo', to: '2026-03-04T12:10:00.000Z' }]), context('2026-03-04T12:00:00.000Z')).thenRefused('time-in-future', { field: 'occurredTo' });
  });

  it('refuses a corrected occurrence that ends before it begins', () => {
    given(detected()).when(correct([{ field: 'occurredTo', to: '2026-03-01T07:00:00.000Z' }])).thenRefused('time-out-of-order', { field: 'occurredTo', mustNotBeBefore: 'occurredFrom' });
  });

  it('refuses a corrected awareness before the breach began', () => {
    given(detected()).when(correct([{ field: 'awareAt', to: '2026-03-01T07:00:00.000Z' }])).thenRefused('time-out-of-order', { field: 'awareAt', mustNotBeBefore: 'occurredFrom' });
  });

  it('accepts a correction of several times that is consistent as a whole', () => {
    const changes: FactChange[] = [
      { field: 'occurredFrom', to: '2026-02-27T08:00:00.000Z' },
      { field: 'occurredTo', to: '2026-02-27T09:00:00.000Z' },
      { field: 'awareAt', to: '2026-02-28T09:00:00.000Z' },
    ];
    given(detected()).when(correct(changes)).then([
      corrected([
        { field: 'occurredFrom', from: '2026-03-01T08:00:00.000Z', to: '2026-02-27T08:00:00.000Z' },
        { field: 'occurredTo', from: '2026-03-01T08:00:00.000Z', to: '2026-02-27T09:00:00.000Z' },
        { field: 'awareAt', from: '2026-03-02T09:00:00.000Z', to: '2026-02-28T09:00:00.000Z' },
      ]),
    ]);
  });

  it('refuses a corrected report time before awareness', () => {
    given(detected(), reported()).when(correct([{ field: 'reportedAt', to: '2026-03-02T08:00:00.000Z' }])).thenRefused('time-out-of-order', { field: 'reportedAt', mustNotBeBefore: 'awareAt' });
  });

  it('refuses a corrected awareness after the report was filed', () => {
    given(detected(), reported()).when(correct([{ field: 'awareAt', to: '2026-03-04T11:00:00.000Z' }])).thenRefused('time-out-of-order', { field: 'reportedAt', mustNotBeBefore: 'awareAt' });
  });

  it('refuses a range of data subjects whose minimum exceeds its maximum', () => {
    given(detected()).when(correct([{ field: 'dataSubjects', to: { kind: 'range', min: 50, max: 10 } }])).thenRefused('invalid-data-subject-range');
  });

  it('refuses a correction that makes the filed report late without a reason for the delay', () => {
    given(detected(), reported())
      .when(correct([{ field: 'awareAt', to: '2026-03-01T09:00:00.000Z' }]))
      .thenRefused('late-report-requires-reason', { deadline: '2026-03-04T09:00:00.000Z', reportedAt: '2026-03-04T10:00:00.000Z' });
  });

  it('records the reason for the delay when a correction makes the filed report late', () => {
    given(detected(), reported())
      .when(correct([{ field: 'awareAt', to: '2026-03-01T09:00:00.000Z' }], { lateReason: internalEscalation }))
      .then([corrected([{ field: 'awareAt', from: '2026-03-02T09:00:00.000Z', to: '2026-03-01T09:00:00.000Z' }], internalEscalation)]);
  });

  it('refuses a corrected report time past the deadline without a reason for the delay', () => {
    given(detected(), reported()).when(correct([{ field: 'reportedAt', to: '2026-03-05T10:00:00.000Z' }]), later).thenRefused('late-report-requires-reason', { deadline: '2026-03-05T09:00:00.000Z' });
  });

  it('needs no new reason when the report already carries one', () => {
    // Late once, made on time by a correction (the reason stays on the report), then late again.
    const onTime = corrected([{ field: 'awareAt', from: '2026-03-02T09:00:00.000Z', to: '2026-03-03T09:00:00.000Z' }]);
    given(detected(), reported('2026-03-05T10:00:00.000Z', true, internalEscalation), onTime)
      .when(correct([{ field: 'awareAt', to: '2026-03-02T09:00:00.000Z' }]), later)
      .then([corrected([{ field: 'awareAt', from: '2026-03-03T09:00:00.000Z', to: '2026-03-02T09:00:00.000Z' }])]);
  });

  it('refuses a reason for the delay on a correction that does not make the report late', () => {
    given(detected(), reported()).when(correct([{ field: 'apReference', to: 'M-2026-2' }], { lateReason: internalEscalation })).thenRefused('late-reason-not-applicable');
    given(detected()).when(correct([{ field: 'awareAt', to: '2026-03-01T09:00:00.000Z' }], { lateReason: internalEscalation })).thenRefused('late-reason-not-applicable');
  });

  it('refuses a reason for the delay when the report was late already', () => {
    given(detected(), reported('2026-03-05T10:00:00.000Z', true, internalEscalation))
      .when(correct([{ field: 'awareAt', to: '2026-03-01T09:00:00.000Z' }], { lateReason: { code: 'other', explanation: 'Another reason.' } }), later)
      .thenRefused('late-reason-not-applicable');
  });

  it('moves the deadline when awareAt is corrected', () => {
    const [correction] = correct([{ field: 'awareAt', to: '2026-03-03T09:00:00.000Z' }])(given(detected()).state, context()) as [BreachEvent];
    expect(given(detected(), correction).state).toMatchObject({ deadline: '2026-03-06T09:00:00.000Z' });
    // Filed 73 hours after the original awareness: on time against the moved deadline.
    const reportedAt = '2026-03-05T10:00:00.000Z';
    given(detected(), correction)
      .when((state, at) => decideReportBreachToAP({ reportedAt, apReference: 'M-2026-1', phase: 'preliminary', lateReason: null }, state, at), later)
      .then([{ type: 'BreachReportedToAP', data: { reportedAt, apReference: 'M-2026-1', phase: 'preliminary', deadline: '2026-03-06T09:00:00.000Z', late: false, lateReason: null } }]);
  });

  it('corrects the facts of a closed breach', () => {
    given(detected(), reported(), closed).when(correct([{ field: 'encrypted', to: true }])).then([corrected([{ field: 'encrypted', from: false, to: true }])]);
  });

  it('refuses a correction of a breach that was never registered', () => {
    given().when(correct([{ field: 'encrypted', to: true }])).thenRefused('breach-not-registered');
  });
});
