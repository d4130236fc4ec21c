import { describe, expect, it } from '@jest/globals';
import type { JsonObject, JsonValue } from '../shared/json.js';
import { personalValues } from '../shared/personal-fields.js';
import { PERSONAL_FIELDS, type BreachEventType } from './breach.events.js';
import { BREACH_EVENT_SAMPLES as samples } from '../../test/support/breaches/breach-event-samples.js';

/**
 * PERSONAL_FIELDS is complete: every string an event can carry is either listed as personal
 * or named here as not personal, with why. A new text field does not pass until someone
 * has decided which it is.
 */
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
