import { describe, it } from '@jest/globals';
import type { BreachEvent, BreachReportedToAPData, LateReasonAssessedData } from '../breach.events.js';
import { context, detected, given } from '../../../test/support/breaches/breach-given.js';
import { decideAssessLateReason, type AssessLateReason } from './assess-late-reason.js';

// awareAt 2026-03-02T09:00Z, deadline 2026-03-05T09:00Z; reported late on 2026-03-06T15:00Z.
const VERDICT: AssessLateReason = { verdict: 'not-accepted', comment: 'Waiting for the processor is no reason: report preliminarily.', assessedAt: '2026-03-07T10:00:00.000Z' };
const now = context('2026-03-10T12:00:00.000Z');
const judge = (command: Partial<AssessLateReason> = {}) => (state: Parameters<typeof decideAssessLateReason>[1], at: Parameters<typeof decideAssessLateReason>[2]) =>
  decideAssessLateReason({ ...VERDICT, ...command }, state, at);
const judged = (data: Partial<LateReasonAssessedData> = {}): BreachEvent => ({ type: 'LateReasonAssessed', data: { ...VERDICT, ...data } });
const reported = (data: Partial<BreachReportedToAPData> = {}): BreachEvent => ({
  type: 'BreachReportedToAP',
  data: {
    reportedAt: '2026-03-06T15:00:00.000Z',
    apReference: 'M-2026-1',
    phase: 'preliminary',
    deadline: '2026-03-05T09:00:00.000Z',
    late: true,
    lateReason: { code: 'awaiting-investigation', explanation: 'We waited for the processor’s findings.' },
    ...data,
  },
});
const closed: BreachEvent = { type: 'BreachClosed', data: { closedAt: '2026-03-07T09:00:00.000Z', summary: 'Handled.' } };

describe('AssessLateReason', () => {
  it("records the FG's verdict on the reason for a late report", () => {
    given(detected(), reported()).when(judge(), now).then([judged()]);
  });

  it('records a new verdict that replaces the last', () => {
    const again = { verdict: 'accepted' as const, comment: 'The AP accepted the explanation after all.', assessedAt: '2026-03-08T10:00:00.000Z' };
    given(detected(), reported(), judged()).when(judge(again), now).then([judged(again)]);
  });

  it('refuses a verdict on a breach that was not reported', () => {
    given(detected()).when(judge(), now).thenRefused('not-reported');
  });

  it('refuses a verdict on a report that was not late', () => {
    given(detected(), reported({ reportedAt: '2026-03-04T10:00:00.000Z', late: false, lateReason: null }))
      .when(judge(), now)
      .thenRefused('report-not-late', { reportedAt: '2026-03-04T10:00:00.000Z' });
  });

  it('refuses a verdict on a late report that carries no reason', () => {
    given(detected(), reported({ lateReason: null })).when(judge(), now).thenRefused('no-late-reason');
  });

  it('refuses a verdict without a comment', () => {
    given(detected(), reported()).when(judge({ comment: '  ' }), now).thenRefused('verdict-requires-comment', { field: 'comment' });
  });

  it('trims the comment', () => {
    given(detected(), reported()).when(judge({ comment: ' Not accepted. ' }), now).then([judged({ comment: 'Not accepted.' })]);
  });

  it('refuses a verdict before the report', () => {
    given(detected(), reported())
      .when(judge({ assessedAt: '2026-03-06T14:59:59.000Z' }), now)
      .thenRefused('time-out-of-order', { field: 'assessedAt', mustNotBeBefore: 'reportedAt', limit: '2026-03-06T15:00:00.000Z' });
  });

  it('refuses a verdict time in the future', () => {
    given(detected(), reported()).when(judge({ assessedAt: '2026-03-10T12:30:00.000Z' }), now).thenRefused('time-in-future', { field: 'assessedAt' });
  });

  it('accepts a verdict after closure: the FG is independent', () => {
    given(detected(), reported(), closed).when(judge(), now).then([judged()]);
  });

  it('judges a report that was later withdrawn: it was still late', () => {
    const withdrawn: BreachEvent = { type: 'BreachReportWithdrawn', data: { withdrawnAt: '2026-03-06T16:00:00.000Z', reason: 'Not a breach after all.' } };
    given(detected(), reported(), withdrawn).when(judge(), now).then([judged()]);
  });
});
