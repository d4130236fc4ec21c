import { describe, it } from '@jest/globals';
import type { BreachEvent, LateReason } from '../breach.events.js';
import { context, detected, given } from '../../../test/support/breaches/breach-given.js';
import { decideReportBreachToAP, type ReportBreachToAP } from './report-breach-to-ap.js';

// awareAt 2026-03-02T09:00Z, so the deadline is 2026-03-05T09:00Z.
const DEADLINE = '2026-03-05T09:00:00.000Z';
const report = (overrides: Partial<ReportBreachToAP> = {}) => (state: Parameters<typeof decideReportBreachToAP>[1], at: Parameters<typeof decideReportBreachToAP>[2]) =>
  decideReportBreachToAP({ reportedAt: '2026-03-04T10:00:00.000Z', apReference: 'M-2026-1', phase: 'preliminary', lateReason: null, ...overrides }, state, at);
const reported = (overrides: Partial<Extract<BreachEvent, { type: 'BreachReportedToAP' }>['data']> = {}): BreachEvent => ({
  type: 'BreachReportedToAP',
  data: { reportedAt: '2026-03-04T10:00:00.000Z', apReference: 'M-2026-1', phase: 'preliminary', deadline: DEADLINE, late: false, lateReason: null, ...overrides },
});
const processorDelay: LateReason = { code: 'processor-delay', explanation: 'The processor told us four days late.' };
const later = context('2026-03-10T12:00:00.000Z');

describe('ReportBreachToAP', () => {
  it('records a report within 72 hours as on time, with the deadline', () => {
    given(detected()).when(report()).then([reported()]);
  });

  it('counts exactly 72 elapsed hours as on time', () => {
    given(detected()).when(report({ reportedAt: DEADLINE }), later).then([reported({ reportedAt: DEADLINE })]);
  });

  it('refuses a late report without a reason', () => {
    given(detected())
      .when(report({ reportedAt: '2026-03-05T09:00:00.001Z' }), later)
      .thenRefused('late-report-requires-reason', { deadline: DEADLINE, reportedAt: '2026-03-05T09:00:00.001Z' });
  });

  it('records a late report with its reason', () => {
    given(detected())
      .when(report({ reportedAt: '2026-03-06T15:00:00.000Z', lateReason: processorDelay }), later)
      .then([reported({ reportedAt: '2026-03-06T15:00:00.000Z', late: true, lateReason: processorDelay })]);
  });

  it('counts nights and weekends, and a daylight-saving change does not move the deadline', () => {
    // Aware on Saturday 28 March 2026 10:00 CET; clocks go forward on Sunday 29 March.
    // 72 elapsed hours later is Tuesday 31 March 09:00 UTC = 11:00 CEST, not 10:00.
    const aware = detected({ awareAt: '2026-03-28T09:00:00.000Z', occurredFrom: null, occurredTo: null });
    given(aware)
      .when(report({ reportedAt: '2026-03-31T09:00:00.000Z' }), context('2026-04-01T00:00:00.000Z'))
      .then([reported({ reportedAt: '2026-03-31T09:00:00.000Z', deadline: '2026-03-31T09:00:00.000Z' })]);
    given(aware).when(report({ reportedAt: '2026-03-31T09:30:00.000Z' }), context('2026-04-01T00:00:00.000Z')).thenRefused('late-report-requires-reason');
  });

  it('refuses a reason for a report that is not late', () => {
    given(detected()).when(report({ lateReason: processorDelay })).thenRefused('report-not-late');
  });

  it('refuses a report before awareness', () => {
    given(detected()).when(report({ reportedAt: '2026-03-02T08:59:59.000Z' })).thenRefused('time-out-of-order', { field: 'reportedAt', mustNotBeBefore: 'awareAt' });
  });

  it('refuses a report time in the future', () => {
    given(detected()).when(report({ reportedAt: '2026-03-04T12:30:00.000Z' }), context('2026-03-04T12:00:00.000Z')).thenRefused('time-in-future');
  });

  it('refuses a second first filing; follow-ups are supplements', () => {
    given(detected(), reported()).when(report({ reportedAt: '2026-03-04T11:00:00.000Z' })).thenRefused('already-reported');
  });

  it('refuses to report a breach assessed as not reportable until it is reassessed', () => {
    const notReportable: BreachEvent = {
      type: 'BreachAssessed',
      data: { assessedAt: '2026-03-02T12:00:00.000Z', risk: 'none', severity: 'verwaarloosbaar', reportable: false, notifyDataSubjects: false, rationale: 'The envelope was returned unopened.' },
    };
    given(detected(), notReportable).when(report()).thenRefused('assessed-not-reportable');
  });

  it('refuses a report of a closed breach', () => {
    const closed: BreachEvent = { type: 'BreachClosed', data: { closedAt: '2026-03-03T12:00:00.000Z', summary: 'Handled.' } };
    given(detected(), closed).when(report()).thenRefused('breach-closed');
  });

  it('moves the deadline when awareAt was corrected', () => {
    const corrected: BreachEvent = {
      type: 'BreachDetailsCorrected',
      data: { corrections: [{ field: 'awareAt', from: '2026-03-02T09:00:00.000Z', to: '2026-03-01T09:00:00.000Z' }], reason: 'The service desk knew a day earlier.', lateReason: null },
    };
    given(detected(), corrected).when(report({ reportedAt: '2026-03-04T10:00:00.000Z' })).thenRefused('late-report-requires-reason', { deadline: '2026-03-04T09:00:00.000Z' });
  });
});
