import { describe, it } from '@jest/globals';
import type { BreachEvent } from '../breach.events.js';
import { context, detected, given } from '../../../test/support/breaches/breach-given.js';
import { decideReportBreachToAP, type ReportBreachToAP } from './report-breach-to-ap.js';

// awareAt 2026-03-02T09:00Z: deadline 2026-03-05T09:00Z.
const at = context('2026-03-20T12:00:00.000Z');
const report = (overrides: Partial<ReportBreachToAP> = {}) => (state: Parameters<typeof decideReportBreachToAP>[1], c: Parameters<typeof decideReportBreachToAP>[2]) =>
  decideReportBreachToAP({ reportedAt: '2026-03-12T10:00:00.000Z', apReference: 'M-2026-2', phase: 'final', lateReason: null, ...overrides }, state, c);
const first = (late: boolean): BreachEvent => ({
  type: 'BreachReportedToAP',
  data: {
    reportedAt: late ? '2026-03-06T10:00:00.000Z' : '2026-03-03T10:00:00.000Z',
    apReference: 'M-2026-1',
    phase: 'preliminary',
    deadline: '2026-03-05T09:00:00.000Z',
    late,
    lateReason: late ? { code: 'staff-unavailable', explanation: 'Weekend.' } : null,
  },
});
const withdrawn: BreachEvent = { type: 'BreachReportWithdrawn', data: { withdrawnAt: '2026-03-10T10:00:00.000Z', reason: 'Filed under the wrong organisation.', ground: 'other' } };

describe('ReportBreachToAP after a withdrawal (re-filing)', () => {
  it('files again under a new meldnummer; the first filing, on time, still decides lateness', () => {
    given(detected(), first(false), withdrawn)
      .when(report(), at)
      .then([{ type: 'BreachReportedToAP', data: { reportedAt: '2026-03-12T10:00:00.000Z', apReference: 'M-2026-2', phase: 'final', deadline: '2026-03-05T09:00:00.000Z', late: false, lateReason: null, refiles: 'M-2026-1' } }]);
  });

  it('repeats the lateness of a late first filing and needs no new reason: the first one carried it', () => {
    given(detected(), first(true), withdrawn)
      .when(report(), at)
      .then([{ type: 'BreachReportedToAP', data: { reportedAt: '2026-03-12T10:00:00.000Z', apReference: 'M-2026-2', phase: 'final', deadline: '2026-03-05T09:00:00.000Z', late: true, lateReason: null, refiles: 'M-2026-1' } }]);
  });

  it('refuses a reason for delay on a re-filing', () => {
    given(detected(), first(true), withdrawn).when(report({ lateReason: { code: 'other', explanation: 'Again.' } }), at).thenRefused('late-reason-not-applicable');
  });

  it('refuses the meldnummer of an earlier filing', () => {
    given(detected(), first(false), withdrawn).when(report({ apReference: ' M-2026-1 ' }), at).thenRefused('ap-reference-already-used', { apReference: 'M-2026-1' });
  });

  it('refuses a re-filing before the withdrawal', () => {
    given(detected(), first(false), withdrawn).when(report({ reportedAt: '2026-03-09T10:00:00.000Z' }), at).thenRefused('time-out-of-order', { mustNotBeBefore: 'withdrawnAt' });
  });

  it('refuses a second filing while the first stands: supplement instead', () => {
    given(detected(), first(false)).when(report(), at).thenRefused('already-reported');
  });

  it('allows a third filing after the second was withdrawn too, each under its own meldnummer', () => {
    const second: BreachEvent = { type: 'BreachReportedToAP', data: { reportedAt: '2026-03-12T10:00:00.000Z', apReference: 'M-2026-2', phase: 'final', deadline: '2026-03-05T09:00:00.000Z', late: false, lateReason: null, refiles: 'M-2026-1' } };
    const withdrawnAgain: BreachEvent = { type: 'BreachReportWithdrawn', data: { withdrawnAt: '2026-03-13T10:00:00.000Z', reason: 'Again the wrong form.', ground: 'other' } };
    given(detected(), first(false), withdrawn, second, withdrawnAgain).when(report({ apReference: 'M-2026-2', reportedAt: '2026-03-14T10:00:00.000Z' }), at).thenRefused('ap-reference-already-used');
    given(detected(), first(false), withdrawn, second, withdrawnAgain)
      .when(report({ apReference: 'M-2026-3', reportedAt: '2026-03-14T10:00:00.000Z' }), at)
      .then([{ type: 'BreachReportedToAP', data: { reportedAt: '2026-03-14T10:00:00.000Z', apReference: 'M-2026-3', phase: 'final', deadline: '2026-03-05T09:00:00.000Z', late: false, lateReason: null, refiles: 'M-2026-2' } }]);
  });
});
