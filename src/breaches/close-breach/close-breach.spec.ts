import { describe, it } from '@jest/globals';
import type { BreachAssessedData, BreachEvent } from '../breach.events.js';
import { context, detected, given } from '../../../test/support/breaches/breach-given.js';
import { decideCloseBreach, type CloseBreach } from './close-breach.js';

const close = (overrides: Partial<CloseBreach> = {}) => (state: Parameters<typeof decideCloseBreach>[1], at: Parameters<typeof decideCloseBreach>[2]) =>
  decideCloseBreach({ closedAt: '2026-03-04T11:00:00.000Z', summary: 'Letter retrieved; address check added.', ...overrides }, state, at);
const closed = (closedAt = '2026-03-04T11:00:00.000Z'): BreachEvent => ({ type: 'BreachClosed', data: { closedAt, summary: 'Letter retrieved; address check added.' } });
const assessed = (overrides: Partial<BreachAssessedData> = {}): BreachEvent => ({
  type: 'BreachAssessed',
  data: { assessedAt: '2026-03-02T12:00:00.000Z', risk: 'risk', severity: 'beperkt', reportable: true, notifyDataSubjects: false, rationale: null, ...overrides },
});
const notReportable = assessed({ risk: 'none', severity: 'verwaarloosbaar', reportable: false, rationale: 'The envelope was returned unopened.' });
const reported: BreachEvent = {
  type: 'BreachReportedToAP',
  data: { reportedAt: '2026-03-03T10:00:00.000Z', apReference: 'M-2026-1', phase: 'final', deadline: '2026-03-05T09:00:00.000Z', late: false, lateReason: null },
};
const withdrawn: BreachEvent = { type: 'BreachReportWithdrawn', data: { withdrawnAt: '2026-03-03T15:00:00.000Z', reason: 'The letter never left the building.', ground: 'no-breach' } };
const withdrawnOther: BreachEvent = { type: 'BreachReportWithdrawn', data: { withdrawnAt: '2026-03-03T15:00:00.000Z', reason: 'Filed for the wrong breach.', ground: 'other' } };
const cause: BreachEvent = { type: 'RootCauseRecorded', data: { category: 'human-error', description: 'The address was copied from an old letter.' } };
const unknownCause: BreachEvent = { type: 'RootCauseRecorded', data: { category: 'unknown', description: 'The printer logs were overwritten before anyone looked.' } };
const revoked: BreachEvent = { type: 'DataSubjectNotificationWaiverRevoked', data: { revokedAt: '2026-03-03T16:00:00.000Z', cause: 'ap-required', reason: 'The AP required it.' } };
const notified: BreachEvent = { type: 'DataSubjectsNotified', data: { notifiedAt: '2026-03-03T11:00:00.000Z', count: 1, channel: 'letter' } };
const waived: BreachEvent = {
  type: 'DataSubjectNotificationWaived',
  data: { waivedAt: '2026-03-03T11:00:00.000Z', ground: 'high-risk-removed', explanation: 'The letter was retrieved unopened.', publicCommunication: null },
};

describe('CloseBreach', () => {
  it('closes a reported breach with its time and summary', () => {
    given(detected(), assessed(), reported, cause).when(close()).then([closed()]);
  });

  it('refuses to close a reported breach without its root cause', () => {
    given(detected(), assessed(), reported).when(close()).thenRefused('closure-requires-root-cause');
  });

  it('closes a reported breach whose root cause is explicitly unknown, with the reason', () => {
    given(detected(), assessed(), reported, unknownCause).when(close()).then([closed()]);
  });

  it('refuses to close a breach whose report was withdrawn for another reason than "no breach" without its root cause', () => {
    given(detected(), assessed(), reported, withdrawnOther).when(close()).thenRefused('closure-requires-root-cause');
  });

  it('closes a breach assessed as not reportable without a report', () => {
    given(detected(), notReportable).when(close()).then([closed()]);
  });

  it('closes a reportable breach whose report was withdrawn as no breach after all, without a root cause', () => {
    given(detected(), assessed(), reported, withdrawn).when(close()).then([closed()]);
  });

  it('refuses to close a breach that has not been assessed', () => {
    given(detected()).when(close()).thenRefused('not-assessed');
  });

  it('refuses to close a reportable breach that was not reported to the AP', () => {
    given(detected(), assessed()).when(close()).thenRefused('not-reported');
  });

  it('refuses to close while the data subjects the assessment says to notify were not notified', () => {
    given(detected(), assessed({ risk: 'high', notifyDataSubjects: true }), reported).when(close()).thenRefused('data-subjects-not-notified');
  });

  it('closes once the data subjects were notified', () => {
    given(detected(), assessed({ risk: 'high', notifyDataSubjects: true }), reported, cause, notified).when(close()).then([closed()]);
  });

  it('closes once an Art. 34(3) waiver was recorded instead of notifying', () => {
    given(detected(), assessed({ risk: 'high', notifyDataSubjects: true }), reported, cause, waived).when(close()).then([closed()]);
  });

  it('refuses to close once a waiver was revoked until the data subjects are notified', () => {
    given(detected(), assessed({ risk: 'high', notifyDataSubjects: true }), reported, cause, waived, revoked).when(close()).thenRefused('data-subjects-not-notified');
    const notifiedAfter: BreachEvent = { type: 'DataSubjectsNotified', data: { notifiedAt: '2026-03-04T09:00:00.000Z', count: 1, channel: 'letter' } };
    given(detected(), assessed({ risk: 'high', notifyDataSubjects: true }), reported, cause, waived, revoked, notifiedAfter).when(close()).then([closed()]);
  });

  it('refuses a closure before the latest business time recorded', () => {
    given(detected(), assessed(), reported, withdrawn)
      .when(close({ closedAt: '2026-03-03T14:59:59.000Z' }))
      .thenRefused('time-out-of-order', { field: 'closedAt', mustNotBeBefore: 'latestBusinessTime', limit: '2026-03-03T15:00:00.000Z' });
  });

  it('accepts a closure at the latest business time recorded', () => {
    given(detected(), assessed(), reported, withdrawn).when(close({ closedAt: '2026-03-03T15:00:00.000Z' })).then([closed('2026-03-03T15:00:00.000Z')]);
  });

  it('refuses a closure in the future', () => {
    given(detected(), assessed(), reported, cause).when(close({ closedAt: '2026-03-04T12:10:00.000Z' }), context('2026-03-04T12:00:00.000Z')).thenRefused('time-in-future', { field: 'closedAt' });
  });

  it('refuses a closure without a summary', () => {
    given(detected(), assessed(), reported).when(close({ summary: '  ' })).thenRefused('closure-requires-summary', { field: 'summary' });
  });

  it('refuses to close a breach twice', () => {
    given(detected(), assessed(), reported, closed()).when(close({ closedAt: '2026-03-04T11:30:00.000Z' })).thenRefused('breach-closed', { closedAt: '2026-03-04T11:00:00.000Z' });
  });

  it('refuses to close a breach that was never registered', () => {
    given().when(close()).thenRefused('breach-not-registered');
  });
});
