import { describe, it } from '@jest/globals';
import type { BreachAssessedData, BreachEvent } from '../breach.events.js';
import { context, detected, given } from '../../../test/support/breaches/breach-given.js';
import { decideAssessBreach, type AssessBreach } from './assess-breach.js';

// awareAt is 2026-03-02T09:00Z; the clock reads 2026-03-04T12:00Z.
const RISK: AssessBreach = { assessedAt: '2026-03-02T12:00:00.000Z', risk: 'risk', severity: 'beperkt', reportable: true, notifyDataSubjects: false, rationale: null };
const NO_RISK: AssessBreach = { ...RISK, risk: 'none', severity: 'verwaarloosbaar', reportable: false, rationale: 'The envelope was returned unopened.' };
const HIGH: AssessBreach = { ...RISK, risk: 'high', severity: 'aanzienlijk', notifyDataSubjects: true };

const assess = (command: Partial<AssessBreach> = {}) => (state: Parameters<typeof decideAssessBreach>[1], at: Parameters<typeof decideAssessBreach>[2]) =>
  decideAssessBreach({ ...RISK, ...command }, state, at);
const assessed = (data: Partial<BreachAssessedData> = {}): BreachEvent => ({ type: 'BreachAssessed', data: { ...RISK, ...data } });
const reported: BreachEvent = {
  type: 'BreachReportedToAP',
  data: { reportedAt: '2026-03-03T10:00:00.000Z', apReference: 'M-2026-1', phase: 'preliminary', deadline: '2026-03-05T09:00:00.000Z', late: false, lateReason: null },
};
const withdrawn: BreachEvent = { type: 'BreachReportWithdrawn', data: { withdrawnAt: '2026-03-04T09:00:00.000Z', reason: 'The letter never left the building.' } };
const closed: BreachEvent = { type: 'BreachClosed', data: { closedAt: '2026-03-03T12:00:00.000Z', summary: 'Handled.' } };

describe('AssessBreach', () => {
  it('records a risk that must be reported to the AP', () => {
    given(detected()).when(assess()).then([assessed()]);
  });

  it('records a high risk with notification of the data subjects', () => {
    given(detected()).when(assess(HIGH)).then([assessed(HIGH)]);
  });

  it('records no risk as not reportable, with its rationale', () => {
    given(detected()).when(assess(NO_RISK)).then([assessed(NO_RISK)]);
  });

  it('accepts reporting a breach without risk out of caution', () => {
    given(detected()).when(assess({ ...NO_RISK, reportable: true, rationale: null })).then([assessed({ ...NO_RISK, reportable: true, rationale: null })]);
  });

  it('refuses a not-reportable assessment without a rationale', () => {
    given(detected()).when(assess({ ...NO_RISK, rationale: null })).thenRefused('not-reportable-requires-rationale', { field: 'rationale' });
  });

  it('treats a blank rationale as none', () => {
    given(detected()).when(assess({ ...NO_RISK, rationale: '  ' })).thenRefused('not-reportable-requires-rationale');
  });

  it('trims the rationale', () => {
    given(detected()).when(assess({ ...NO_RISK, rationale: ' Returned unopened. ' })).then([assessed({ ...NO_RISK, rationale: 'Returned unopened.' })]);
  });

  it('refuses to leave a risk unreported', () => {
    given(detected()).when(assess({ reportable: false, rationale: 'Only one person.' })).thenRefused('risk-requires-report', { risk: 'risk' });
  });

  it('refuses to leave a high risk unreported', () => {
    given(detected()).when(assess({ ...HIGH, reportable: false, rationale: 'Only one person.' })).thenRefused('risk-requires-report', { risk: 'high' });
  });

  it('refuses to notify the data subjects of less than a high risk', () => {
    given(detected()).when(assess({ notifyDataSubjects: true })).thenRefused('notification-requires-high-risk', { risk: 'risk' });
  });

  it('refuses a high risk without notification and without a rationale', () => {
    given(detected()).when(assess({ ...HIGH, notifyDataSubjects: false })).thenRefused('high-risk-without-notification-requires-rationale', { field: 'rationale' });
  });

  it('records a high risk without notification when the rationale gives the ground', () => {
    const waived = { ...HIGH, notifyDataSubjects: false, rationale: 'The laptop was fully encrypted (Art. 34(3)(a)).' };
    given(detected()).when(assess(waived)).then([assessed(waived)]);
  });

  it('records a reassessment', () => {
    const later = { ...HIGH, assessedAt: '2026-03-03T09:00:00.000Z' };
    given(detected(), assessed()).when(assess(later)).then([assessed(later)]);
  });

  it('refuses a reassessment that precedes the assessment it replaces', () => {
    given(detected(), assessed({ assessedAt: '2026-03-03T09:00:00.000Z' }))
      .when(assess({ assessedAt: '2026-03-03T08:00:00.000Z' }))
      .thenRefused('time-out-of-order', { field: 'assessedAt', mustNotBeBefore: 'previousAssessedAt' });
  });

  it('refuses to reassess a reported breach as not reportable: withdraw the report instead', () => {
    given(detected(), assessed(), reported)
      .when(assess({ ...NO_RISK, assessedAt: '2026-03-03T12:00:00.000Z' }))
      .thenRefused('report-not-withdrawn', { reportedAt: '2026-03-03T10:00:00.000Z', apReference: 'M-2026-1' });
  });

  it('refuses a first assessment as not reportable of a breach already reported', () => {
    given(detected(), reported).when(assess({ ...NO_RISK, assessedAt: '2026-03-03T12:00:00.000Z' })).thenRefused('report-not-withdrawn');
  });

  it('reassesses a reported breach as still reportable', () => {
    const later = { ...HIGH, assessedAt: '2026-03-03T12:00:00.000Z' };
    given(detected(), assessed(), reported).when(assess(later)).then([assessed(later)]);
  });

  it('accepts a not-reportable reassessment once the report was withdrawn', () => {
    const later = { ...NO_RISK, assessedAt: '2026-03-04T10:00:00.000Z' };
    given(detected(), assessed(), reported, withdrawn).when(assess(later)).then([assessed(later)]);
  });

  it('refuses an assessment before awareness', () => {
    given(detected()).when(assess({ assessedAt: '2026-03-02T08:59:59.000Z' })).thenRefused('time-out-of-order', { field: 'assessedAt', mustNotBeBefore: 'awareAt' });
  });

  it('refuses an assessment time in the future', () => {
    given(detected()).when(assess({ assessedAt: '2026-03-04T12:30:00.000Z' }), context('2026-03-04T12:00:00.000Z')).thenRefused('time-in-future', { field: 'assessedAt' });
  });

  it('refuses to assess a closed breach', () => {
    given(detected(), closed).when(assess()).thenRefused('breach-closed');
  });
});
