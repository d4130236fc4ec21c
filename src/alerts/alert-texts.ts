import type { AlertDelivery, AlertKind } from './alert.events.js';

/**
 * What an alert says, in Dutch by default (English on request). Pure. The breach's title is
 * personal data (it is encrypted in the log): it appears only when the channel may carry it;
 * otherwise the text names the breach by dienst and id.
 */

export type AlertLanguage = 'nl' | 'en';

export interface AlertFacts {
  /** The breach title, DPIA title or AP reference; null when the channel may not carry it. */
  readonly title: string | null;
  readonly dienst: string | null;
}

export interface AlertText {
  readonly subject: string;
  readonly body: string;
}

/** A moment as people in the municipality read it: Europe/Amsterdam, with the zone's name. */
export function localTime(time: string, language: AlertLanguage): string {
  return new Intl.DateTimeFormat(language === 'nl' ? 'nl-NL' : 'en-GB', {
    timeZone: 'Europe/Amsterdam',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(time));
}

type Phrases = { readonly [K in AlertKind]: (d: AlertDelivery, name: string, when: string) => AlertText };

const NL: Phrases = {
  'breach-registered': (d, name, when) => ({
    subject: `Datalek geregistreerd: ${name}`,
    body: `Er is een (mogelijk) datalek geregistreerd: ${name}. De termijn om het bij de Autoriteit Persoonsgegevens te melden (72 uur na het bekend worden, art. 33 AVG) loopt af op ${when}. De FG wordt hierbij geïnformeerd (art. 38 lid 1 AVG).`,
  }),
  'breach-at-risk': (d, name, when) => ({
    subject: `Nog ${d.hours ?? 0} uur om datalek te melden: ${name}`,
    body: `Het datalek ${name} is nog niet bij de Autoriteit Persoonsgegevens gemeld en ook niet beoordeeld als niet-meldingsplichtig. De meldtermijn van 72 uur loopt af op ${when}. Meld zo nodig eerst voorlopig en vul de melding later aan.`,
  }),
  'breach-overdue': (d, name, when) => ({
    subject: `Meldtermijn verstreken: ${name}`,
    body: `De termijn om het datalek ${name} bij de Autoriteit Persoonsgegevens te melden is verstreken op ${when}, zonder melding en zonder beoordeling dat het niet meldingsplichtig is. Meld nu, met de reden van de vertraging (art. 33 lid 1 AVG).`,
  }),
  'dpo-not-informed': (d, name, when) => ({
    subject: `FG nog niet geïnformeerd over datalek: ${name}`,
    body: `Over het datalek ${name} is de functionaris gegevensbescherming nog niet geïnformeerd, ${d.hours ?? 0} uur na het bekend worden (${when}). Informeer de FG en leg dat vast.`,
  }),
  'inquiry-answer-due': (d, name, when) => ({
    subject: `Antwoord aan de AP uiterlijk ${when}: verzoek ${name}`,
    body: `Het verzoek ${name} van de Autoriteit Persoonsgegevens is nog niet beantwoord. De AP wil het antwoord uiterlijk ${when}.`,
  }),
  'dpia-review-due': (d, name, when) => ({
    subject: `Herbeoordeling DPIA nodig: ${name}`,
    body: `De DPIA ${name} moet opnieuw worden beoordeeld, uiterlijk ${when} (ten minste eens per drie jaar, of eerder als de verwerking verandert).`,
  }),
  'recommendation-due': (d, name, when) => ({
    subject: `Auditaanbeveling moet uiterlijk ${when} zijn uitgevoerd: ${name}`,
    body: `Een aanbeveling uit een audit (${name}) is nog niet uitgevoerd; de termijn loopt af op ${when}. Informeer de FG zodra ze is uitgevoerd.`,
  }),
};

const EN: Phrases = {
  'breach-registered': (d, name, when) => ({ subject: `Breach registered: ${name}`, body: `A (possible) personal-data breach was registered: ${name}. The 72 hours to notify the Autoriteit Persoonsgegevens (Art. 33 GDPR) end on ${when}. The DPO is hereby informed (Art. 38(1) GDPR).` }),
  'breach-at-risk': (d, name, when) => ({ subject: `${d.hours ?? 0} hours left to report breach: ${name}`, body: `The breach ${name} has not been reported to the Autoriteit Persoonsgegevens, nor assessed as not reportable. The 72-hour deadline ends on ${when}. If need be, report preliminarily and supplement later.` }),
  'breach-overdue': (d, name, when) => ({ subject: `Reporting deadline passed: ${name}`, body: `The deadline to report the breach ${name} passed on ${when}, with no report and no assessment that it is not reportable. Report now, with the reason for the delay (Art. 33(1) GDPR).` }),
  'dpo-not-informed': (d, name, when) => ({ subject: `DPO not yet informed of breach: ${name}`, body: `The DPO has not been informed of the breach ${name}, ${d.hours ?? 0} hours after awareness (${when}). Inform the DPO and record it.` }),
  'inquiry-answer-due': (d, name, when) => ({ subject: `Answer to the AP due ${when}: inquiry ${name}`, body: `The inquiry ${name} of the Autoriteit Persoonsgegevens has not been answered. The AP wants the answer by ${when}.` }),
  'dpia-review-due': (d, name, when) => ({ subject: `DPIA review due: ${name}`, body: `The DPIA ${name} is due for review by ${when} (at least every three years, or sooner when the processing changes).` }),
  'recommendation-due': (d, name, when) => ({ subject: `Audit recommendation due ${when}: ${name}`, body: `A recommendation of an audit (${name}) has not been implemented; it is due on ${when}. Inform the DPO once it is.` }),
};

/** How the text names the subject: its title where allowed, else by dienst and id. */
function nameOf(delivery: AlertDelivery, facts: AlertFacts): string {
  const id = delivery.subject.id;
  if (facts.title !== null) return `"${facts.title}"${facts.dienst ? ` (${facts.dienst})` : ''}`;
  return facts.dienst ? `${id} (${facts.dienst})` : id;
}

export function alertText(delivery: AlertDelivery, facts: AlertFacts, language: AlertLanguage): AlertText {
  const phrases = language === 'nl' ? NL : EN;
  const text = phrases[delivery.kind](delivery, nameOf(delivery, facts), localTime(delivery.deadline, language));
  const reference = language === 'nl' ? `Kenmerk van deze melding: ${delivery.alertId}` : `Reference of this alert: ${delivery.alertId}`;
  return { subject: text.subject, body: `${text.body}\n\n${reference}\n` };
}
