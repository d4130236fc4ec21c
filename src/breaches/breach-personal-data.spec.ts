import { describe, expect, it } from '@jest/globals';
import type { JsonObject, JsonValue } from '../shared/json.js';
import { personalValues } from '../shared/personal-fields.js';
import { PERSONAL_FIELDS, type BreachEvent, type BreachEventType } from './breach.events.js';
import { detectedData } from './testing/breach-given.js';

/**
 * PERSONAL_FIELDS is complete: every string an event can carry is either listed as personal
 * or named here as not personal, with why. A new text field does not pass until someone
 * has decided which it is.
 */
const T = '2026-03-02T10:00:00.000Z';
const samples: { readonly [K in BreachEventType]: Extract<BreachEvent, { type: K }>['data'] } = {
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

/** Strings that are not personal, by type, as concrete paths ('*' for an array index). */
const NOT_PERSONAL: { readonly [K in BreachEventType]: readonly string[] } = {
  // Ids, the dienst (a department code), times, codes, and data categories (kinds of data, not the data).
  // The processor is an organisation (awareness starts when it informed the municipality).
  BreachDetected: ['breachId', 'dienst', 'awareAt', 'occurredFrom', 'occurredTo', 'discovery.processor', 'ciaAspects.*', 'incidentKind', 'dataCategories.*', 'dataSubjects.kind', 'processorInformedAt', 'regime'],
  DpoInformed: ['informedAt'],
  DpoAdviceGiven: ['advisedAt'],
  BreachAssessed: ['assessedAt', 'risk', 'severity'],
  // The meldnummer is the AP's reference for the filing, needed to answer the AP after erasure.
  // The version of the prepared AP form a filing copied is a hash, not the text it covers.
  BreachReportedToAP: ['reportedAt', 'apReference', 'phase', 'deadline', 'lateReason.code', 'apNotification.sha256'],
  BreachReportSupplemented: ['supplementedAt', 'phase', 'apNotification.sha256'],
  BreachReportWithdrawn: ['withdrawnAt', 'ground'],
  DataSubjectsNotified: ['notifiedAt', 'channel'],
  DataSubjectNotificationWaived: ['waivedAt', 'ground'],
  DataSubjectNotificationWaiverRevoked: ['revokedAt', 'cause'],
  RootCauseRecorded: ['category'],
  MeasureTaken: ['measureId', 'purpose', 'takenAt'],
  LateReasonAssessed: ['verdict', 'assessedAt'],
  // Corrections of facts that are not text (times, codes, the dienst, categories) stay readable: the clock and the figures need them.
  BreachDetailsCorrected: ['corrections.*.field', 'corrections.*.from', 'corrections.*.to', 'corrections.*.from.*', 'corrections.*.to.*', 'lateReason.code'],
  // Ids of an audit and its recommendation: about the organisation, not people.
  BreachLinkedToRecommendation: ['auditId', 'recommendationId', 'relation', 'linkedAt'],
  BreachClosed: ['closedAt'],
  // The lasting record of the erasure: what remains must say when and why.
  PersonalDataErased: ['erasedAt', 'reason'],
  // Codes, counts, states and an authority (an organisation); the contact's function names a role, not a person.
  NotificationDetailsRecorded: [
    'dataSubjectCategories.*',
    'recordCount.kind',
    'likelyConsequences.*',
    'crossBorder.otherStatesAffected',
    'crossBorder.states.*',
    'crossBorder.leadAuthority',
    'processorNotification.channel',
    'contact.jobTitle',
    'protection.answer',
    'protection.methods.*',
    'dataSubjectCommunication.channels.*',
  ],
};

function stringPaths(value: JsonValue, path: readonly (string | number)[] = []): string[] {
  if (typeof value === 'string') return [path.join('.')];
  if (Array.isArray(value)) return (value as readonly JsonValue[]).flatMap((item, index) => stringPaths(item, [...path, index]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => stringPaths(item, [...path, key]));
  return [];
}

const generic = (path: string) => path.replace(/\.\d+(?=\.|$)/g, '.*');

describe('PERSONAL_FIELDS', () => {
  for (const type of Object.keys(samples) as BreachEventType[]) {
    it(`names every string of ${type} as personal or not`, () => {
      const data = samples[type] as unknown as JsonObject;
      const personal = personalValues(data, PERSONAL_FIELDS[type]);
      personal.forEach(({ path, value }) => expect([path, typeof value]).toEqual([path, 'string']));
      PERSONAL_FIELDS[type].forEach((pattern) => expect([pattern, personalValues(data, [pattern]).length > 0]).toEqual([pattern, true]));
      const personalPaths = new Set(personal.map(({ path }) => path));
      const rest = stringPaths(data).filter((path) => !personalPaths.has(path));
      rest.forEach((path) => expect([type, generic(path), NOT_PERSONAL[type].includes(generic(path))]).toEqual([type, generic(path), true]));
    });
  }

  it('encrypts a correction only for the text facts, so corrected times and codes stay readable', () => {
    const paths = personalValues(samples.BreachDetailsCorrected as unknown as JsonObject, PERSONAL_FIELDS.BreachDetailsCorrected).map(({ path }) => path);
    expect(paths.sort()).toEqual(['corrections.0.from', 'corrections.0.to', 'corrections.1.from', 'corrections.1.to', 'lateReason.explanation', 'reason'].sort());
  });
});
