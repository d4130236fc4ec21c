import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../event-store/canonical-json.js';
import { generateBreachYear } from '../../../test/support/breaches/generate-breach-year.js';
import type { StoredEvent } from '../../event-store/event-store.port.js';
import type { BreachEvent } from '../breach.events.js';
import { breachDossier, withPersonalFields, type BreachDossier } from '../get-breach-dossier/breach-dossier.js';
import { BREACH_ID, detectedData } from '../../../test/support/breaches/breach-given.js';
import { VOCABULARIES } from '../../labels/labels.js';
import { QUESTIONS, SECTION_TITLES } from './ap-form-labels.js';
import { answersHash, apNotificationForm, FORM_VERSION, type ApSection } from './ap-notification-form.js';
import { apNotificationOf, apNotificationVersionOf, processorInformedAtOf } from './get-ap-notification.js';

const stored = (events: readonly BreachEvent[]): StoredEvent[] =>
  events.map((event, revision) => ({
    eventId: `00000000-0000-4000-8000-${String(revision).padStart(12, '0')}`,
    streamId: `breach-${BREACH_ID}`,
    revision,
    position: BigInt(revision + 1),
    type: event.type,
    schemaVersion: 1,
    data: event.data as never,
    metadata: { recordedAt: '2026-03-02T10:00:00.000Z', actor: { id: 'api-key:po', role: 'privacy-officer' }, commandId: 'c', correlationId: 'c', causationId: 'c', prevHash: '0'.repeat(64), hash: String(revision).repeat(64).slice(0, 64) },
  }));
const dossierOf = (...events: BreachEvent[]) => breachDossier(stored([{ type: 'BreachDetected', data: detectedData() }, ...events])) as BreachDossier;
const questions = (dossier: BreachDossier, now = '2026-03-04T12:00:00.000Z') => apNotificationForm(dossier, null, now).flatMap((section) => section.questions);
const byId = (dossier: BreachDossier, id: string, now?: string) => questions(dossier, now).find((question) => question.id === id);

describe('the prepared AP notification form', () => {
  it('numbers the questions within their sections, in order', () => {
    const sections = apNotificationForm(dossierOf(), null, '2026-03-04T12:00:00.000Z');
    expect(sections.map((section) => section.number)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8']);
    sections.forEach((section) => section.questions.forEach((question, index) => expect(question.number).toBe(`${section.number}.${index + 1}`)));
    expect(new Set(sections.flatMap((section) => section.questions.map((question) => question.id))).size).toBe(sections.flatMap((section) => section.questions).length);
  });

  it('answers the recorded facts in Dutch, citing the event', () => {
    const question = byId(dossierOf(), 'gegevens.bijzonder');
    expect(question).toMatchObject({ status: 'answered', answer: { text: 'Bijzondere persoonsgegevens: nee; BSN: ja; strafrechtelijke gegevens: nee', sources: [expect.objectContaining({ revision: 0 })] } });
  });

  it('asks for the reason of a delay only once the deadline has passed, and leaves it open until the filing gives it', () => {
    expect(byId(dossierOf(), 'tijdlijn.laat', '2026-03-05T08:59:00.000Z')?.status).toBe('not-applicable');
    expect(byId(dossierOf(), 'tijdlijn.laat', '2026-03-05T09:01:00.000Z')?.status).toBe('unanswered');
    const late: BreachEvent = { type: 'BreachReportedToAP', data: { reportedAt: '2026-03-06T09:00:00.000Z', apReference: 'M-1', phase: 'preliminary', deadline: '2026-03-05T09:00:00.000Z', late: true, lateReason: { code: 'processor-delay', explanation: 'Print BV told us on Friday.' } } };
    expect(byId(dossierOf(late), 'tijdlijn.laat')?.answer?.text).toBe(`${VOCABULARIES.lateReason['processor-delay'].nl}: Print BV told us on Friday.`);
  });

  it('answers whether data subjects are informed from the notifications, the waiver or the assessment', () => {
    const assessed: BreachEvent = { type: 'BreachAssessed', data: { assessedAt: '2026-03-02T12:00:00.000Z', risk: 'high', severity: 'aanzienlijk', reportable: true, notifyDataSubjects: true, rationale: null } };
    expect(byId(dossierOf(assessed), 'vervolg.informeren')?.answer?.text).toBe('Nog niet, maar dat gaat gebeuren');
    const notified: BreachEvent = { type: 'DataSubjectsNotified', data: { notifiedAt: '2026-03-03T09:00:00.000Z', count: 4, channel: 'letter' } };
    expect(byId(dossierOf(assessed, notified), 'vervolg.informeren')?.answer?.text).toBe('Ja: 4 betrokkenen, voor het eerst op 3 maart 2026 om 10:00');
    expect(byId(dossierOf(assessed, notified), 'vervolg.kanaal')?.answer?.text).toBe('Brief');
    expect(byId(dossierOf(assessed, notified), 'vervolg.afzien')?.status).toBe('not-applicable');
  });

  it('takes an answer withdrawn with null off the form again', () => {
    const given: BreachEvent = { type: 'NotificationDetailsRecorded', data: { measuresBeforeBreach: 'Two checks on every address.' } };
    const withdrawn: BreachEvent = { type: 'NotificationDetailsRecorded', data: { measuresBeforeBreach: null } };
    expect(byId(dossierOf(given), 'beveiliging.maatregelen')?.status).toBe('answered');
    expect(byId(dossierOf(given, withdrawn), 'beveiliging.maatregelen')?.status).toBe('unanswered');
  });

  it('hashes the answers, not the moment they are asked for', () => {
    const dossier = dossierOf();
    const early = answersHash(BREACH_ID, apNotificationForm(dossier, null, '2026-03-02T12:00:00.000Z'));
    expect(answersHash(BREACH_ID, apNotificationForm(dossier, null, '2026-03-09T12:00:00.000Z'))).toBe(early);
    const details: BreachEvent = { type: 'NotificationDetailsRecorded', data: { recordCount: { kind: 'exact', count: 2 } } };
    expect(answersHash(BREACH_ID, apNotificationForm(dossierOf(details), null, '2026-03-02T12:00:00.000Z'))).not.toBe(early);
  });

  it('takes the labels of the codes from the one place of labels, in the language asked for', () => {
    const assessed: BreachEvent = { type: 'BreachAssessed', data: { assessedAt: '2026-03-02T12:00:00.000Z', risk: 'high', severity: 'aanzienlijk', reportable: true, notifyDataSubjects: false, rationale: null } };
    const waived: BreachEvent = { type: 'DataSubjectNotificationWaived', data: { waivedAt: '2026-03-02T13:00:00.000Z', ground: 'unintelligible-data', explanation: 'The laptop was encrypted.', publicCommunication: null } };
    const details: BreachEvent = {
      type: 'NotificationDetailsRecorded',
      data: { dataSubjectCategories: ['residents', 'minors'], likelyConsequences: ['identity-fraud', 'financial-loss'], protection: { answer: 'partly', methods: ['encryption', 'hashing'], description: null } },
    };
    const cause: BreachEvent = { type: 'RootCauseRecorded', data: { category: 'human-error', description: 'A typo.' } };
    const dossier = dossierOf(assessed, waived, details, cause);
    const nl = (id: string) => byId(dossier, id)?.answer?.text;
    const en = (id: string) => apNotificationForm(dossier, null, '2026-03-04T12:00:00.000Z', { lang: 'en' }).flatMap((section) => section.questions).find((question) => question.id === id)?.answer?.text;
    const v = VOCABULARIES;
    expect(nl('lek.incident')).toBe(v.incidentKind['wrong-recipient'].nl);
    expect(en('lek.incident')).toBe(v.incidentKind['wrong-recipient'].en);
    expect(nl('gevolgen.ernst')).toBe(`${v.severity.aanzienlijk.nl} (hoog risico)`);
    expect(en('gevolgen.ernst')).toBe('Significant (high risk)');
    expect(nl('lek.oorzaak')).toBe(`${v.rootCauseCategory['human-error'].nl}: A typo.`);
    expect(en('lek.oorzaak')).toBe(`${v.rootCauseCategory['human-error'].en}: A typo.`);
    // The waiver in the law's words, with its article: a vocabulary of its own beside the short label.
    expect(nl('vervolg.afzien')).toBe(`${v.waiverGroundLegal['unintelligible-data'].nl}. The laptop was encrypted.`);
    expect(en('vervolg.afzien')).toContain('Art. 34(3)(a) GDPR');
    expect(nl('betrokkenen.categorieen')).toBe('Inwoners en minderjarigen');
    expect(en('betrokkenen.categorieen')).toBe('Residents and minors');
    expect(nl('gevolgen.betrokkenen')).toBe('Blootstelling aan (identiteits)fraude en financiële schade');
    expect(en('gevolgen.betrokkenen')).toBe('Exposure to (identity) fraud and financial loss');
    expect(nl('beveiliging.onbegrijpelijk')).toBe('Gedeeltelijk; versleuteld en gehasht');
    expect(en('beveiliging.onbegrijpelijk')).toBe('Partly; encrypted and hashed');
    expect(en('tijdlijn.ontdekt')).toBe('2 March 2026 at 10:00');
    expect(en('gegevens.bijzonder')).toBe('Special categories of personal data: no; BSN: yes; criminal-law data: no');
  });

  it('asks every question and titles every section in English with lang en, and gives the same version as in Dutch', () => {
    const dossier = dossierOf();
    const dutch = apNotificationForm(dossier, null, '2026-03-04T12:00:00.000Z');
    const english = apNotificationForm(dossier, null, '2026-03-04T12:00:00.000Z', { lang: 'en' });
    for (const section of english) {
      expect(section.title).toBe(SECTION_TITLES[section.number as keyof typeof SECTION_TITLES].en);
      for (const question of section.questions) expect(question.question).toBe(QUESTIONS[question.id as keyof typeof QUESTIONS].en);
    }
    expect(english.flatMap((section) => section.questions.map((question) => [question.id, question.status, question.answer?.value]))).toEqual(
      dutch.flatMap((section) => section.questions.map((question) => [question.id, question.status, question.answer?.value])),
    );
    expect(english.flatMap((section) => section.questions).find((question) => question.id === 'algemeen.contactpersoon')?.hint).toBe('POST /breaches/{id}/notification-details: contact');
    expect(english.flatMap((section) => section.questions).find((question) => question.id === 'tijdlijn.laat')?.hint).toBe('the 72 hours have not passed (yet)');
    expect(answersHash(BREACH_ID, english)).toBe(answersHash(BREACH_ID, dutch));
    // The form's own texts are exactly its questions and sections: no stray or missing wording.
    expect(english.flatMap((section) => section.questions.map((question) => question.id)).sort()).toEqual(Object.keys(QUESTIONS).sort());
    expect(english.map((section) => section.number)).toEqual(Object.keys(SECTION_TITLES));
    for (const text of [...Object.values(QUESTIONS), ...Object.values(SECTION_TITLES)]) expect(text.nl !== text.en && text.en.trim() !== '').toBe(true);
  });

  it('changes the version when a recorded answer changes, and only then', () => {
    const given: BreachEvent = { type: 'NotificationDetailsRecorded', data: { likelyConsequences: ['identity-fraud'] } };
    const other: BreachEvent = { type: 'NotificationDetailsRecorded', data: { likelyConsequences: ['financial-loss'] } };
    const hash = (dossier: BreachDossier, lang: 'nl' | 'en') => answersHash(BREACH_ID, apNotificationForm(dossier, null, '2026-03-04T12:00:00.000Z', { lang }));
    expect(hash(dossierOf(given), 'en')).toBe(hash(dossierOf(given), 'nl'));
    expect(hash(dossierOf(other), 'nl')).not.toBe(hash(dossierOf(given), 'nl'));
  });

  it('names the dienst as configured, without changing the version', () => {
    const dossier = dossierOf();
    const named = apNotificationForm(dossier, null, '2026-03-04T12:00:00.000Z', { dienstNames: { SZW: { nl: 'Sociale Zaken en Werkgelegenheid', en: 'Social Affairs and Employment' } } });
    expect(named[1]?.questions[0]?.answer?.text).toBe('Dienst Sociale Zaken en Werkgelegenheid (SZW)');
    expect(answersHash(BREACH_ID, named)).toBe(answersHash(BREACH_ID, apNotificationForm(dossier, null, '2026-03-04T12:00:00.000Z')));
  });

  it('reads when a processor informed the municipality from whichever event records processorInformedAt', () => {
    const events = stored([{ type: 'BreachDetected', data: detectedData({ discovery: { how: 'mail', processor: 'Print BV' } }) }]);
    expect(processorInformedAtOf(events)).toBeNull();
    const recorded = [...events, { ...events[0], revision: 1, type: 'ProcessorInformed', data: { processorInformedAt: '2026-03-01T09:00:00.000Z' } } as StoredEvent];
    expect(processorInformedAtOf(recorded)).toMatchObject({ value: '2026-03-01T09:00:00.000Z', source: { event: { revision: 1 } } });
  });
});

describe('the dossier fold', () => {
  it('blanks every personal field of an erased breach, also those stored before encryption', () => {
    const erased: BreachEvent = { type: 'PersonalDataErased', data: { erasedAt: '2026-03-09T12:00:00.000Z', reason: 'Retention period ended.' } };
    const { events, personalData } = withPersonalFields(stored([{ type: 'BreachDetected', data: detectedData() }, erased]), 'readable');
    const dossier = breachDossier(events, personalData) as BreachDossier;
    expect(dossier).toMatchObject({ personalData: 'erased', facts: { title: { value: '[erased]' }, description: { value: '[erased]' }, dienst: { value: 'SZW' } }, erasure: { reason: 'Retention period ended.' } });
  });

  it('judges the first filing late on the corrected awareAt', () => {
    const reported: BreachEvent = { type: 'BreachReportedToAP', data: { reportedAt: '2026-03-04T09:00:00.000Z', apReference: 'M-1', phase: 'final', deadline: '2026-03-05T09:00:00.000Z', late: false, lateReason: null } };
    const corrected: BreachEvent = {
      type: 'BreachDetailsCorrected',
      data: { corrections: [{ field: 'awareAt', from: '2026-03-02T09:00:00.000Z', to: '2026-03-01T08:00:00.000Z' }], reason: 'The desk logged it a day late.', lateReason: { code: 'internal-escalation', explanation: 'The desk did not pass it on.' } },
    };
    const dossier = dossierOf(reported, corrected);
    expect(dossier).toMatchObject({ deadline: '2026-03-04T08:00:00.000Z', reportedLate: true, facts: { awareAt: { value: '2026-03-01T08:00:00.000Z', source: { type: 'BreachDetailsCorrected' } } } });
    expect(dossier.corrections[0]).toMatchObject({ field: 'awareAt', lateReason: { code: 'internal-escalation' } });
    // The form's reason for the delay is the correction's, citing the correction.
    expect(byId(dossier, 'tijdlijn.laat')).toMatchObject({ status: 'answered', answer: { text: 'Het bereikte de privacyadviseurs te laat: The desk did not pass it on.', sources: [expect.objectContaining({ revision: 2 })] } });
  });
});

describe('the version of the prepared answers', () => {
  /** The hash as it was first defined: RFC 8785 of the answers, checked as JSON on the way (canonicalJson). */
  const checkedHash = (breachId: string, sections: readonly ApSection[]) =>
    createHash('sha256')
      .update(canonicalJson({ form: FORM_VERSION, breachId, answers: sections.flatMap((section) => section.questions.map((question) => [question.id, question.answer?.value ?? null, question.answer?.sources.map((source) => source.hash) ?? []])) }))
      .digest('hex');

  /** Calls `compare` for every breach of a generated year, at every revision, at two moments; answers how often. */
  const everyRevisionOfAYear = (compare: (breachId: string, log: StoredEvent[], upTo: StoredEvent[], now: string) => void): number => {
    const year = generateBreachYear({ seed: 2021, breaches: 60 });
    const streams = new Map<string, BreachEvent[]>();
    for (const { streamId, event } of year.events) streams.set(streamId, [...(streams.get(streamId) ?? []), event]);
    let compared = 0;
    for (const [streamId, events] of streams) {
      const log = stored(events).map((event) => ({ ...event, streamId }));
      for (let revision = 0; revision < log.length; revision += 1) {
        for (const now of ['2021-01-01T00:00:00.000Z', '2022-06-01T00:00:00.000Z']) {
          compare(streamId.slice('breach-'.length), log, log.slice(0, revision + 1), now);
          compared += 1;
        }
      }
    }
    return compared;
  };

  it('is the hash filed versions have always recorded, for every breach of a generated year at every revision', () => {
    const compared = everyRevisionOfAYear((breachId, log, upTo, now) => {
      const sections = apNotificationForm(breachDossier(upTo) as BreachDossier, processorInformedAtOf(log), now);
      expect(answersHash(breachId, sections)).toBe(checkedHash(breachId, sections));
    });
    expect(compared).toBeGreaterThan(200);
  });

  it('is the same computed alone (as a filing records it) as with the prepared form, for every breach of a generated year at every revision', () => {
    const compared = everyRevisionOfAYear((breachId, _log, upTo, now) => {
      expect(apNotificationVersionOf(breachId, upTo, now)).toEqual(apNotificationOf(breachId, upTo, now, 'nl', {}).version);
    });
    expect(compared).toBeGreaterThan(200);
  });

  it('is pinned for a known breach', () => {
    expect(answersHash(BREACH_ID, apNotificationForm(dossierOf(), null, '2026-03-04T12:00:00.000Z'))).toBe('562c3facd1cab984308e77d8f6e5041caaae8ea929adbc153bbf25951171cbc7');
  });
});
