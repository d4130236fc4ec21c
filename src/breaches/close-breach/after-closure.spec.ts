import { describe, expect, it } from '@jest/globals';
import { decideAssessBreach } from '../assess-breach/assess-breach.js';
import { decideAssessLateReason } from '../assess-late-reason/assess-late-reason.js';
import type { BreachEvent, BreachEventType } from '../breach.events.js';
import { ALLOWED_AFTER_CLOSURE, type DecisionContext } from '../breach.rules.js';
import type { BreachState } from '../breach.state.js';
import { decideCorrectBreachDetails } from '../correct-breach-details/correct-breach-details.js';
import { decideRecordNotificationDetails } from '../record-notification-details/record-notification-details.js';
import { decideErasePersonalData } from '../erase-personal-data/erase-personal-data.js';
import { decideGiveDpoAdvice } from '../give-dpo-advice/give-dpo-advice.js';
import { decideInformDpo } from '../inform-dpo/inform-dpo.js';
import { decideNotifyDataSubjects } from '../notify-data-subjects/notify-data-subjects.js';
import { decideRecordRootCause } from '../record-root-cause/record-root-cause.js';
import { decideRegisterBreach } from '../register-breach/register-breach.js';
import { decideReportBreachToAP } from '../report-breach-to-ap/report-breach-to-ap.js';
import { decideSupplementBreachReport } from '../supplement-breach-report/supplement-breach-report.js';
import { decideTakeMeasure } from '../take-measure/take-measure.js';
import { context, detected, detectedData, given, auditWithRecommendation, RECOMMENDATION_ID, AUDIT_ID } from '../../../test/support/breaches/breach-given.js';
import { decideWaiveDataSubjectNotification } from '../waive-data-subject-notification/waive-data-subject-notification.js';
import { decideWithdrawBreachReport } from '../withdraw-breach-report/withdraw-breach-report.js';
import { decideCloseBreach } from './close-breach.js';
import { decideRevokeDataSubjectNotificationWaiver } from '../revoke-data-subject-notification-waiver/revoke-data-subject-notification-waiver.js';
import { decideLinkBreachToRecommendation } from '../link-breach-to-recommendation/link-breach-to-recommendation.js';

/**
 * Closure ends the handling: of every use case of the slice, only those ALLOWED_AFTER_CLOSURE
 * names are still accepted, and every other one is refused with `breach-closed`. The table is
 * keyed by event type, so a new use case does not compile until it is placed here.
 */

// A handled breach: FG informed, high risk, reported late with a reason, data subjects notified, closed.
const closedBreach: readonly BreachEvent[] = [
  detected(),
  { type: 'DpoInformed', data: { informedAt: '2026-03-02T10:00:00.000Z', informedBy: 'privacy officer' } },
  { type: 'BreachAssessed', data: { assessedAt: '2026-03-02T12:00:00.000Z', risk: 'high', severity: 'aanzienlijk', reportable: true, notifyDataSubjects: true, rationale: null } },
  {
    type: 'BreachReportedToAP',
    data: {
      reportedAt: '2026-03-05T10:00:00.000Z',
      apReference: 'M-2026-1',
      phase: 'final',
      deadline: '2026-03-05T09:00:00.000Z',
      late: true,
      lateReason: { code: 'processor-delay', explanation: 'The processor told us late.' },
    },
  },
  { type: 'DataSubjectsNotified', data: { notifiedAt: '2026-03-05T11:00:00.000Z', count: 1, channel: 'letter' } },
  { type: 'BreachClosed', data: { closedAt: '2026-03-06T12:00:00.000Z', summary: 'Handled.' } },
];
const AFTER = '2026-03-07T09:00:00.000Z';
const at = context('2026-03-10T12:00:00.000Z');

type Decide = (state: BreachState, context: DecisionContext) => readonly BreachEvent[];

/**
 * Each use case, by the event it records, with a command sound in itself: on the same breach
 * left open, all but the second report and the waiver after notification would be accepted.
 */
const useCases: { readonly [T in Exclude<BreachEventType, 'BreachDetected'>]: Decide } = {
  DpoInformed: (s, c) => decideInformDpo({ informedAt: AFTER, informedBy: 'privacy officer' }, s, c),
  DpoAdviceGiven: (s, c) => decideGiveDpoAdvice({ advice: 'Check addresses against the population register.', advisedAt: AFTER }, s, c),
  BreachAssessed: (s, c) => decideAssessBreach({ assessedAt: AFTER, risk: 'high', severity: 'zeer-groot', reportable: true, notifyDataSubjects: true, rationale: null }, s, c),
  BreachReportedToAP: (s, c) =>
    decideReportBreachToAP({ reportedAt: AFTER, apReference: 'M-2026-2', phase: 'final', lateReason: { code: 'other', explanation: 'A second filing.' } }, s, c),
  BreachReportSupplemented: (s, c) => decideSupplementBreachReport({ supplementedAt: AFTER, changes: 'The number of data subjects is known.', phase: 'final' }, s, c),
  BreachReportWithdrawn: (s, c) => decideWithdrawBreachReport({ withdrawnAt: AFTER, ground: 'no-breach', reason: 'It proved not to be a breach.' }, s, c),
  DataSubjectsNotified: (s, c) => decideNotifyDataSubjects({ notifiedAt: AFTER, count: 3, channel: 'email' }, s, c),
  DataSubjectNotificationWaived: (s, c) =>
    decideWaiveDataSubjectNotification({ waivedAt: AFTER, ground: 'high-risk-removed', explanation: 'The letter was retrieved unopened.', publicCommunication: null }, s, c),
  DataSubjectNotificationWaiverRevoked: (s, c) => decideRevokeDataSubjectNotificationWaiver({ revokedAt: AFTER, cause: 'ap-required', reason: 'The AP required it.' }, s, c),
  BreachLinkedToRecommendation: (s, c) =>
    decideLinkBreachToRecommendation({ auditId: AUDIT_ID, recommendationId: RECOMMENDATION_ID, relation: 'led-to', linkedAt: AFTER }, auditWithRecommendation(), s, c),
  RootCauseRecorded: (s, c) => decideRecordRootCause({ category: 'procedure', description: 'No second check on addresses.' }, s, c),
  MeasureTaken: (s, c) =>
    decideTakeMeasure({ measureId: '5d0c3a8e-7f21-5b4c-9e6d-2a1b0c9d8e7f', description: 'A second check on addresses.', purpose: 'prevention', takenAt: AFTER }, s, c),
  LateReasonAssessed: (s, c) => decideAssessLateReason({ verdict: 'accepted', comment: 'The processor informed us late; documented.', assessedAt: AFTER }, s, c),
  BreachDetailsCorrected: (s, c) => decideCorrectBreachDetails({ changes: [{ field: 'encrypted', to: true }], reason: 'The laptop was encrypted after all.', lateReason: null }, s, c),
  BreachClosed: (s, c) => decideCloseBreach({ closedAt: AFTER, summary: 'Closed again.' }, s, c),
  PersonalDataErased: (s, c) => decideErasePersonalData({ reason: 'The retention period has ended.' }, s, c),
  NotificationDetailsRecorded: (s) => decideRecordNotificationDetails({ recordCount: { kind: 'exact', count: 2 } }, s),
};

const allowed: readonly string[] = ALLOWED_AFTER_CLOSURE;

describe('after closure', () => {
  for (const [type, decide] of Object.entries(useCases)) {
    if (allowed.includes(type)) {
      it(`still accepts ${type}`, () => {
        expect(decide(given(...closedBreach).state, at).map((event) => event.type)).toEqual([type]);
      });
    } else {
      it(`refuses ${type} with breach-closed`, () => {
        given(...closedBreach).when(decide, at).thenRefused('breach-closed', { closedAt: '2026-03-06T12:00:00.000Z' });
      });
    }
  }

  it('names only use cases that exist in its list of what may still happen', () => {
    expect(allowed.filter((type) => !(type in useCases))).toEqual([]);
  });

  it('refuses to register the breach again: the stream exists, closed or not', () => {
    given(...closedBreach).when((s, c) => decideRegisterBreach(detectedData(), s, c), at).thenRefused('breach-already-registered');
  });
});
