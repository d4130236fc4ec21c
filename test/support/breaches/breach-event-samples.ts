import type { BreachEvent, BreachEventType } from '../../../src/breaches/breach.events.js';
import { detectedData } from './breach-given.js';

/**
 * One event of every breach type, each with every personal field it can carry filled in
 * (several people named): what breach-personal-data.spec.ts checks PERSONAL_FIELDS against,
 * and what the command side's kept states are checked with.
 */
const T = '2026-03-02T10:00:00.000Z';
export const BREACH_EVENT_SAMPLES: { readonly [K in BreachEventType]: Extract<BreachEvent, { type: K }>['data'] } = {
  BreachDetected: { ...detectedData(), discovery: { how: 'the processor phoned', processor: 'Print BV' }, processorInformedAt: T, regime: 'wpg' },
  DpoInformed: { informedAt: T, informedBy: 'J. de Vries, privacy officer' },
  DpoAdviceGiven: { advice: 'Inform Mrs. Jansen by phone.', advisedAt: T },
  BreachAssessed: { assessedAt: T, risk: 'none', severity: 'beperkt', reportable: false, notifyDataSubjects: false, rationale: 'Only the name of one colleague.' },
  BreachReportedToAP: { reportedAt: T, apReference: 'M-2026-1', phase: 'final', deadline: T, late: true, lateReason: { code: 'other', explanation: 'Mr. Bakker was ill.' }, apNotification: { revision: 3, sha256: 'b'.repeat(64) } },
  BreachReportSupplemented: { supplementedAt: T, changes: 'A second applicant, Mr. Smit.', phase: 'final', apNotification: { revision: 4, sha256: 'c'.repeat(64) } },
  BreachReportWithdrawn: { withdrawnAt: T, reason: 'Mrs. Jansen confirmed she did not open it.', ground: 'no-breach' },
  DataSubjectsNotified: { notifiedAt: T, count: 2, channel: 'letter' },
  DataSubjectNotificationWaived: { waivedAt: T, ground: 'disproportionate-effort', explanation: 'Addresses unknown.', publicCommunication: 'Notice on the website about the lost files of Buurtteam Oost.' },
  DataSubjectNotificationWaiverRevoked: { revokedAt: T, cause: 'ap-required', reason: 'The AP wrote that Mrs. Jansen must be told.' },
  RootCauseRecorded: { category: 'human-error', description: 'J. de Vries copied an old address.' },
  MeasureTaken: { measureId: '5d0c3a8e-7f21-5b4c-9e6d-2a1b0c9d8e7f', description: 'Asked the neighbour, Mr. Smit, to return it.', purpose: 'containment', takenAt: T },
  LateReasonAssessed: { verdict: 'accepted', comment: 'Mr. Bakker was the only one on duty.', assessedAt: T },
  BreachDetailsCorrected: {
    corrections: [
      { field: 'title', from: 'Letter to Mrs. Jansen', to: 'Letter to a neighbour' },
      { field: 'description', from: 'old', to: 'new' },
      { field: 'awareAt', from: T, to: T },
      { field: 'dienst', from: 'SZW', to: 'OCW' },
      { field: 'apReference', from: 'M-1', to: 'M-2' },
      { field: 'occurredFrom', from: null, to: T },
      { field: 'dataCategories', from: ['name'], to: ['name', 'address'] },
      { field: 'ciaAspects', from: ['confidentiality'], to: ['integrity'] },
      { field: 'incidentKind', from: 'other', to: 'phishing' },
    ],
    reason: 'Mrs. Jansen called to say it was her neighbour.',
    lateReason: { code: 'internal-escalation', explanation: 'The desk did not pass the call of Mr. Smit on.' },
  },
  BreachLinkedToRecommendation: { auditId: '1c7b5e1f-6a4d-4d2f-8e63-7a2e1e7b8d22', recommendationId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', relation: 'led-to', linkedAt: T },
  BreachClosed: { closedAt: T, summary: 'Letter retrieved from Mr. Smit.' },
  PersonalDataErased: { erasedAt: T, reason: 'Retention period ended.' },
  NotificationDetailsRecorded: {
    dataSubjectCategories: ['residents', 'minors'],
    dataSubjectCategoriesExplanation: 'The Jansen family and their two children.',
    recordCount: { kind: 'range', min: 1, max: 3 },
    likelyConsequences: ['stigmatisation-or-exclusion'],
    consequencesExplanation: 'Mr. Smit learns that the Jansens receive youth care.',
    crossBorder: { otherStatesAffected: 'yes', states: ['DE'], leadAuthority: 'LDI NRW' },
    processorNotification: { channel: 'email', explanation: 'Mail from K. Bos of Print BV.' },
    contact: { name: 'A. de Wit', jobTitle: 'privacy officer', phone: '+31 20 123 4567', email: 'a.dewit@gemeente.example' },
    measuresBeforeBreach: 'Mr. Smit\'s address is checked twice.',
    protection: { answer: 'partly', methods: ['encryption'], description: 'The laptop of J. de Vries was encrypted.' },
    dataSubjectCommunication: { text: 'Dear Mrs. Jansen, …', channels: ['letter'] },
  },
};
