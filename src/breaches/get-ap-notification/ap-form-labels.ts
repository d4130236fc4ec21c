import { labelOf, type Lang, type Text, type Vocabulary } from '../../labels/labels.js';

/**
 * The form's own wording: its section titles and questions, in Dutch (the AP's form is in
 * Dutch) and English. The labels of the codes in the answers are not here: they come from
 * src/labels (VOCABULARIES), the one place every code gets its Dutch and English label.
 * The wording is not part of a version's hash (ap-notification-form.ts: answersHash), so it
 * may be improved without changing what a filed version proves.
 */

const t = (nl: string, en: string): Text => ({ nl, en });

export const SECTION_TITLES = {
  '0': t('Over deze melding', 'About this notification'),
  '1': t('Contactgegevens en overige algemene informatie', 'Contact details and other general information'),
  '2': t('Tijdlijn', 'Timeline'),
  '3': t('Gegevens over het datalek', 'About the breach'),
  '4': t('Persoonsgegevens die betrokken zijn bij het datalek', 'The personal data concerned'),
  '5': t('De groep mensen van wie persoonsgegevens betrokken zijn', 'The people whose personal data are concerned'),
  '6': t('Maatregelen die zijn getroffen voordat het datalek plaatsvond', 'Measures taken before the breach'),
  '7': t('Gevolgen van het datalek', 'Consequences of the breach'),
  '8': t('Vervolgacties naar aanleiding van het datalek', 'Follow-up actions'),
} as const satisfies Record<string, Text>;

export type SectionNumber = keyof typeof SECTION_TITLES;

export const QUESTIONS = {
  'melding.soort': t('Is dit een nieuwe melding of een vervolgmelding (aanvulling of wijziging) op een eerdere melding?', 'Is this a new notification or a follow-up (an addition or change) to an earlier one?'),
  'algemeen.onderdeel': t('Om welk onderdeel van de organisatie gaat het?', 'Which part of the organisation is concerned?'),
  'algemeen.contactpersoon': t('Met wie kan de AP contact opnemen over de melding (naam, functie, telefoonnummer, e-mailadres)?', 'Whom can the AP contact about the notification (name, job title, telephone number, e-mail address)?'),
  'algemeen.verwerker': t('Was er een andere organisatie (een verwerker) betrokken bij de inbreuk? Zo ja, welke?', 'Was another organisation (a processor) involved in the breach? If so, which?'),
  'algemeen.verwerker.wanneer': t('Wanneer heeft de verwerker u over de inbreuk geïnformeerd?', 'When did the processor inform you of the breach?'),
  'algemeen.verwerker.hoe': t('Hoe heeft de verwerker u over de inbreuk geïnformeerd?', 'How did the processor inform you of the breach?'),
  'tijdlijn.begin': t('Wanneer vond de inbreuk plaats (begin)?', 'When did the breach take place (its start)?'),
  'tijdlijn.voortduren': t('Duurt de inbreuk nog voort? Zo nee, wanneer eindigde zij?', 'Is the breach still going on? If not, when did it end?'),
  'tijdlijn.ontdekt': t('Wanneer heeft u de inbreuk ontdekt?', 'When did you become aware of the breach?'),
  'tijdlijn.laat': t('U meldt later dan 72 uur na de ontdekking: wat is de reden van de vertraging?', 'You are notifying later than 72 hours after becoming aware: what is the reason for the delay?'),
  'lek.samenvatting': t('Geef een samenvatting van het incident waarbij de inbreuk zich heeft voorgedaan.', 'Give a summary of the incident in which the breach occurred.'),
  'lek.aard': t('Wat is de aard van de inbreuk?', 'What is the nature of the breach?'),
  'lek.incident': t('Wat voor incident was het?', 'What kind of incident was it?'),
  'lek.ontdekking': t('Hoe is de inbreuk ontdekt?', 'How was the breach discovered?'),
  'lek.oorzaak': t('Wat is de oorzaak van de inbreuk?', 'What caused the breach?'),
  'gegevens.soorten': t('Om welke soorten persoonsgegevens gaat het?', 'Which kinds of personal data are concerned?'),
  'gegevens.bijzonder': t(
    'Gaat het om bijzondere categorieën van persoonsgegevens, het burgerservicenummer (BSN) of strafrechtelijke gegevens?',
    'Are special categories of personal data, the citizen service number (BSN) or criminal-law data concerned?',
  ),
  'gegevens.records': t('Hoeveel gegevensrecords zijn (bij benadering) getroffen?', 'How many data records are (approximately) concerned?'),
  'betrokkenen.aantal': t('Van hoeveel personen zijn (bij benadering) persoonsgegevens betrokken?', 'How many people (approximately) are concerned?'),
  'betrokkenen.categorieen': t('Om welke groepen betrokkenen gaat het (bijvoorbeeld minderjarigen of andere kwetsbare groepen)?', 'Which groups of data subjects are concerned (for instance minors or other vulnerable groups)?'),
  'beveiliging.onbegrijpelijk': t(
    'Waren de persoonsgegevens versleuteld, gehasht of op een andere manier onbegrijpelijk of ontoegankelijk gemaakt voor onbevoegden? Zo ja, hoe?',
    'Were the personal data encrypted, hashed or otherwise made unintelligible or inaccessible to unauthorised persons? If so, how?',
  ),
  'beveiliging.maatregelen': t('Welke technische en organisatorische beveiligingsmaatregelen had u getroffen voordat het datalek plaatsvond?', 'Which technical and organisational security measures had you taken before the breach?'),
  'gevolgen.betrokkenen': t('Welke gevolgen kan de inbreuk hebben voor de persoonlijke levenssfeer van de betrokkenen?', 'What consequences can the breach have for the privacy of the data subjects?'),
  'gevolgen.ernst': t('Hoe schat u de ernst van de mogelijke gevolgen voor de betrokkenen in?', 'How severe do you judge the possible consequences for the data subjects?'),
  'vervolg.informeren': t('Heeft u de betrokkenen geïnformeerd, of bent u van plan dat te doen?', 'Have you informed the data subjects, or do you plan to?'),
  'vervolg.tekst': t('Wat is de tekst van de mededeling aan de betrokkenen?', 'What is the text of the communication to the data subjects?'),
  'vervolg.kanaal': t('Via welk communicatiemiddel informeert u de betrokkenen?', 'Through which channel do you inform the data subjects?'),
  'vervolg.afzien': t('Waarom ziet u af van het informeren van de betrokkenen?', 'Why do you refrain from informing the data subjects?'),
  'vervolg.maatregelen': t('Welke maatregelen heeft u getroffen om de inbreuk aan te pakken en herhaling te voorkomen?', 'Which measures have you taken to address the breach and to prevent it from happening again?'),
  'internationaal.lidstaten': t('Zijn er betrokkenen in andere EU- of EER-landen? Zo ja, in welke?', 'Are there data subjects in other EU or EEA states? If so, in which?'),
  'internationaal.leidend': t('Welke toezichthouder is de leidende toezichthouder?', 'Which supervisory authority is the lead authority?'),
} as const satisfies Record<string, Text>;

export type QuestionId = keyof typeof QUESTIONS;

const LOCALES: Record<Lang, string> = { nl: 'nl-NL', en: 'en-GB' };
const TIMES = Object.fromEntries(
  (Object.keys(LOCALES) as Lang[]).map((lang) => [lang, new Intl.DateTimeFormat(LOCALES[lang], { timeZone: 'Europe/Amsterdam', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' })]),
) as Record<Lang, Intl.DateTimeFormat>;
const LISTS = Object.fromEntries((Object.keys(LOCALES) as Lang[]).map((lang) => [lang, new Intl.ListFormat(LOCALES[lang], { type: 'conjunction' })])) as Record<Lang, Intl.ListFormat>;

/** A UTC time as the AP form reads it: Amsterdam local time ("2 maart 2026 om 10:00", "2 March 2026 at 10:00"). */
export function formTime(time: string, lang: Lang): string {
  return TIMES[lang].format(new Date(time));
}

/** Hours with one decimal, as the language writes them (56,1 / 56.1). */
export function formHours(hours: number, lang: Lang): string {
  return hours.toLocaleString(LOCALES[lang], { maximumFractionDigits: 1 });
}

/** A list in the language: "a, b en c" / "a, b and c". */
export function formList(items: readonly string[], lang: Lang): string {
  return LISTS[lang].format(items);
}

/**
 * A label read inside a sentence: its first letter lower-cased ("Inwoners en minderjarigen"),
 * unless it opens with an abbreviation ("AVG", "BSN") that keeps its capitals.
 */
export function midSentence(label: string): string {
  if (/^\p{Lu}[\p{Lu}\d]/u.test(label)) return label;
  return label.charAt(0).toLocaleLowerCase('nl') + label.slice(1);
}

/** Codes of a vocabulary as one list that can open a sentence: the first label as it is, the others mid-sentence. */
export function labelList(vocabulary: Vocabulary, codes: readonly string[], lang: Lang): string {
  return formList(
    codes.map((code, index) => (index === 0 ? labelOf(vocabulary, code, lang) : midSentence(labelOf(vocabulary, code, lang)))),
    lang,
  );
}
