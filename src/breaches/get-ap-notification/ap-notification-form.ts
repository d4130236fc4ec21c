import { createHash } from 'node:crypto';
import type { EventRef } from '../../../projections/breach-stream.js';
import { canonicalJson } from '../../event-store/canonical-json.js';
import type { JsonValue } from '../../shared/json.js';
import type { DataSubjectCount } from '../breach.events.js';
import type { BreachDossier, Fact, Source } from '../get-breach-dossier/breach-dossier.js';
import { dutchList, dutchTime, NL } from './ap-form-labels.js';

/**
 * The AP's notification form (meldformulier datalekken), prepared from the log: its questions
 * in Dutch, in the form's sections and order, each with the answer the recorded facts give and
 * the events they come from. Which source the questions follow: README.md beside this file.
 * Pure: the dossier and the time in, the form out.
 */

/** Changes with any change of the questions, their order or the wording of answers: part of every version's hash. */
export const FORM_VERSION = 'ap-meldformulier-datalekken/2026-12';

export type ApAnswer = {
  /** What to copy into the AP's form, in Dutch. */
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

type Draft = { readonly id: string; readonly question: string; readonly answer: ApAnswer | null; readonly applies?: boolean; readonly hint?: string };

const refs = (...sources: (Source | undefined)[]): EventRef[] => {
  const seen = new Map<string, EventRef>();
  for (const source of sources) if (source) seen.set(source.event.eventId, source.event);
  return [...seen.values()].sort((a, b) => a.revision - b.revision);
};
const answer = (text: string, value: JsonValue, ...sources: (Source | undefined)[]): ApAnswer => ({ text, value, sources: refs(...sources) });
const yesNo = (value: boolean) => (value ? 'ja' : 'nee');

function count(subjects: DataSubjectCount): { text: string; known: boolean } {
  if (subjects.kind === 'exact') return { text: `${subjects.count}`, known: true };
  if (subjects.kind === 'range') return { text: `minimaal ${subjects.min}, maximaal ${subjects.max}`, known: true };
  return { text: 'nog onbekend', known: false };
}

/** The sections of the form with every question, answered from the dossier where the log holds the answer. */
export function apNotificationForm(dossier: BreachDossier, processorInformedAt: ProcessorInformedAt, now: string): ApSection[] {
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

  const sections: { number: string; title: string; drafts: Draft[] }[] = [
    {
      number: '0',
      title: 'Over deze melding',
      drafts: [
        {
          id: 'melding.soort',
          question: 'Is dit een nieuwe melding of een vervolgmelding (aanvulling of wijziging) op een eerdere melding?',
          answer: firstReport
            ? answer(`Vervolgmelding op melding ${firstReport.apReference}`, { kind: 'follow-up', apReference: firstReport.apReference }, firstReport.source)
            : answer('Nieuwe melding', { kind: 'new' }, facts.awareAt.source),
        },
      ],
    },
    {
      number: '1',
      title: 'Contactgegevens en overige algemene informatie',
      drafts: [
        { id: 'algemeen.onderdeel', question: 'Om welk onderdeel van de organisatie gaat het?', answer: answer(`Dienst ${facts.dienst.value}`, facts.dienst.value, facts.dienst.source) },
        {
          id: 'algemeen.contactpersoon',
          question: 'Met wie kan de AP contact opnemen over de melding (naam, functie, telefoonnummer, e-mailadres)?',
          answer: details.contact
            ? answer(
                [details.contact.value.name, details.contact.value.jobTitle, details.contact.value.phone, details.contact.value.email].filter((part) => part !== null).join(', '),
                details.contact.value as unknown as JsonValue,
                details.contact.source,
              )
            : null,
          hint: 'POST /breaches/{id}/notification-details: contact',
        },
        {
          id: 'algemeen.verwerker',
          question: 'Was er een andere organisatie (een verwerker) betrokken bij de inbreuk? Zo ja, welke?',
          answer: answer(processor ? `Ja: ${processor}` : 'Nee', processor, facts.discovery.source),
        },
        {
          id: 'algemeen.verwerker.wanneer',
          question: 'Wanneer heeft de verwerker u over de inbreuk geïnformeerd?',
          answer: processorInformedAt ? answer(dutchTime(processorInformedAt.value), processorInformedAt.value, processorInformedAt.source) : null,
          applies: processor !== null,
          hint: processor === null ? 'geen verwerker betrokken' : 'het moment dat de verwerker de gemeente informeerde (processorInformedAt) is nog niet vastgelegd',
        },
        {
          id: 'algemeen.verwerker.hoe',
          question: 'Hoe heeft de verwerker u over de inbreuk geïnformeerd?',
          answer: details.processorNotification
            ? answer(
                [NL.channel[details.processorNotification.value.channel], details.processorNotification.value.explanation].filter((part) => part !== null).join(': '),
                details.processorNotification.value as unknown as JsonValue,
                details.processorNotification.source,
              )
            : null,
          applies: processor !== null,
          hint: processor === null ? 'geen verwerker betrokken' : 'POST /breaches/{id}/notification-details: processorNotification',
        },
      ],
    },
    {
      number: '2',
      title: 'Tijdlijn',
      drafts: [
        {
          id: 'tijdlijn.begin',
          question: 'Wanneer vond de inbreuk plaats (begin)?',
          answer: facts.occurredFrom.value === null ? null : answer(dutchTime(facts.occurredFrom.value), facts.occurredFrom.value, facts.occurredFrom.source),
          hint: 'POST /breaches/{id}/corrections: occurredFrom',
        },
        {
          id: 'tijdlijn.voortduren',
          question: 'Duurt de inbreuk nog voort? Zo nee, wanneer eindigde zij?',
          answer: facts.occurredTo.value === null ? null : answer(`Nee, beëindigd op ${dutchTime(facts.occurredTo.value)}`, facts.occurredTo.value, facts.occurredTo.source),
          hint: 'POST /breaches/{id}/corrections: occurredTo',
        },
        { id: 'tijdlijn.ontdekt', question: 'Wanneer heeft u de inbreuk ontdekt?', answer: answer(dutchTime(facts.awareAt.value), facts.awareAt.value, facts.awareAt.source) },
        {
          id: 'tijdlijn.laat',
          question: 'U meldt later dan 72 uur na de ontdekking: wat is de reden van de vertraging?',
          answer: lateReason ? answer(`${NL.lateReason[lateReason.code]}: ${lateReason.explanation}`, lateReason as unknown as JsonValue, lateReasonSource) : null,
          applies: pastDeadline,
          hint: pastDeadline ? 'de reden gaat mee met de melding (POST /breaches/{id}/ap-reports: lateReason)' : 'de termijn van 72 uur is (nog) niet verstreken',
        },
      ],
    },
    {
      number: '3',
      title: 'Gegevens over het datalek',
      drafts: [
        { id: 'lek.samenvatting', question: 'Geef een samenvatting van het incident waarbij de inbreuk zich heeft voorgedaan.', answer: answer(`${facts.title.value}. ${facts.description.value}`, { title: facts.title.value, description: facts.description.value }, facts.title.source, facts.description.source) },
        { id: 'lek.aard', question: 'Wat is de aard van de inbreuk?', answer: answer(dutchList(facts.ciaAspects.value.map((aspect) => NL.ciaAspect[aspect])), facts.ciaAspects.value as JsonValue, facts.ciaAspects.source) },
        { id: 'lek.incident', question: 'Wat voor incident was het?', answer: answer(NL.incidentKind[facts.incidentKind.value], facts.incidentKind.value, facts.incidentKind.source) },
        { id: 'lek.ontdekking', question: 'Hoe is de inbreuk ontdekt?', answer: answer(facts.discovery.value.how, facts.discovery.value.how, facts.discovery.source) },
        {
          id: 'lek.oorzaak',
          question: 'Wat is de oorzaak van de inbreuk?',
          answer: dossier.rootCauses.length === 0 ? null : answer(dossier.rootCauses.map((cause) => `${NL.rootCause[cause.category]}: ${cause.description}`).join('\n'), dossier.rootCauses.map(({ category, description }) => ({ category, description })), ...dossier.rootCauses.map((cause) => cause.source)),
          hint: 'POST /breaches/{id}/root-causes',
        },
      ],
    },
    {
      number: '4',
      title: 'Persoonsgegevens die betrokken zijn bij het datalek',
      drafts: [
        { id: 'gegevens.soorten', question: 'Om welke soorten persoonsgegevens gaat het?', answer: answer(dutchList([...facts.dataCategories.value]), facts.dataCategories.value as JsonValue, facts.dataCategories.source) },
        {
          id: 'gegevens.bijzonder',
          question: 'Gaat het om bijzondere categorieën van persoonsgegevens, het burgerservicenummer (BSN) of strafrechtelijke gegevens?',
          answer: answer(
            `Bijzondere persoonsgegevens: ${yesNo(facts.specialCategories.value)}; BSN: ${yesNo(facts.bsn.value)}; strafrechtelijke gegevens: ${yesNo(facts.criminalData.value)}`,
            { specialCategories: facts.specialCategories.value, bsn: facts.bsn.value, criminalData: facts.criminalData.value },
            facts.specialCategories.source,
            facts.bsn.source,
            facts.criminalData.source,
          ),
        },
        {
          id: 'gegevens.records',
          question: 'Hoeveel gegevensrecords zijn (bij benadering) getroffen?',
          answer: details.recordCount ? answer(count(details.recordCount.value).text, details.recordCount.value as unknown as JsonValue, details.recordCount.source) : null,
          hint: 'POST /breaches/{id}/notification-details: recordCount',
        },
      ],
    },
    {
      number: '5',
      title: 'De groep mensen van wie persoonsgegevens betrokken zijn',
      drafts: [
        {
          id: 'betrokkenen.aantal',
          question: 'Van hoeveel personen zijn (bij benadering) persoonsgegevens betrokken?',
          answer: count(facts.dataSubjects.value).known ? answer(count(facts.dataSubjects.value).text, facts.dataSubjects.value as unknown as JsonValue, facts.dataSubjects.source) : null,
          hint: 'het aantal is nog onbekend (POST /breaches/{id}/corrections: dataSubjects)',
        },
        {
          id: 'betrokkenen.categorieen',
          question: 'Om welke groepen betrokkenen gaat het (bijvoorbeeld minderjarigen of andere kwetsbare groepen)?',
          answer: details.dataSubjectCategories
            ? answer(
                [dutchList(details.dataSubjectCategories.value.map((category) => NL.dataSubjectCategory[category])), details.dataSubjectCategoriesExplanation?.value].filter((part) => part !== undefined).join('. '),
                { categories: details.dataSubjectCategories.value as JsonValue, explanation: details.dataSubjectCategoriesExplanation?.value ?? null },
                details.dataSubjectCategories.source,
                details.dataSubjectCategoriesExplanation?.source,
              )
            : null,
          hint: 'POST /breaches/{id}/notification-details: dataSubjectCategories',
        },
      ],
    },
    {
      number: '6',
      title: 'Maatregelen die zijn getroffen voordat het datalek plaatsvond',
      drafts: [
        {
          id: 'beveiliging.onbegrijpelijk',
          question: 'Waren de persoonsgegevens versleuteld, gehasht of op een andere manier onbegrijpelijk of ontoegankelijk gemaakt voor onbevoegden? Zo ja, hoe?',
          answer: details.protection
            ? answer(
                [NL.protection[details.protection.value.answer], dutchList(details.protection.value.methods.map((method) => NL.protectionMethod[method])), details.protection.value.description].filter((part) => part !== null && part !== '').join('; '),
                details.protection.value as unknown as JsonValue,
                details.protection.source,
              )
            : answer(facts.encrypted.value ? 'ja; versleuteld' : 'nee', { encrypted: facts.encrypted.value }, facts.encrypted.source),
        },
        {
          id: 'beveiliging.maatregelen',
          question: 'Welke technische en organisatorische beveiligingsmaatregelen had u getroffen voordat het datalek plaatsvond?',
          answer: details.measuresBeforeBreach ? answer(details.measuresBeforeBreach.value, details.measuresBeforeBreach.value, details.measuresBeforeBreach.source) : null,
          hint: 'POST /breaches/{id}/notification-details: measuresBeforeBreach',
        },
      ],
    },
    {
      number: '7',
      title: 'Gevolgen van het datalek',
      drafts: [
        {
          id: 'gevolgen.betrokkenen',
          question: 'Welke gevolgen kan de inbreuk hebben voor de persoonlijke levenssfeer van de betrokkenen?',
          answer: details.likelyConsequences
            ? answer(
                [dutchList(details.likelyConsequences.value.map((consequence) => NL.consequence[consequence])), details.consequencesExplanation?.value].filter((part) => part !== undefined).join('. '),
                { consequences: details.likelyConsequences.value as JsonValue, explanation: details.consequencesExplanation?.value ?? null },
                details.likelyConsequences.source,
                details.consequencesExplanation?.source,
              )
            : null,
          hint: 'POST /breaches/{id}/notification-details: likelyConsequences',
        },
        {
          id: 'gevolgen.ernst',
          question: 'Hoe schat u de ernst van de mogelijke gevolgen voor de betrokkenen in?',
          answer: assessment ? answer(`${NL.severity[assessment.severity]} (${NL.risk[assessment.risk]})`, { severity: assessment.severity, risk: assessment.risk }, assessment.source) : null,
          hint: 'POST /breaches/{id}/assessments',
        },
      ],
    },
    {
      number: '8',
      title: 'Vervolgacties naar aanleiding van het datalek',
      drafts: [
        {
          id: 'vervolg.informeren',
          question: 'Heeft u de betrokkenen geïnformeerd, of bent u van plan dat te doen?',
          answer:
            notified.length > 0
              ? answer(
                  `Ja: ${notified.reduce((sum, batch) => sum + batch.count, 0)} betrokkenen, voor het eerst op ${dutchTime(notified[0]?.notifiedAt as string)}`,
                  notified.map(({ notifiedAt, count: persons, channel }) => ({ notifiedAt, count: persons, channel })),
                  ...notified.map((batch) => batch.source),
                )
              : waiver
                ? answer('Nee, daar wordt van afgezien', { waived: waiver.ground }, waiver.source)
                : assessment
                  ? answer(assessment.notifyDataSubjects ? 'Nog niet, maar dat gaat gebeuren' : 'Nee', { planned: assessment.notifyDataSubjects }, assessment.source)
                  : null,
          hint: 'POST /breaches/{id}/assessments (notifyDataSubjects), /data-subject-notifications of /data-subject-notification-waivers',
        },
        {
          id: 'vervolg.tekst',
          question: 'Wat is de tekst van de mededeling aan de betrokkenen?',
          answer: details.dataSubjectCommunication ? answer(details.dataSubjectCommunication.value.text, details.dataSubjectCommunication.value.text, details.dataSubjectCommunication.source) : null,
          applies: !waiver || notified.length > 0,
          hint: waiver && notified.length === 0 ? 'de betrokkenen worden niet geïnformeerd' : 'POST /breaches/{id}/notification-details: dataSubjectCommunication',
        },
        {
          id: 'vervolg.kanaal',
          question: 'Via welk communicatiemiddel informeert u de betrokkenen?',
          answer: details.dataSubjectCommunication
            ? answer(dutchList(details.dataSubjectCommunication.value.channels.map((channel) => NL.channel[channel])), details.dataSubjectCommunication.value.channels as JsonValue, details.dataSubjectCommunication.source)
            : notified.length > 0
              ? answer(dutchList([...new Set(notified.map((batch) => NL.channel[batch.channel]))]), [...new Set(notified.map((batch) => batch.channel))], ...notified.map((batch) => batch.source))
              : null,
          applies: !waiver || notified.length > 0,
          hint: waiver && notified.length === 0 ? 'de betrokkenen worden niet geïnformeerd' : 'POST /breaches/{id}/notification-details: dataSubjectCommunication.channels',
        },
        {
          id: 'vervolg.afzien',
          question: 'Waarom ziet u af van het informeren van de betrokkenen?',
          answer: waiver
            ? answer([NL.waiverGround[waiver.ground], waiver.explanation, waiver.publicCommunication && `Openbare mededeling: ${waiver.publicCommunication}`].filter((part) => part).join('. '), { ground: waiver.ground, explanation: waiver.explanation, publicCommunication: waiver.publicCommunication }, waiver.source)
            : null,
          applies: waiver !== undefined || assessment?.notifyDataSubjects === false,
          hint: waiver === undefined && assessment?.notifyDataSubjects === false ? 'POST /breaches/{id}/data-subject-notification-waivers, of de onderbouwing van de beoordeling' : 'de betrokkenen worden geïnformeerd',
        },
        {
          id: 'vervolg.maatregelen',
          question: 'Welke maatregelen heeft u getroffen om de inbreuk aan te pakken en herhaling te voorkomen?',
          answer:
            dossier.measures.length === 0
              ? null
              : answer(
                  dossier.measures.map((measure) => `${dutchTime(measure.takenAt)}, ${NL.measurePurpose[measure.purpose]}: ${measure.description}`).join('\n'),
                  dossier.measures.map(({ measureId, purpose, takenAt, description }) => ({ measureId, purpose, takenAt, description })),
                  ...dossier.measures.map((measure) => measure.source),
                ),
          hint: 'POST /breaches/{id}/measures',
        },
        {
          id: 'internationaal.lidstaten',
          question: 'Zijn er betrokkenen in andere EU- of EER-landen? Zo ja, in welke?',
          answer: details.crossBorder
            ? answer(
                details.crossBorder.value.otherStatesAffected === 'yes' ? `Ja: ${details.crossBorder.value.states.join(', ')}` : NL.yesNoUnknown[details.crossBorder.value.otherStatesAffected],
                { otherStatesAffected: details.crossBorder.value.otherStatesAffected, states: details.crossBorder.value.states as JsonValue },
                details.crossBorder.source,
              )
            : null,
          hint: 'POST /breaches/{id}/notification-details: crossBorder',
        },
        {
          id: 'internationaal.leidend',
          question: 'Welke toezichthouder is de leidende toezichthouder?',
          answer: details.crossBorder?.value.leadAuthority ? answer(details.crossBorder.value.leadAuthority, details.crossBorder.value.leadAuthority, details.crossBorder.source) : null,
          applies: details.crossBorder?.value.otherStatesAffected === 'yes',
          hint: details.crossBorder?.value.otherStatesAffected === 'yes' ? 'POST /breaches/{id}/notification-details: crossBorder.leadAuthority' : 'geen betrokkenen in andere EU/EER-landen vastgelegd',
        },
      ],
    },
  ];

  return sections.map(({ number, title, drafts }) => ({
    number,
    title,
    questions: drafts.map((draft, index): ApQuestion => {
      const applies = draft.applies ?? true;
      const status: ApQuestionStatus = !applies ? 'not-applicable' : draft.answer ? 'answered' : 'unanswered';
      return {
        id: draft.id,
        number: `${number}.${index + 1}`,
        question: draft.question,
        status,
        answer: applies ? draft.answer : null,
        ...(status === 'answered' || draft.hint === undefined ? {} : { hint: draft.hint }),
      };
    }),
  }));
}

/**
 * The sha256 of a version of the prepared answers: the form's version, the breach, and each
 * question with its recorded answer value. The same stream revision always gives the same hash
 * (the time of asking is not in it), so a filing's hash proves later which answers it copied.
 */
export function answersHash(breachId: string, sections: readonly ApSection[]): string {
  const answers = sections.flatMap((section) => section.questions.map((question) => [question.id, question.answer?.value ?? null, question.answer?.text ?? null]));
  return createHash('sha256').update(canonicalJson({ form: FORM_VERSION, breachId, answers })).digest('hex');
}
