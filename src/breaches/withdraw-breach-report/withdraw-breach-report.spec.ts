import { describe, it } from '@jest/globals';
import type { BreachEvent } from '../breach.events.js';
import { context, detected, given } from '../../../test/support/breaches/breach-given.js';
import { decideWithdrawBreachReport, type WithdrawBreachReport } from './withdraw-breach-report.js';

// awareAt 2026-03-02T09:00Z; the report was filed on 2026-03-04T10:00Z.
const REPORTED_AT = '2026-03-04T10:00:00.000Z';
const REASON = 'The envelope was returned unopened: no one saw the data.';
const withdraw = (overrides: Partial<WithdrawBreachReport> = {}) => (state: Parameters<typeof decideWithdrawBreachReport>[1], at: Parameters<typeof decideWithdrawBreachReport>[2]) =>
  decideWithdrawBreachReport({ withdrawnAt: '2026-03-04T11:00:00.000Z', ground: 'no-breach', reason: REASON, ...overrides }, state, at);
const reported: BreachEvent = {
  type: 'BreachReportedToAP',
  data: { reportedAt: REPORTED_AT, apReference: 'M-2026-1', phase: 'preliminary', deadline: '2026-03-05T09:00:00.000Z', late: false, lateReason: null },
};
const withdrawn = (overrides: Partial<Extract<BreachEvent, { type: 'BreachReportWithdrawn' }>['data']> = {}): BreachEvent => ({
  type: 'BreachReportWithdrawn',
  data: { withdrawnAt: '2026-03-04T11:00:00.000Z', reason: REASON, ground: 'no-breach', ...overrides },
});

describe('WithdrawBreachReport', () => {
  it('records the withdrawal of a report with its reason', () => {
    given(detected(), reported).when(withdraw()).then([withdrawn()]);
  });

  it('withdraws a report that a supplement made final', () => {
    const supplemented: BreachEvent = { type: 'BreachReportSupplemented', data: { supplementedAt: '2026-03-04T10:30:00.000Z', changes: 'Investigation finished.', phase: 'final' } };
    given(detected(), reported, supplemented).when(withdraw()).then([withdrawn()]);
  });

  it('records the reason without surrounding whitespace', () => {
    given(detected(), reported).when(withdraw({ reason: `\n  ${REASON}  ` })).then([withdrawn()]);
  });

  it('refuses a withdrawal without a report', () => {
    given(detected()).when(withdraw()).thenRefused('not-reported');
  });

  it('refuses to withdraw a report twice', () => {
    given(detected(), reported, withdrawn()).when(withdraw({ withdrawnAt: '2026-03-04T11:30:00.000Z' })).thenRefused('report-withdrawn', { withdrawnAt: '2026-03-04T11:00:00.000Z' });
  });

  it('refuses a withdrawal without a reason', () => {
    given(detected(), reported).when(withdraw({ reason: '   ' })).thenRefused('withdrawal-requires-reason', { field: 'reason' });
  });

  it('refuses a withdrawal before the report', () => {
    given(detected(), reported)
      .when(withdraw({ withdrawnAt: '2026-03-04T09:59:59.000Z' }))
      .thenRefused('time-out-of-order', { field: 'withdrawnAt', mustNotBeBefore: 'lastFiledAt', limit: REPORTED_AT });
  });

  it('refuses a withdrawal dated before the last supplement', () => {
    const supplemented: BreachEvent = { type: 'BreachReportSupplemented', data: { supplementedAt: '2026-03-04T11:30:00.000Z', changes: 'More facts.', phase: 'final' } };
    given(detected(), reported, supplemented)
      .when(withdraw({ withdrawnAt: '2026-03-04T11:00:00.000Z' }))
      .thenRefused('time-out-of-order', { field: 'withdrawnAt', mustNotBeBefore: 'lastFiledAt', limit: '2026-03-04T11:30:00.000Z' });
  });

  it('refuses a withdrawal time in the future', () => {
    given(detected(), reported).when(withdraw({ withdrawnAt: '2026-03-04T12:30:00.000Z' }), context('2026-03-04T12:00:00.000Z')).thenRefused('time-in-future', { field: 'withdrawnAt' });
  });

  it('refuses a withdrawal after the breach was closed', () => {
    const closed: BreachEvent = { type: 'BreachClosed', data: { closedAt: '2026-03-04T10:30:00.000Z', summary: 'Handled.' } };
    given(detected(), reported, closed).when(withdraw()).thenRefused('breach-closed');
  });
});
