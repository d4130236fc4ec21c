import { hash } from 'node:crypto';
import type { EventRef } from '../../../projections/breach-stream.js';
import { canonicalJsonOfChecked } from '../../event-store/canonical-json.js';
import type { JsonValue } from '../../shared/json.js';
import { DEFAULT_LANG, labelOf, type Lang, type Text, type Vocabulary } from '../../labels/labels.js';
import type { DataSubjectCount } from '../breach.events.js';
import type { BreachDossier, Fact, Source } from '../get-breach-dossier/breach-dossier.js';
import { formList, formTime, labelList, midSentence, QUESTIONS, SECTION_TITLES, type QuestionId, type SectionNumber } from './ap-form-labels.js';

/**
 * The AP's notification form (meldformulier datalekken), prepared from the log: its questions
 * in Dutch (or English), in the form's sections and order, each with the answer the recorded
 * facts give and the events they come from. Which source the questions follow: README.md
 * beside this file. Pure: the dossier, the time and the language in, the form out.
 */

/**
 * Changes with any change of the questions, their order, or which recorded values answer
 * them: part of every version's hash. A change of wording alone (the form's texts, a label)
 * does not change a version's hash, since the hash covers no text (answersHash).
 */
export const FORM_VERSION = 'ap-meldformulier-datalekken/2026-12b';

export type ApAnswer = {
  /** What to copy into the AP's form, in the language asked for (Dutch by default). */
  readonly text: string;
  /** The recorded value(s) the text says, as stored (codes, times, counts). */
  readonly value: JsonValue;
  /** The events the answer comes from. */
  readonly sources: readonly EventRef[];
};

export type ApQuestionStatus = 'answered' | 'unanswered' | 'not-applicable';

export type ApQuestion = {
  readonly id: string;
  readonly number: string;
  readonly question: string;
  readonly status: ApQuestionStatus;
  readonly answer: ApAnswer | null;
  /** Where an unanswered question's answer is recorded, or why a question does not apply. */
  readonly hint?: string;
};

export type ApSection = { readonly number: string; readonly title: string; readonly questions: readonly ApQuestion[] };

/** When a processor informed the municipality, recorded elsewhere in the stream (as processorInformedAt). */
export type ProcessorInformedAt = Fact<string> | null;

type Draft = { readonly id: QuestionId; readonly answer: ApAnswer | null; readonly applies?: boolean; readonly hint?: Text };

export interface ApFormOptions {
  /** The language of the questions and answers; Dutch (the AP's language) by default. */
  readonly lang?: Lang;
  /** The configured names of the diensten (DIENST_NAMES); a dienst without one reads as its code. */
  readonly dienstNames?: Readonly<Record<string, Text>>;
  /**
   * Times and lists left as recorded instead of worded in the language (no Intl formatting):
   * for the version alone (apNotificationVersionOf), whose hash covers no text. Such a form's
   * texts are never shown.
   */
  readonly wordless?: boolean;
}

const refs = (...sources: (Source | undefined)[]): EventRef[] => {
  const seen = new Map<string, EventRef>();
  for (const source of sources) if (source) seen.set(source.event.eventId, source.event);
  return [...seen.values()].sort((a, b) => a.revision - b.revision);
};
const answer = (text: string, value: JsonValue, ...sources: (Source | undefined)[]): ApAnswer => ({ text, value, sources: refs(...sources) });
const tx = (nl: string, en: string): Text => ({ nl, en });

function count(subjects: DataSubjectCount, lang: Lang): { text: string; known: boolean } {
  if (subjects.kind === 'exact') return { text: `${subjects.count}`, known: true };
  if (subjects.kind === 'range') return { text: lang === 'nl' ? `minimaal ${subjects.min}, maximaal ${subjects.max}` : `at least ${subjects.min}, at most ${subjects.max}`, known: true };
  return { text: lang === 'nl' ? 'nog onbekend' : 'not yet known', known: false };
}

/** The sections of the form with every question, answered from the dossier where the log holds the answer. */
export function apNotificationForm(dossier: BreachDossier, processorInformedAt: ProcessorInformedAt, now: string, options: ApFormOptions = {}): ApSection[] {
  const lang = options.lang ?? DEFAULT_LANG;
  const say = (nl: string, en: string): string => (lang === 'nl' ? nl : en);
  const time = options.wordless ? (at: string): string => at : (at: string): string => formTime(at, lang);
  const list = options.wordless ? (items: readonly string[]): string => items.join(', ') : (items: readonly string[]): string => formList(items, lang);
  const labels = options.wordless ? (_: Vocabulary, codes: readonly string[]): string => codes.join(', ') : (vocabulary: Vocabulary, codes: readonly string[]): string => labelList(vocabulary, codes, lang);
  const yesNo = (value: boolean): string => labelOf('yesNo', String(value), lang);
  const dienstName = options.dienstNames?.[dossier.facts.dienst.value]?.[lang];
  const { facts, notificationDetails: details } = dossier;
  const firstReport = dossier.apReports[0];
  const assessment = dossier.assessments.at(-1);
  const processor = facts.discovery.value.processor;
  const pastDeadline = (firstReport ? Date.parse(firstReport.reportedAt) : Date.parse(now)) > Date.parse(dossier.deadline);
  // The reason for a delay comes with the filing, or with the correction that made the filing late.
  const lateCorrection = [...dossier.corrections].reverse().find((correction) => correction.lateReason);
  const lateReason = lateCorrection?.lateReason ?? firstReport?.lateReason ?? null;
  const lateReasonSource: Source | undefined = lateCorrection
    ? { event: lateCorrection.event, type: 'BreachDetailsCorrected', recordedAt: lateCorrection.correctedAt, actor: lateCorrection.correctedBy }
    : firstReport?.lateReason
      ? firstReport.source
      : undefined;
  const notified = dossier.dataSubjectNotifications;
  const waiver = dossier.dataSubjectNotificationWaivers.at(-1);

  const notSent = waiver !== undefined && notified.length === 0;
  const sections: { number: SectionNumber; drafts: Draft[] }[] = [
    {
      number: '0',
      drafts: [
        {
          id: 'melding.soort',
          answer: firstReport
            ? answer(say(`Vervolgmelding op melding ${firstReport.apReference}`, `Follow-up to notification ${firstReport.apReference}`), { kind: 'follow-up', apReference: firstReport.apReference }, firstReport.source)
            : answer(say('Nieuwe melding', 'New notification'), { kind: 'new' }, facts.awareAt.source),
        },
      ],
    },
    {
      number: '1',
      drafts: [
        {
          id: 'algemeen.onderdeel',
          answer: answer(
            dienstName === undefined ? say(`Dienst ${facts.dienst.value}`, `Dienst (department) ${facts.dienst.value}`) : say(`Dienst ${dienstName} (${facts.dienst.value})`, `${dienstName} (${facts.dienst.value})`),
            facts.dienst.value,
            facts.dienst.source,
          ),
        },
        {
          id: 'algemeen.contactpersoon',
          answer: details.contact
            ? answer(
                [details.contact.value.name, details.contact.value.jobTitle, details.contact.value.phone, details.contact.value.email].filter((part) => part !== null).join(', '),
                details.contact.value as unknown as JsonValue,
                details.contact.source,
              )
            : null,
          hint: tx('POST /breaches/{id}/notification-details: contact', 'POST /breaches/{id}/notification-details: contact'),
        },
        {
          id: 'algemeen.verwerker',
          answer: answer(processor ? say(`Ja: ${processor}`, `Yes: ${processor}`) : say('Nee', 'No'), processor, facts.discovery.source),
        },
        {
          id: 'algemeen.verwerker.wanneer',
          answer: processorInformedAt ? answer(time(processorInformedAt.value), processorInformedAt.value, processorInformedAt.source) : null,
          applies: processor !== null,
          hint:
            processor === null
              ? tx('geen verwerker betrokken', 'no processor involved')
              : tx('het moment dat de verwerker de gemeente informeerde (processorInformedAt) is nog niet vastgelegd', 'when the processor informed the municipality (processorInformedAt) is not recorded yet'),
        },
        {
          id: 'algemeen.verwerker.hoe',
          answer: details.processorNotification
            ? answer(
                [labelOf('notificationChannel', details.processorNotification.value.channel, lang), details.processorNotification.value.explanation].filter((part) => part !== null).join(': '),
                details.processorNotification.value as unknown as JsonValue,
                details.processorNotification.source,
              )
            : null,
          applies: processor !== null,
          hint: processor === null ? tx('geen verwerker betrokken', 'no processor involved') : tx('POST /breaches/{id}/notification-details: processorNotification', 'POST /breaches/{id}/notification-details: processorNotification'),
        },
      ],
    },
    {
      number: '2',
      drafts: [
        {
          id: 'tijdlijn.begin',
          answer: facts.occurredFrom.value === null ? null : answer(time(facts.occurredFrom.value), facts.occurredFrom.value, facts.occurredFrom.source),
          hint: tx('POST /breaches/{id}/corrections: occurredFrom', 'POST /breaches/{id}/corrections: occurredFrom'),
        },
        {
          id: 'tijdlijn.voortduren',
          answer: facts.occurredTo.value === null ? null : answer(say(`Nee, beëindigd op ${time(facts.occurredTo.value)}`, `No, it ended on ${time(facts.occurredTo.value)}`), facts.occurredTo.value, facts.occurredTo.source),
          hint: tx('POST /breaches/{id}/corrections: occurredTo', 'POST /breaches/{id}/corrections: occurredTo'),
        },
        { id: 'tijdlijn.ontdekt', answer: answer(time(facts.awareAt.value), facts.awareAt.value, facts.awareAt.source) },
        {
          id: 'tijdlijn.laat',
          answer: lateReason ? answer(`${labelOf('lateReason', lateReason.code, lang)}: ${lateReason.explanation}`, lateReason as unknown as JsonValue, lateReasonSource) : null,
          applies: pastDeadline,
          hint: pastDeadline
            ? tx('de reden gaat mee met de melding (POST /breaches/{id}/ap-reports: lateReason)', 'the reason goes with the filing (POST /breaches/{id}/ap-reports: lateReason)')
            : tx('de termijn van 72 uur is (nog) niet verstreken', 'the 72 hours have not passed (yet)'),
        },
      ],
    },
    {
      number: '3',
      drafts: [
        { id: 'lek.samenvatting', answer: answer(`${facts.title.value}. ${facts.description.value}`, { title: facts.title.value, description: facts.description.value }, facts.title.source, facts.description.source) },
        { id: 'lek.aard', answer: answer(labels('ciaAspect', facts.ciaAspects.value), facts.ciaAspects.value as JsonValue, facts.ciaAspects.source) },
        { id: 'lek.incident', answer: answer(labelOf('incidentKind', facts.incidentKind.value, lang), facts.incidentKind.value, facts.incidentKind.source) },
        { id: 'lek.ontdekking', answer: answer(facts.discovery.value.how, facts.discovery.value.how, facts.discovery.source) },
        {
          id: 'lek.oorzaak',
          answer:
            dossier.rootCauses.length === 0
              ? null
              : answer(
                  dossier.rootCauses.map((cause) => `${labelOf('rootCauseCategory', cause.category, lang)}: ${cause.description}`).join('\n'),
                  dossier.rootCauses.map(({ category, description }) => ({ category, description })),
                  ...dossier.rootCauses.map((cause) => cause.source),
                ),
          hint: tx('POST /breaches/{id}/root-causes', 'POST /breaches/{id}/root-causes'),
        },
      ],
    },
    {
      number: '4',
      drafts: [
        { id: 'gegevens.soorten', answer: answer(list([...facts.dataCategories.value]), facts.dataCategories.value as JsonValue, facts.dataCategories.source) },
        {
          id: 'gegevens.bijzonder',
          answer: answer(
            say(
              `Bijzondere persoonsgegevens: ${yesNo(facts.specialCategories.value)}; BSN: ${yesNo(facts.bsn.value)}; strafrechtelijke gegevens: ${yesNo(facts.criminalData.value)}`,
              `Special categories of personal data: ${yesNo(facts.specialCategories.value)}; BSN: ${yesNo(facts.bsn.value)}; criminal-law data: ${yesNo(facts.criminalData.value)}`,
            ),
            { specialCategories: facts.specialCategories.value, bsn: facts.bsn.value, criminalData: facts.criminalData.value },
            facts.specialCategories.source,
            facts.bsn.source,
            facts.criminalData.source,
          ),
        },
        {
          id: 'gegevens.records',
          answer: details.recordCount ? answer(count(details.recordCount.value, lang).text, details.recordCount.value as unknown as JsonValue, details.recordCount.source) : null,
          hint: tx('POST /breaches/{id}/notification-details: recordCount', 'POST /breaches/{id}/notification-details: recordCount'),
        },
      ],
    },
    {
      number: '5',
      drafts: [
        {
          id: 'betrokkenen.aantal',
          answer: count(facts.dataSubjects.value, lang).known ? answer(count(facts.dataSubjects.value, lang).text, facts.dataSubjects.value as unknown as JsonValue, facts.dataSubjects.source) : null,
          hint: tx('het aantal is nog onbekend (POST /breaches/{id}/corrections: dataSubjects)', 'the number is not yet known (POST /breaches/{id}/corrections: dataSubjects)'),
        },
        {
          id: 'betrokkenen.categorieen',
          answer: details.dataSubjectCategories
            ? answer(
                [labels('dataSubjectCategory', details.dataSubjectCategories.value), details.dataSubjectCategoriesExplanation?.value].filter((part) => part !== undefined).join('. '),
                { categories: details.dataSubjectCategories.value as JsonValue, explanation: details.dataSubjectCategoriesExplanation?.value ?? null },
                details.dataSubjectCategories.source,
                details.dataSubjectCategoriesExplanation?.source,
              )
            : null,
          hint: tx('POST /breaches/{id}/notification-details: dataSubjectCategories', 'POST /breaches/{id}/notification-details: dataSubjectCategories'),
        },
      ],
    },
    {
      number: '6',
      drafts: [
        {
          id: 'beveiliging.onbegrijpelijk',
          answer: details.protection
            ? answer(
                [
                  labelOf('protectionAnswer', details.protection.value.answer, lang),
                  details.protection.value.methods.length === 0 ? '' : midSentence(labels('protectionMethod', details.protection.value.methods)),
                  details.protection.value.description,
                ]
                  .filter((part) => part !== null && part !== '')
                  .join('; '),
                details.protection.value as unknown as JsonValue,
                details.protection.source,
              )
            : answer(
                facts.encrypted.value ? `${labelOf('protectionAnswer', 'yes', lang)}; ${midSentence(labelOf('protectionMethod', 'encryption', lang))}` : labelOf('protectionAnswer', 'no', lang),
                { encrypted: facts.encrypted.value },
                facts.encrypted.source,
              ),
        },
        {
          id: 'beveiliging.maatregelen',
          answer: details.measuresBeforeBreach ? answer(details.measuresBeforeBreach.value, details.measuresBeforeBreach.value, details.measuresBeforeBreach.source) : null,
          hint: tx('POST /breaches/{id}/notification-details: measuresBeforeBreach', 'POST /breaches/{id}/notification-details: measuresBeforeBreach'),
        },
      ],
    },
    {
      number: '7',
      drafts: [
        {
          id: 'gevolgen.betrokkenen',
          answer: details.likelyConsequences
            ? answer(
                [labels('likelyConsequence', details.likelyConsequences.value), details.consequencesExplanation?.value].filter((part) => part !== undefined).join('. '),
                { consequences: details.likelyConsequences.value as JsonValue, explanation: details.consequencesExplanation?.value ?? null },
                details.likelyConsequences.source,
                details.consequencesExplanation?.source,
              )
            : null,
          hint: tx('POST /breaches/{id}/notification-details: likelyConsequences', 'POST /breaches/{id}/notification-details: likelyConsequences'),
        },
        {
          id: 'gevolgen.ernst',
          answer: assessment
            ? answer(`${labelOf('severity', assessment.severity, lang)} (${midSentence(labelOf('riskLevel', assessment.risk, lang))})`, { severity: assessment.severity, risk: assessment.risk }, assessment.source)
            : null,
          hint: tx('POST /breaches/{id}/assessments', 'POST /breaches/{id}/assessments'),
        },
      ],
    },
    {
      number: '8',
      drafts: [
        {
          id: 'vervolg.informeren',
          answer:
            notified.length > 0
              ? answer(
                  say(
                    `Ja: ${notified.reduce((sum, batch) => sum + batch.count, 0)} betrokkenen, voor het eerst op ${time(notified[0]?.notifiedAt as string)}`,
                    `Yes: ${notified.reduce((sum, batch) => sum + batch.count, 0)} data subjects, first on ${time(notified[0]?.notifiedAt as string)}`,
                  ),
                  notified.map(({ notifiedAt, count: persons, channel }) => ({ notifiedAt, count: persons, channel })),
                  ...notified.map((batch) => batch.source),
                )
              : waiver
                ? answer(say('Nee, daar wordt van afgezien', 'No, we refrain from informing them'), { waived: waiver.ground }, waiver.source)
                : assessment
                  ? answer(assessment.notifyDataSubjects ? say('Nog niet, maar dat gaat gebeuren', 'Not yet, but they will be') : say('Nee', 'No'), { planned: assessment.notifyDataSubjects }, assessment.source)
                  : null,
          hint: tx(
            'POST /breaches/{id}/assessments (notifyDataSubjects), /data-subject-notifications of /data-subject-notification-waivers',
            'POST /breaches/{id}/assessments (notifyDataSubjects), /data-subject-notifications or /data-subject-notification-waivers',
          ),
        },
        {
          id: 'vervolg.tekst',
          answer: details.dataSubjectCommunication ? answer(details.dataSubjectCommunication.value.text, details.dataSubjectCommunication.value.text, details.dataSubjectCommunication.source) : null,
          applies: !notSent,
          hint: notSent ? NOT_INFORMED : tx('POST /breaches/{id}/notification-details: dataSubjectCommunication', 'POST /breaches/{id}/notification-details: dataSubjectCommunication'),
        },
        {
          id: 'vervolg.kanaal',
          answer: details.dataSubjectCommunication
            ? answer(labels('notificationChannel', details.dataSubjectCommunication.value.channels), details.dataSubjectCommunication.value.channels as JsonValue, details.dataSubjectCommunication.source)
            : notified.length > 0
              ? answer(labels('notificationChannel', [...new Set(notified.map((batch) => batch.channel))]), [...new Set(notified.map((batch) => batch.channel))], ...notified.map((batch) => batch.source))
              : null,
          applies: !notSent,
          hint: notSent ? NOT_INFORMED : tx('POST /breaches/{id}/notification-details: dataSubjectCommunication.channels', 'POST /breaches/{id}/notification-details: dataSubjectCommunication.channels'),
        },
        {
          id: 'vervolg.afzien',
          answer: waiver
            ? answer(
                [labelOf('waiverGroundLegal', waiver.ground, lang), waiver.explanation, waiver.publicCommunication && say(`Openbare mededeling: ${waiver.publicCommunication}`, `Public communication: ${waiver.publicCommunication}`)].filter((part) => part).join('. '),
                { ground: waiver.ground, explanation: waiver.explanation, publicCommunication: waiver.publicCommunication },
                waiver.source,
              )
            : null,
          applies: waiver !== undefined || assessment?.notifyDataSubjects === false,
          hint:
            waiver === undefined && assessment?.notifyDataSubjects === false
              ? tx('POST /breaches/{id}/data-subject-notification-waivers, of de onderbouwing van de beoordeling', 'POST /breaches/{id}/data-subject-notification-waivers, or the rationale of the assessment')
              : tx('de betrokkenen worden geïnformeerd', 'the data subjects are informed'),
        },
        {
          id: 'vervolg.maatregelen',
          answer:
            dossier.measures.length === 0
              ? null
              : answer(
                  dossier.measures.map((measure) => `${labelOf('measurePurpose', measure.purpose, lang)} (${time(measure.takenAt)}): ${measure.description}`).join('\n'),
                  dossier.measures.map(({ measureId, purpose, takenAt, description }) => ({ measureId, purpose, takenAt, description })),
                  ...dossier.measures.map((measure) => measure.source),
                ),
          hint: tx('POST /breaches/{id}/measures', 'POST /breaches/{id}/measures'),
        },
        {
          id: 'internationaal.lidstaten',
          answer: details.crossBorder
            ? answer(
                details.crossBorder.value.otherStatesAffected === 'yes'
                  ? `${labelOf('yesNoUnknown', 'yes', lang)}: ${details.crossBorder.value.states.join(', ')}`
                  : labelOf('yesNoUnknown', details.crossBorder.value.otherStatesAffected, lang),
                { otherStatesAffected: details.crossBorder.value.otherStatesAffected, states: details.crossBorder.value.states as JsonValue },
                details.crossBorder.source,
              )
            : null,
          hint: tx('POST /breaches/{id}/notification-details: crossBorder', 'POST /breaches/{id}/notification-details: crossBorder'),
        },
        {
          id: 'internationaal.leidend',
          answer: details.crossBorder?.value.leadAuthority ? answer(details.crossBorder.value.leadAuthority, details.crossBorder.value.leadAuthority, details.crossBorder.source) : null,
          applies: details.crossBorder?.value.otherStatesAffected === 'yes',
          hint:
            details.crossBorder?.value.otherStatesAffected === 'yes'
              ? tx('POST /breaches/{id}/notification-details: crossBorder.leadAuthority', 'POST /breaches/{id}/notification-details: crossBorder.leadAuthority')
              : tx('geen betrokkenen in andere EU/EER-landen vastgelegd', 'no data subjects in other EU/EEA states recorded'),
        },
      ],
    },
  ];

  return sections.map(({ number, drafts }) => ({
    number,
    title: SECTION_TITLES[number][lang],
    questions: drafts.map((draft, index): ApQuestion => {
      const applies = draft.applies ?? true;
      const status: ApQuestionStatus = !applies ? 'not-applicable' : draft.answer ? 'answered' : 'unanswered';
      return {
        id: draft.id,
        number: `${number}.${index + 1}`,
        question: QUESTIONS[draft.id][lang],
        status,
        answer: applies ? draft.answer : null,
        ...(status === 'answered' || draft.hint === undefined ? {} : { hint: draft.hint[lang] }),
      };
    }),
  }));
}

const NOT_INFORMED = tx('de betrokkenen worden niet geïnformeerd', 'the data subjects are not informed');

/**
 * The sha256 of a version of the prepared answers. It covers what the answers assert, not how
 * they are worded: the form's version, the breach, and for each question in the form's order
 * its id, its recorded value (codes, times, counts, free text as recorded) and the hashes of
 * the events it comes from. No text of the form, no label, no language and not the moment of
 * asking are in it, so the same revision always gives the same hash, in Dutch and in English,
 * and a filing's hash proves later which recorded answers it copied.
 */
export function answersHash(breachId: string, sections: readonly ApSection[]): string {
  // RFC 8785 of { form, breachId, answers: [[id, value, [source hashes]], …] } without checking
  // the values first: they are the decoded events' own JSON values and the form's literals
  // (checking cost more than the rest of the form together). Written here around the values:
  // the members in RFC 8785's order (answers, breachId, form), each id and hash a string (so
  // JSON.stringify's text is its canonical one), and only a value that is an object or an
  // array canonicalised by the package: a filing computes this on every report, and
  // canonicalising the whole (a sorted key list per question) was most of its cost.
  // The text is byte for byte canonicalJson's of that object (ap-notification-form.spec.ts).
  let answers = '';
  for (const section of sections) {
    for (const question of section.questions) {
      const value = question.answer?.value ?? null;
      const sources = question.answer?.sources ?? [];
      let hashes = '';
      for (let index = 0; index < sources.length; index += 1) hashes += `${index === 0 ? '' : ','}${JSON.stringify((sources[index] as EventRef).hash)}`;
      answers += `${answers === '' ? '' : ','}[${JSON.stringify(question.id)},${typeof value === 'object' && value !== null ? canonicalJsonOfChecked(value) : JSON.stringify(value)},[${hashes}]]`;
    }
  }
  return hash('sha256', `{"answers":[${answers}],"breachId":${JSON.stringify(breachId)},"form":${JSON.stringify(FORM_VERSION)}}`, 'hex');
}
