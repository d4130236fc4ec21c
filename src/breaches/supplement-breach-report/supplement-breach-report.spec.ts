import { describe, it } from '@jest/globals';
import type { BreachEvent } from '../breach.events.js';
import { context, detected, given } from '../../../test/support/breaches/breach-given.js';
import { decideSupplementBreachReport, type SupplementBreachReport } from './supplement-breach-report.js';

// awareAt 2026-03-02T09:00Z; the preliminary report was filed on 2026-03-04T10:00Z.
const REPORTED_AT = '2026-03-04T10:00:00.000Z';
const supplement = (overrides: Partial<SupplementBreachReport> = {}) => (state: Parameters<typeof decideSupplementBreachReport>[1], at: Parameters<typeof decideSupplementBreachReport>[2]) =>
  decideSupplementBreachReport({ supplementedAt: '2026-03-04T11:00:00.000Z', changes: 'The letter was retrieved from the neighbour.', phase: 'final', ...overrides }, state, at);
const reported = (phase: 'preliminary' | 'final' = 'preliminary'): BreachEvent => ({
  type: 'BreachReportedToAP',
  data: { reportedAt: REPORTED_AT, apReference: 'M-2026-1', phase, deadline: '2026-03-05T09:00:00.000Z', late: false, lateReason: null },
});
const supplemented = (overrides: Partial<Extract<BreachEvent, { type: 'BreachReportSupplemented' }>['data']> = {}): BreachEvent => ({
  type: 'BreachReportSupplemented',
  data: { supplementedAt: '2026-03-04T11:00:00.000Z', changes: 'The letter was retrieved from the neighbour.', phase: 'final', ...overrides },
});

describe('SupplementBreachReport', () => {
  it('records a supplement that makes a preliminary report final', () => {
    given(detected(), reported()).when(supplement()).then([supplemented()]);
  });

  it('records a further preliminary supplement', () => {
    given(detected(), reported()).when(supplement({ phase: 'preliminary' })).then([supplemented({ phase: 'preliminary' })]);
  });

  it('records a supplement to a final report', () => {
    given(detected(), reported('final')).when(supplement()).then([supplemented()]);
  });

  it('records the changes without surrounding whitespace', () => {
    given(detected(), reported()).when(supplement({ changes: '  The letter was retrieved from the neighbour.\n' })).then([supplemented()]);
  });

  it('refuses a supplement without a report', () => {
    given(detected()).when(supplement()).thenRefused('not-reported');
  });

  it('refuses a supplement to a withdrawn report', () => {
    const withdrawn: BreachEvent = { type: 'BreachReportWithdrawn', data: { withdrawnAt: '2026-03-04T10:30:00.000Z', reason: 'The letter never left the building.' } };
    given(detected(), reported(), withdrawn).when(supplement()).thenRefused('report-withdrawn', { withdrawnAt: '2026-03-04T10:30:00.000Z' });
  });

  it('refuses to make a final report preliminary again', () => {
    given(detected(), reported('final')).when(supplement({ phase: 'preliminary' })).thenRefused('report-already-final', { phase: 'final' });
  });

  it('refuses to make a report made final by a supplement preliminary again', () => {
    given(detected(), reported(), supplemented()).when(supplement({ supplementedAt: '2026-03-04T11:30:00.000Z', phase: 'preliminary' })).thenRefused('report-already-final');
  });

  it('refuses a supplement that does not say what changed', () => {
    given(detected(), reported()).when(supplement({ changes: ' \n ' })).thenRefused('supplement-requires-changes', { field: 'changes' });
  });

  it('refuses a supplement before the report', () => {
    given(detected(), reported())
      .when(supplement({ supplementedAt: '2026-03-04T09:59:59.000Z' }))
      .thenRefused('time-out-of-order', { field: 'supplementedAt', mustNotBeBefore: 'lastFiledAt', limit: REPORTED_AT });
  });

  it('refuses a supplement dated before the previous supplement', () => {
    given(detected(), reported(), supplemented({ supplementedAt: '2026-03-04T12:00:00.000Z', phase: 'preliminary' }))
      .when(supplement({ supplementedAt: '2026-03-04T11:00:00.000Z' }))
      .thenRefused('time-out-of-order', { field: 'supplementedAt', mustNotBeBefore: 'lastFiledAt', limit: '2026-03-04T12:00:00.000Z' });
  });

  it('refuses a supplement time in the future', () => {
    given(detected(), reported()).when(supplement({ supplementedAt: '2026-03-04T12:30:00.000Z' }), context('2026-03-04T12:00:00.000Z')).thenRefused('time-in-future', { field: 'supplementedAt' });
  });

  it('refuses a supplement to the report of a closed breach', () => {
    const closed: BreachEvent = { type: 'BreachClosed', data: { closedAt: '2026-03-04T10:30:00.000Z', summary: 'Handled.' } };
    given(detected(), reported(), closed).when(supplement()).thenRefused('breach-closed');
  });
});
