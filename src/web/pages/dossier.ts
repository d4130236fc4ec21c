import type { AlertDeliveryDocument } from '../../../projections/alert-deliveries.js';
import type { DeadlineStatus } from '../../../projections/breach-reports.js';
import type { ActorRef, EventRef } from '../../../projections/breach-stream.js';
import type { BreachTimeline } from '../../../projections/breach-timeline.js';
import type { DataSubjectCount } from '../../breaches/breach.events.js';
import type { BreachDossier, Source } from '../../breaches/get-breach-dossier/breach-dossier.js';
import type { ApNotification } from '../../breaches/get-ap-notification/get-ap-notification.js';
import type { ProblemDetails } from '../../http/problem-details.js';
import type { JsonValue } from '../../shared/json.js';
import { heading, problemAlert, table, time, unavailable } from '../components.js';
import type { FormBody } from '../forms.js';
import { formValue } from '../forms.js';
import { html, type Html, type HtmlValue } from '../html.js';
import { formatDateTime, formatHours, labelOf, textsIn, type Lang, type Texts } from '../i18n/texts.js';
import { pageDocument, ROLE_NAMES } from '../layout.js';
import type { PageAnswer, PageContext, WebRoute } from '../page-context.js';
import { ACTION_TEXTS, actionForm, actionsFor, DOSSIER_ACTIONS, type DossierAction } from './dossier-actions.js';

const TEXTS = {
  nl: {
    title: 'Dossier',
    unavailableTitle: 'Dossier niet beschikbaar',
    forbiddenWhy: 'Het dossier van een datalek is er voor de privacy officers, de FG, de CPO en auditors; de AP ziet alleen de datalekken binnen een lopend onderzoek.',
    redacted: 'U ziet de afhandeling, niet de mensen: persoonlijke velden zijn afgeschermd ([redacted]).',
    erased: 'De persoonsgegevens van dit datalek zijn gewist ([erased]); tijden, codes en aantallen blijven.',
    imported: 'Overgenomen uit het register van vóór deze applicatie.',
    situation: 'Stand van zaken',
    status: 'Status',
    awareAt: 'Ontdekt',
    registeredAt: 'Geregistreerd',
    registrationDelay: '{hours} na het ontdekken',
    deadline: 'Termijn (72 uur)',
    left: 'nog {time}',
    overdue: '{time} te laat',
    reportedAt: 'Gemeld bij de AP',
    hoursToReport: 'Uren tot de melding',
    apReference: 'Meldnummer',
    lateReason: 'Reden van te laat melden',
    apView: 'Oordeel van de AP over deze reden',
    lateVerdict: 'Oordeel van de FG',
    none: '–',
    actions: 'Wat u nu kunt doen',
    noActions: 'Uw rol heeft hier geen acties, of de stand van het datalek vraagt er geen.',
    facts: 'Feiten',
    titleLabel: 'Korte omschrijving',
    description: 'Beschrijving',
    dienst: 'Dienst',
    regime: 'Wet',
    incidentKind: 'Soort incident',
    occurred: 'Wanneer gebeurd',
    occurredRange: '{from} tot {to}',
    discovery: 'Hoe ontdekt',
    processor: 'Verwerker die het meldde',
    processorInformedAt: 'Door de verwerker gemeld op',
    ciaAspects: 'Wat is aangetast',
    dataCategories: 'Soorten persoonsgegevens',
    particulars: 'Bijzonderheden',
    specialCategories: 'bijzondere persoonsgegevens',
    bsn: 'BSN',
    criminalData: 'strafrechtelijke gegevens',
    noParticulars: 'geen bijzondere persoonsgegevens, BSN of strafrechtelijke gegevens',
    dataSubjects: 'Aantal betrokkenen',
    encrypted: 'Versleuteld',
    registeredBy: 'Geregistreerd door',
    correctedBy: 'gecorrigeerd, gebeurtenis {position}',
    exact: '{count}',
    range: '{min} tot {max}',
    unknownCount: 'nog onbekend',
    timeline: 'Tijdlijn met bewijs',
    timelineCaption: 'Elke stap met de gebeurtenis in het logboek waar hij uit komt',
    step: 'Stap',
    businessTime: 'Tijdstip',
    recordedAt: 'Vastgelegd',
    actor: 'Door',
    evidence: 'Gebeurtenis',
    position: 'positie {position}, revisie {revision}',
    hash: 'hash',
    timelineUnavailable: 'De tijdlijn is niet beschikbaar:',
    alerts: 'Waarschuwingen over dit datalek',
    alertsCaption: 'Verstuurde en geplande waarschuwingen',
    alertsNone: 'Geen waarschuwingen verstuurd.',
    alertKind: 'Soort',
    recipient: 'Aan',
    dueAt: 'Gepland',
    delivery: 'Afgeleverd',
    sentAt: 'Verstuurd',
    dpo: 'Functionaris gegevensbescherming (FG)',
    dpoCaption: 'De FG geïnformeerd en zijn advies',
    dpoNone: 'De FG is nog niet geïnformeerd.',
    informed: 'Geïnformeerd',
    advised: 'Advies',
    what: 'Wat',
    when: 'Wanneer',
    who: 'Door wie',
    assessments: 'Beoordelingen',
    assessmentsCaption: 'Elke beoordeling; de laatste geldt',
    assessmentsNone: 'Nog niet beoordeeld.',
    risk: 'Risico',
    severity: 'Ernst',
    reportable: 'Meldplichtig',
    notify: 'Betrokkenen informeren',
    rationale: 'Onderbouwing',
    reports: 'Meldingen bij de AP',
    reportsCaption: 'Meldingen, aanvullingen en intrekkingen',
    reportsNone: 'Nog niet gemeld bij de AP.',
    kind: 'Soort',
    report: 'Melding',
    supplement: 'Aanvulling',
    withdrawal: 'Intrekking',
    late: 'te laat',
    onTime: 'op tijd',
    formVersion: 'AP-formulier versie {revision}',
    verdicts: 'Oordelen van de FG over de reden van te laat melden',
    verdictsCaption: 'Oordelen van de FG',
    details: 'Gegevens voor het AP-formulier',
    detailsNone: 'Nog geen aanvullende gegevens voor het AP-formulier vastgelegd.',
    contact: 'Contactpersoon',
    dataSubjectCategories: 'Groepen betrokkenen',
    dataSubjectCategoriesExplanation: 'Toelichting op de groepen',
    recordCount: 'Aantal records',
    likelyConsequences: 'Waarschijnlijke gevolgen',
    consequencesExplanation: 'Toelichting op de gevolgen',
    crossBorder: 'Andere EU/EER-landen',
    processorNotification: 'Hoe de verwerker het meldde',
    measuresBeforeBreach: 'Maatregelen vóór het datalek',
    protection: 'Onbegrijpelijk gemaakt',
    dataSubjectCommunication: 'Bericht aan de betrokkenen',
    subjects: 'Betrokkenen informeren',
    subjectsCaption: 'Berichten aan betrokkenen, besluiten om niet te informeren en intrekkingen daarvan',
    subjectsNone: 'Geen betrokkenen geïnformeerd en geen besluit om het niet te doen.',
    notified: 'Geïnformeerd',
    notifiedText: '{count} betrokkenen per {channel}',
    waived: 'Niet informeren',
    revoked: 'Besluit ingetrokken',
    causes: 'Oorzaak en maatregelen',
    causesCaption: 'Vastgelegde oorzaken',
    causesNone: 'Nog geen oorzaak vastgelegd.',
    measuresCaption: 'Genomen maatregelen',
    measuresNone: 'Nog geen maatregelen vastgelegd.',
    category: 'Soort',
    purpose: 'Doel',
    corrections: 'Correcties',
    correctionsCaption: 'Elke correctie met de oorspronkelijke en de gecorrigeerde waarde',
    correctionsNone: 'Geen correcties.',
    field: 'Gegeven',
    original: 'Oorspronkelijk',
    corrected: 'Gecorrigeerd',
    reason: 'Reden',
    links: 'Gekoppelde auditaanbevelingen',
    linksCaption: 'Aanbevelingen uit audits waar dit datalek mee samenhangt',
    closure: 'Afsluiting',
    closedAt: 'Afgesloten op {at} door {who}: {summary}',
    notClosed: 'Nog niet afgesloten.',
    erasure: 'Persoonsgegevens gewist op {at}: {reason}',
    apFormTitle: 'Het voorbereide AP-meldformulier',
    apFormIntro: 'De antwoorden op het meldformulier van de AP, voorbereid uit het logboek. Controleer ze, neem ze over in het formulier van de AP en leg daarna hieronder het meldnummer vast.',
    apFormVersion: 'Versie: revisie {revision}, sha256 {sha256}. Deze versie wordt bij de melding vastgelegd.',
    apFormDeadline: 'Termijn: {deadline}.',
    apFormOverdue: 'De termijn van 72 uur is verstreken: geef bij de melding de reden van de vertraging.',
    apFormUnanswered: 'Nog {count} vragen zonder antwoord.',
    apFormComplete: 'Alle vragen die het logboek kan beantwoorden zijn beantwoord.',
    apFormDetailsLink: 'Ontbrekende gegevens aanvullen',
    question: 'Vraag',
    number: 'Nr.',
    answer: 'Antwoord',
    sources: 'Bron',
    unanswered: 'Nog geen antwoord',
    notApplicable: 'Niet van toepassing',
    filing: 'Melding vastleggen',
  },
  en: {
    title: 'Dossier',
    unavailableTitle: 'Dossier not available',
    forbiddenWhy: 'A breach’s dossier is for the privacy officers, the DPO, the CPO and auditors; the AP sees only the breaches within an open inquiry.',
    redacted: 'You see the handling, not the people: personal fields are redacted ([redacted]).',
    erased: 'The personal data of this breach was erased ([erased]); times, codes and counts remain.',
    imported: 'Taken over from the register kept before this application.',
    situation: 'Where it stands',
    status: 'Status',
    awareAt: 'Aware',
    registeredAt: 'Registered',
    registrationDelay: '{hours} after awareness',
    deadline: 'Deadline (72 hours)',
    left: '{time} left',
    overdue: '{time} overdue',
    reportedAt: 'Reported to the AP',
    hoursToReport: 'Hours to the report',
    apReference: 'AP report number',
    lateReason: 'Reason for reporting late',
    apView: 'The AP’s view of this reason',
    lateVerdict: 'The DPO’s verdict',
    none: '–',
    actions: 'What you can do now',
    noActions: 'Your role has no actions here, or the breach’s state calls for none.',
    facts: 'Facts',
    titleLabel: 'Short title',
    description: 'Description',
    dienst: 'Dienst',
    regime: 'Law',
    incidentKind: 'Kind of incident',
    occurred: 'When it happened',
    occurredRange: '{from} to {to}',
    discovery: 'How it was found',
    processor: 'Processor that reported it',
    processorInformedAt: 'Reported by the processor at',
    ciaAspects: 'What was affected',
    dataCategories: 'Kinds of personal data',
    particulars: 'Particulars',
    specialCategories: 'special categories of personal data',
    bsn: 'BSN',
    criminalData: 'criminal-conviction data',
    noParticulars: 'no special categories, BSN or criminal-conviction data',
    dataSubjects: 'Data subjects',
    encrypted: 'Encrypted',
    registeredBy: 'Registered by',
    correctedBy: 'corrected, event {position}',
    exact: '{count}',
    range: '{min} to {max}',
    unknownCount: 'not yet known',
    timeline: 'Timeline with evidence',
    timelineCaption: 'Every step with the event of the log it comes from',
    step: 'Step',
    businessTime: 'Time',
    recordedAt: 'Recorded',
    actor: 'By',
    evidence: 'Event',
    position: 'position {position}, revision {revision}',
    hash: 'hash',
    timelineUnavailable: 'The timeline is not available:',
    alerts: 'Alerts about this breach',
    alertsCaption: 'Alerts sent and planned',
    alertsNone: 'No alerts sent.',
    alertKind: 'Kind',
    recipient: 'To',
    dueAt: 'Due',
    delivery: 'Delivery',
    sentAt: 'Sent',
    dpo: 'Data protection officer (DPO)',
    dpoCaption: 'The DPO informed, and the advice',
    dpoNone: 'The DPO has not been informed yet.',
    informed: 'Informed',
    advised: 'Advice',
    what: 'What',
    when: 'When',
    who: 'By whom',
    assessments: 'Assessments',
    assessmentsCaption: 'Every assessment; the last one stands',
    assessmentsNone: 'Not assessed yet.',
    risk: 'Risk',
    severity: 'Severity',
    reportable: 'Reportable',
    notify: 'Inform data subjects',
    rationale: 'Rationale',
    reports: 'Reports to the AP',
    reportsCaption: 'Reports, supplements and withdrawals',
    reportsNone: 'Not reported to the AP yet.',
    kind: 'Kind',
    report: 'Report',
    supplement: 'Supplement',
    withdrawal: 'Withdrawal',
    late: 'late',
    onTime: 'on time',
    formVersion: 'AP form version {revision}',
    verdicts: 'The DPO’s verdicts on the reason for reporting late',
    verdictsCaption: 'The DPO’s verdicts',
    details: 'Details for the AP form',
    detailsNone: 'No further details for the AP form recorded yet.',
    contact: 'Contact person',
    dataSubjectCategories: 'Groups of data subjects',
    dataSubjectCategoriesExplanation: 'About the groups',
    recordCount: 'Number of records',
    likelyConsequences: 'Likely consequences',
    consequencesExplanation: 'About the consequences',
    crossBorder: 'Other EU/EEA states',
    processorNotification: 'How the processor reported it',
    measuresBeforeBreach: 'Measures before the breach',
    protection: 'Made unintelligible',
    dataSubjectCommunication: 'Message to the data subjects',
    subjects: 'Informing the data subjects',
    subjectsCaption: 'Messages to data subjects, decisions not to inform them and their revocations',
    subjectsNone: 'No data subjects informed and no decision not to.',
    notified: 'Informed',
    notifiedText: '{count} data subjects by {channel}',
    waived: 'Not informing',
    revoked: 'Decision revoked',
    causes: 'Cause and measures',
    causesCaption: 'Root causes recorded',
    causesNone: 'No root cause recorded yet.',
    measuresCaption: 'Measures taken',
    measuresNone: 'No measures recorded yet.',
    category: 'Kind',
    purpose: 'Purpose',
    corrections: 'Corrections',
    correctionsCaption: 'Every correction with the original and the corrected value',
    correctionsNone: 'No corrections.',
    field: 'Detail',
    original: 'Original',
    corrected: 'Corrected',
    reason: 'Reason',
    links: 'Linked audit recommendations',
    linksCaption: 'Audit recommendations this breach relates to',
    closure: 'Closure',
    closedAt: 'Closed on {at} by {who}: {summary}',
    notClosed: 'Not closed yet.',
    erasure: 'Personal data erased on {at}: {reason}',
    apFormTitle: 'The prepared AP notification form',
    apFormIntro: 'The answers to the AP’s notification form, prepared from the log. Check them, copy them into the AP’s form, then record the report number below.',
    apFormVersion: 'Version: revision {revision}, sha256 {sha256}. This version is recorded with the report.',
    apFormDeadline: 'Deadline: {deadline}.',
    apFormOverdue: 'The 72-hour deadline has passed: give the reason for the delay with the report.',
    apFormUnanswered: '{count} questions still unanswered.',
    apFormComplete: 'Every question the log can answer is answered.',
    apFormDetailsLink: 'Complete the missing details',
    question: 'Question',
    number: 'No.',
    answer: 'Answer',
    sources: 'Source',
    unanswered: 'Not answered yet',
    notApplicable: 'Not applicable',
    filing: 'Record the report',
  },
} as const satisfies Texts<string>;

/** The steps of a breach's timeline, by event type. */
const STEPS: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  nl: {
    BreachDetected: 'Geregistreerd',
    DpoInformed: 'FG geïnformeerd',
    DpoAdviceGiven: 'Advies van de FG',
    BreachAssessed: 'Beoordeeld',
    BreachReportedToAP: 'Gemeld bij de AP',
    BreachReportSupplemented: 'Melding aangevuld',
    BreachReportWithdrawn: 'Melding ingetrokken',
    DataSubjectsNotified: 'Betrokkenen geïnformeerd',
    DataSubjectNotificationWaived: 'Besloten betrokkenen niet te informeren',
    DataSubjectNotificationWaiverRevoked: 'Besluit niet te informeren ingetrokken',
    RootCauseRecorded: 'Oorzaak vastgelegd',
    MeasureTaken: 'Maatregel genomen',
    LateReasonAssessed: 'Reden van te laat melden beoordeeld',
    BreachDetailsCorrected: 'Gegevens gecorrigeerd',
    BreachLinkedToRecommendation: 'Gekoppeld aan een auditaanbeveling',
    BreachClosed: 'Afgesloten',
    PersonalDataErased: 'Persoonsgegevens gewist',
    NotificationDetailsRecorded: 'Gegevens voor het AP-formulier vastgelegd',
  },
  en: {
    BreachDetected: 'Registered',
    DpoInformed: 'DPO informed',
    DpoAdviceGiven: 'DPO’s advice',
    BreachAssessed: 'Assessed',
    BreachReportedToAP: 'Reported to the AP',
    BreachReportSupplemented: 'Report supplemented',
    BreachReportWithdrawn: 'Report withdrawn',
    DataSubjectsNotified: 'Data subjects informed',
    DataSubjectNotificationWaived: 'Decided not to inform data subjects',
    DataSubjectNotificationWaiverRevoked: 'Decision not to inform revoked',
    RootCauseRecorded: 'Root cause recorded',
    MeasureTaken: 'Measure taken',
    LateReasonAssessed: 'Reason for reporting late judged',
    BreachDetailsCorrected: 'Details corrected',
    BreachLinkedToRecommendation: 'Linked to an audit recommendation',
    BreachClosed: 'Closed',
    PersonalDataErased: 'Personal data erased',
    NotificationDetailsRecorded: 'Details for the AP form recorded',
  },
};

const ALERT_KIND: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  nl: { 'breach-registered': 'Nieuw datalek', 'breach-at-risk': 'Termijn nadert', 'breach-overdue': 'Termijn verstreken', 'dpo-not-informed': 'FG niet geïnformeerd' },
  en: { 'breach-registered': 'New breach', 'breach-at-risk': 'Deadline near', 'breach-overdue': 'Deadline passed', 'dpo-not-informed': 'DPO not informed' },
};

const ALERT_STATUS: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  nl: { sent: 'Verstuurd', retrying: 'Wordt opnieuw geprobeerd', failed: 'Mislukt' },
  en: { sent: 'Sent', retrying: 'Retrying', failed: 'Failed' },
};

const RECIPIENTS: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  nl: { 'privacy-officers': 'Privacy officers', fg: 'FG', cpo: 'CPO' },
  en: { 'privacy-officers': 'Privacy officers', fg: 'DPO', cpo: 'CPO' },
};

type Timeline = BreachTimeline & { status: DeadlineStatus; asOf: string; alerts: AlertDeliveryDocument[] };
type T = ReturnType<typeof textsIn<keyof (typeof TEXTS)['nl']>>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function breachIdOf(context: PageContext): string | undefined {
  const id = (context.request.params as { breachId?: string }).breachId;
  return id !== undefined && UUID.test(id) ? id.toLowerCase() : undefined;
}

const notFound = (id: string): ProblemDetails => ({ type: 'urn:privacy-ledger:problem:breach-not-found', title: 'Not Found', status: 404, detail: `there is no breach ${id}`, code: 'breach-not-found' });

function refused(context: PageContext, problem: ProblemDetails): { page: Html; status: number } {
  const t = textsIn(TEXTS, context.lang);
  const { page, status } = unavailable(context, t('unavailableTitle'), problem);
  const why = problem.code === 'forbidden' ? html`<p class="utrecht-paragraph">${t('forbiddenWhy')}</p>` : '';
  return { page: pageDocument(context, t('unavailableTitle'), html`${page}${why}`), status };
}

export function actorText(lang: Lang, actor: ActorRef): string {
  return `${ROLE_NAMES[lang][actor.role] ?? actor.role} (${actor.id})`;
}

/** The event a step or a fact comes from: its place in the log and its hash. */
export function evidence(t: T, event: EventRef): Html {
  return html`<span class="pl-code">${t('position', { position: event.position, revision: event.revision })}</span><br><span class="pl-code">${t('hash')} ${event.hash}</span>`;
}

export function subjectsText(t: T, subjects: DataSubjectCount | null | undefined): string {
  if (!subjects) return t('none');
  if (subjects.kind === 'exact') return t('exact', { count: subjects.count });
  if (subjects.kind === 'range') return t('range', { min: subjects.min, max: subjects.max });
  return t('unknownCount');
}

const TIME_FIELDS = new Set(['awareAt', 'occurredFrom', 'occurredTo', 'processorInformedAt', 'reportedAt']);

/** A recorded value (a fact, a correction's original or corrected value) as people read it. */
export function valueText(context: PageContext, t: T, field: string, value: JsonValue | undefined): string {
  const lang = context.lang;
  if (value === null || value === undefined) return t('none');
  if (TIME_FIELDS.has(field) && typeof value === 'string') return formatDateTime(lang, value);
  if (typeof value === 'boolean') return labelOf('yesNo', String(value), lang);
  if (field === 'dienst' && typeof value === 'string') return context.dienstName(value);
  if (field === 'incidentKind' && typeof value === 'string') return labelOf('incidentKind', value, lang);
  if (field === 'regime' && typeof value === 'string') return labelOf('regime', value, lang);
  if (field === 'ciaAspects' && Array.isArray(value)) return value.map((aspect) => labelOf('ciaAspect', String(aspect), lang)).join(', ');
  if ((field === 'dataSubjects' || field === 'recordCount') && typeof value === 'object' && !Array.isArray(value)) return subjectsText(t, value as unknown as DataSubjectCount);
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const FIELD_LABELS = {
  title: 'titleLabel',
  description: 'description',
  dienst: 'dienst',
  regime: 'regime',
  incidentKind: 'incidentKind',
  awareAt: 'awareAt',
  occurredFrom: 'occurred',
  occurredTo: 'occurred',
  processorInformedAt: 'processorInformedAt',
  ciaAspects: 'ciaAspects',
  dataCategories: 'dataCategories',
  specialCategories: 'specialCategories',
  bsn: 'bsn',
  criminalData: 'criminalData',
  dataSubjects: 'dataSubjects',
  encrypted: 'encrypted',
  reportedAt: 'reportedAt',
  apReference: 'apReference',
} as const;

function fieldLabel(t: T, field: string): string {
  const key = (FIELD_LABELS as Readonly<Record<string, keyof (typeof TEXTS)['nl']>>)[field];
  return key ? `${t(key)} (${field})` : field;
}

const dl = (rows: readonly (readonly [string, HtmlValue])[]): Html => html`<dl class="pl-dl">${rows.map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`)}</dl>`;

function situation(context: PageContext, t: T, dossier: BreachDossier, timeline: Timeline | undefined): Html {
  const lang = context.lang;
  const awaiting = timeline ? timeline.reportingStatus === 'awaiting-report' && !timeline.closed : dossier.apReports.length === 0 && dossier.closure === null && dossier.assessments.at(-1)?.reportable !== false;
  const remaining = Date.parse(dossier.deadline) - Date.now();
  const countdown = awaiting
    ? html` — <time data-countdown="${dossier.deadline}" datetime="${dossier.deadline}">${remaining >= 0 ? t('left', { time: formatHours(lang, remaining / 3_600_000) }) : t('overdue', { time: formatHours(lang, -remaining / 3_600_000) })}</time>`
    : '';
  const status = timeline ? html`<span class="pl-status pl-status--${timeline.status === 'overdue' || timeline.status === 'reported-late' ? 'overdue' : timeline.status === 'at-risk' ? 'at-risk' : 'ok'}">${labelOf('deadlineStatus', timeline.status, lang)}</span>` : t('none');
  const lateReason = timeline?.lateReason;
  const verdict = timeline?.lateReasonVerdict;
  const standing = dossier.apReports.at(-1);
  return html`<h2 class="utrecht-heading-2">${t('situation')}</h2>
    ${dl([
      [t('status'), status],
      [t('awareAt'), time(lang, dossier.facts.awareAt.value)],
      [t('registeredAt'), html`${time(lang, dossier.registeredAt)}${timeline ? html` (${t('registrationDelay', { hours: formatHours(lang, timeline.registrationDelayHours) })})` : ''}`],
      [t('deadline'), html`${time(lang, dossier.deadline)}${countdown}`],
      [t('reportedAt'), time(lang, dossier.apReports[0]?.reportedAt)],
      ...(timeline && timeline.hoursToReport !== null ? [[t('hoursToReport'), formatHours(lang, timeline.hoursToReport)] as const] : []),
      // The standing filing's meldnummer (after a withdrawal and a re-filing, the re-filing's), as the register shows it;
      // the time above stays the first filing's, on which lateness is judged.
      ...(standing ? [[t('apReference'), standing.apReference] as const] : []),
      ...(lateReason ? [[t('lateReason'), html`${labelOf('lateReason', lateReason.code, lang)}: ${lateReason.explanation}`] as const, [t('apView'), labelOf('apView', lateReason.apView, lang)] as const] : []),
      ...(verdict ? [[t('lateVerdict'), html`${labelOf('verdict', verdict.verdict, lang)} (${time(lang, verdict.assessedAt)}): ${verdict.comment}`] as const] : []),
    ])}`;
}

function factsSection(context: PageContext, t: T, dossier: BreachDossier): Html {
  const lang = context.lang;
  const f = dossier.facts;
  const from = (source: Source) => (source.type === 'BreachDetected' ? '' : html` <span class="pl-muted">(${t('correctedBy', { position: source.event.position })})</span>`);
  const fact = <K extends keyof typeof f>(field: K, shown?: HtmlValue): HtmlValue => {
    const recorded = f[field] as { value: unknown; source: Source } | undefined;
    return html`${shown ?? valueText(context, t, field, recorded?.value as JsonValue)}${recorded ? from(recorded.source) : ''}`;
  };
  const particulars = (['specialCategories', 'bsn', 'criminalData'] as const).filter((flag) => f[flag].value);
  return html`<h2 class="utrecht-heading-2">${t('facts')}</h2>
    ${dl([
      [t('titleLabel'), fact('title')],
      [t('description'), fact('description')],
      [t('dienst'), fact('dienst')],
      [t('regime'), fact('regime', labelOf('regime', f.regime?.value ?? 'avg', lang))],
      [t('incidentKind'), fact('incidentKind')],
      [t('occurred'), f.occurredFrom.value === null && f.occurredTo.value === null ? t('unknownCount') : t('occurredRange', { from: formatDateTime(lang, f.occurredFrom.value), to: formatDateTime(lang, f.occurredTo.value) })],
      [t('discovery'), fact('discovery', f.discovery.value.how)],
      [t('processor'), f.discovery.value.processor ?? t('none')],
      ...(f.processorInformedAt?.value ? [[t('processorInformedAt'), fact('processorInformedAt')] as const] : []),
      [t('ciaAspects'), fact('ciaAspects')],
      [t('dataCategories'), fact('dataCategories')],
      [t('particulars'), particulars.length > 0 ? particulars.map((flag) => t(flag)).join(', ') : t('noParticulars')],
      [t('dataSubjects'), fact('dataSubjects')],
      [t('encrypted'), fact('encrypted')],
      [t('registeredBy'), html`${actorText(lang, dossier.registeredBy)}, ${time(lang, dossier.registeredAt)}`],
    ])}`;
}

function timelineSection(context: PageContext, t: T, timeline: Timeline | undefined, problem: ProblemDetails | undefined): Html {
  const lang = context.lang;
  if (!timeline) return html`<h2 class="utrecht-heading-2">${t('timeline')}</h2><p class="utrecht-paragraph">${t('timelineUnavailable')}</p>${problem ? problemAlert(lang, problem) : ''}`;
  const view = timeline;
  return html`<h2 class="utrecht-heading-2">${t('timeline')}</h2>
    ${table(
      t('timelineCaption'),
      [t('step'), t('businessTime'), t('recordedAt'), t('actor'), t('evidence')],
      view.entries.map((entry) => [STEPS[lang][entry.step] ?? entry.step, time(lang, entry.businessTime), time(lang, entry.recordedAt), actorText(lang, entry.actor), evidence(t, entry.event)]),
      t('none'),
    )}
    <h2 class="utrecht-heading-2">${t('alerts')}</h2>
    ${table(
      t('alertsCaption'),
      [t('alertKind'), t('recipient'), t('dueAt'), t('delivery'), t('sentAt')],
      view.alerts.map((alert) => [
        ALERT_KIND[lang][alert.kind] ?? alert.kind,
        alert.recipient.channel === 'email' ? (RECIPIENTS[lang][alert.recipient.role] ?? alert.recipient.role) : alert.recipient.url,
        time(lang, alert.dueAt),
        ALERT_STATUS[lang][alert.status] ?? alert.status,
        time(lang, alert.sentAt ?? alert.failedAt),
      ]),
      t('alertsNone'),
    )}`;
}

function historySections(context: PageContext, t: T, d: BreachDossier): Html {
  const lang = context.lang;
  const by = (source: Source) => actorText(lang, source.actor);
  const dpoRows = [
    ...d.dpoNotifications.map((n) => [t('informed'), n.informedBy, time(lang, n.informedAt), by(n.source), evidence(t, n.source.event)]),
    ...d.dpoAdvice.map((a) => [t('advised'), a.advice, time(lang, a.advisedAt), by(a.source), evidence(t, a.source.event)]),
  ];
  const reportRows = [
    ...d.apReports.map((r, index) => [
      t('report'),
      html`${r.apReference} — ${labelOf('reportPhase', r.phase, lang)}${index === 0 && d.reportedLate !== null ? html`, ${d.reportedLate ? t('late') : t('onTime')}` : ''}${r.lateReason ? html`<br>${labelOf('lateReason', r.lateReason.code, lang)}: ${r.lateReason.explanation}` : ''}${r.apNotification ? html`<br><span class="pl-muted">${t('formVersion', { revision: r.apNotification.revision })}</span>` : ''}`,
      time(lang, r.reportedAt),
      by(r.source),
      evidence(t, r.source.event),
    ]),
    ...d.apReportSupplements.map((s) => [t('supplement'), html`${labelOf('reportPhase', s.phase, lang)}: ${s.changes}`, time(lang, s.supplementedAt), by(s.source), evidence(t, s.source.event)]),
    ...d.apReportWithdrawals.map((w) => [t('withdrawal'), html`${labelOf('withdrawalGround', w.ground ?? 'other', lang)}: ${w.reason}`, time(lang, w.withdrawnAt), by(w.source), evidence(t, w.source.event)]),
  ];
  const subjectRows = [
    ...d.dataSubjectNotifications.map((n) => [t('notified'), t('notifiedText', { count: n.count, channel: labelOf('notificationChannel', n.channel, lang) }), time(lang, n.notifiedAt), by(n.source), evidence(t, n.source.event)]),
    ...d.dataSubjectNotificationWaivers.map((w) => [t('waived'), html`${labelOf('waiverGround', w.ground, lang)}: ${w.explanation}${w.publicCommunication ? html`<br>${w.publicCommunication}` : ''}`, time(lang, w.waivedAt), by(w.source), evidence(t, w.source.event)]),
    ...d.dataSubjectNotificationWaiverRevocations.map((r) => [t('revoked'), html`${labelOf('waiverRevocationCause', r.cause, lang)}: ${r.reason}`, time(lang, r.revokedAt), by(r.source), evidence(t, r.source.event)]),
  ];
  const what = [t('kind'), t('what'), t('when'), t('who'), t('evidence')];
  return html`
    <h2 class="utrecht-heading-2">${t('dpo')}</h2>
    ${table(t('dpoCaption'), what, dpoRows, t('dpoNone'))}
    <h2 class="utrecht-heading-2">${t('assessments')}</h2>
    ${table(
      t('assessmentsCaption'),
      [t('when'), t('risk'), t('severity'), t('reportable'), t('notify'), t('rationale'), t('who'), t('evidence')],
      d.assessments.map((a) => [time(lang, a.assessedAt), labelOf('riskLevel', a.risk, lang), labelOf('severity', a.severity, lang), labelOf('yesNo', String(a.reportable), lang), labelOf('yesNo', String(a.notifyDataSubjects), lang), a.rationale ?? t('none'), by(a.source), evidence(t, a.source.event)]),
      t('assessmentsNone'),
    )}
    <h2 class="utrecht-heading-2">${t('reports')}</h2>
    ${table(t('reportsCaption'), what, reportRows, t('reportsNone'))}
    ${d.lateReasonVerdicts.length > 0
      ? html`<h2 class="utrecht-heading-2">${t('verdicts')}</h2>${table(
          t('verdictsCaption'),
          [t('when'), t('what'), t('reason'), t('who'), t('evidence')],
          d.lateReasonVerdicts.map((v) => [time(lang, v.assessedAt), labelOf('verdict', v.verdict, lang), v.comment, by(v.source), evidence(t, v.source.event)]),
          t('none'),
        )}`
      : ''}
    <h2 class="utrecht-heading-2">${t('details')}</h2>
    ${detailsList(context, t, d)}
    <h2 class="utrecht-heading-2">${t('subjects')}</h2>
    ${table(t('subjectsCaption'), what, subjectRows, t('subjectsNone'))}
    <h2 class="utrecht-heading-2">${t('causes')}</h2>
    ${table(t('causesCaption'), [t('category'), t('description'), t('who'), t('evidence')], d.rootCauses.map((c) => [labelOf('rootCauseCategory', c.category, lang), c.description, by(c.source), evidence(t, c.source.event)]), t('causesNone'))}
    ${table(t('measuresCaption'), [t('what'), t('purpose'), t('when'), t('who'), t('evidence')], d.measures.map((m) => [m.description, labelOf('measurePurpose', m.purpose, lang), time(lang, m.takenAt), by(m.source), evidence(t, m.source.event)]), t('measuresNone'))}
    <h2 class="utrecht-heading-2">${t('corrections')}</h2>
    ${table(
      t('correctionsCaption'),
      [t('field'), t('original'), t('corrected'), t('reason'), t('who'), t('when'), t('evidence')],
      d.corrections.map((c) => [
        fieldLabel(t, c.field),
        valueText(context, t, c.field, c.original),
        valueText(context, t, c.field, c.corrected),
        html`${c.reason}${c.lateReason ? html`<br>${t('lateReason')}: ${labelOf('lateReason', c.lateReason.code, lang)}: ${c.lateReason.explanation}` : ''}`,
        actorText(lang, c.correctedBy),
        time(lang, c.correctedAt),
        evidence(t, c.event),
      ]),
      t('correctionsNone'),
    )}
    ${d.recommendationLinks.length > 0
      ? html`<h2 class="utrecht-heading-2">${t('links')}</h2>${table(
          t('linksCaption'),
          [t('what'), t('kind'), t('when'), t('who')],
          d.recommendationLinks.map((l) => [`${l.auditId} / ${l.recommendationId}`, labelOf('recommendationRelation', l.relation, lang), time(lang, l.linkedAt), by(l.source)]),
          t('none'),
        )}`
      : ''}
    <h2 class="utrecht-heading-2">${t('closure')}</h2>
    <p class="utrecht-paragraph">${d.closure ? t('closedAt', { at: formatDateTime(lang, d.closure.closedAt), who: by(d.closure.source), summary: d.closure.summary }) : t('notClosed')}</p>
    ${d.erasure ? html`<p class="utrecht-paragraph">${t('erasure', { at: formatDateTime(lang, d.erasure.erasedAt), reason: d.erasure.reason })}</p>` : ''}`;
}

function detailsList(context: PageContext, t: T, d: BreachDossier): Html {
  const lang = context.lang;
  const n = d.notificationDetails;
  const rows: [string, HtmlValue][] = [];
  const list = (codes: readonly string[], vocabulary: Parameters<typeof labelOf>[0]) => codes.map((code) => labelOf(vocabulary, code, lang)).join(', ');
  if (n.contact) rows.push([t('contact'), [n.contact.value.name, n.contact.value.jobTitle, n.contact.value.phone, n.contact.value.email].filter(Boolean).join(', ')]);
  if (n.dataSubjectCategories) rows.push([t('dataSubjectCategories'), list(n.dataSubjectCategories.value, 'dataSubjectCategory')]);
  if (n.dataSubjectCategoriesExplanation) rows.push([t('dataSubjectCategoriesExplanation'), n.dataSubjectCategoriesExplanation.value]);
  if (n.recordCount) rows.push([t('recordCount'), subjectsText(t, n.recordCount.value)]);
  if (n.likelyConsequences) rows.push([t('likelyConsequences'), list(n.likelyConsequences.value, 'likelyConsequence')]);
  if (n.consequencesExplanation) rows.push([t('consequencesExplanation'), n.consequencesExplanation.value]);
  if (n.crossBorder) rows.push([t('crossBorder'), [labelOf('yesNoUnknown', n.crossBorder.value.otherStatesAffected, lang), n.crossBorder.value.states.join(', '), n.crossBorder.value.leadAuthority].filter(Boolean).join(' — ')]);
  if (n.processorNotification) rows.push([t('processorNotification'), [labelOf('notificationChannel', n.processorNotification.value.channel, lang), n.processorNotification.value.explanation].filter(Boolean).join(': ')]);
  if (n.measuresBeforeBreach) rows.push([t('measuresBeforeBreach'), n.measuresBeforeBreach.value]);
  if (n.protection) rows.push([t('protection'), [labelOf('protectionAnswer', n.protection.value.answer, lang), list(n.protection.value.methods, 'protectionMethod'), n.protection.value.description].filter(Boolean).join(' — ')]);
  if (n.dataSubjectCommunication) rows.push([t('dataSubjectCommunication'), `${n.dataSubjectCommunication.value.text} (${list(n.dataSubjectCommunication.value.channels, 'notificationChannel')})`]);
  return rows.length > 0 ? dl(rows) : html`<p class="utrecht-paragraph pl-muted">${t('detailsNone')}</p>`;
}

function actionsSection(context: PageContext, t: T, dossier: BreachDossier): Html {
  const actions = actionsFor(context, dossier);
  if (actions.length === 0) return html``;
  const at = textsIn(ACTION_TEXTS, context.lang);
  const id = dossier.breachId;
  return html`<h2 class="utrecht-heading-2">${t('actions')}</h2>
    ${actions.map((action) =>
      action.slug === 'ap-report'
        ? html`<p><a class="utrecht-button-link utrecht-button-link--primary-action" href="/app/breaches/${id}/ap-report">${at('reportOpen')}</a></p>`
        : html`<details class="pl-action" id="action-${action.slug}"><summary>${at(action.title)}</summary>${actionForm(context, id, action, dossier)}</details>`,
    )}`;
}

async function dossierPage(context: PageContext): Promise<PageAnswer> {
  const t = textsIn(TEXTS, context.lang);
  const id = breachIdOf(context);
  if (!id) return refused(context, notFound(String((context.request.params as { breachId?: string }).breachId)));
  const dossier = await context.api.get<BreachDossier>(`/breaches/${id}/dossier`);
  if (!dossier.ok) return refused(context, dossier.problem);
  const timeline = await context.api.view<Timeline>(`/breaches/${id}`);
  const d = dossier.body;
  const notice = d.personalData === 'redacted' ? t('redacted') : d.personalData === 'erased' ? t('erased') : undefined;
  const body = html`<div class="pl-dossier">${heading(d.facts.title.value)}
    <p class="utrecht-paragraph pl-muted">${t('title')} <span class="pl-code">${d.breachId}</span></p>
    ${notice ? html`<div class="utrecht-alert utrecht-alert--info" role="status"><p class="utrecht-alert__message">${notice}</p></div>` : ''}
    ${situation(context, t, d, timeline.ok ? timeline.body : undefined)}
    ${actionsSection(context, t, d)}
    ${factsSection(context, t, d)}
    ${timelineSection(context, t, timeline.ok ? timeline.body : undefined, timeline.ok ? undefined : timeline.problem)}
    ${historySections(context, t, d)}</div>`;
  return { page: pageDocument(context, `${d.facts.title.value} — ${t('title')}`, body) };
}

/**
 * Where an open question's answer is recorded. The API names its route (`POST
 * /breaches/{id}/notification-details: contact`): here that is the action's page, by its
 * title, with the field; any other hint (why a question does not apply) as it is.
 */
export function hintOf(context: PageContext, breachId: string, hint: string): Html {
  const route = /^POST \/breaches\/\{id\}\/([a-z-]+)[:,]?\s*(.*)$/.exec(hint);
  const action = route ? DOSSIER_ACTIONS.find((candidate) => candidate.endpoint === `/${route[1]}`) : undefined;
  if (!route || !action) return html`<span class="pl-muted">${hint}</span>`;
  const title = textsIn(ACTION_TEXTS, context.lang)(action.title);
  const shown = route[2] ? html`${title} <span class="pl-code">(${route[2]})</span>` : title;
  return context.can(action.permission) ? html`<a class="utrecht-link" href="/app/breaches/${breachId}/${action.slug}">${shown}</a>` : html`<span class="pl-muted">${shown}</span>`;
}

/** The AP's form as the log answers it, question by question with the events the answers come from. */
function preparedForm(context: PageContext, t: T, form: ApNotification): Html {
  const lang = context.lang;
  const unanswered = form.unanswered.length;
  return html`<h2 class="utrecht-heading-2">${t('apFormTitle')}</h2>
    <p class="utrecht-paragraph">${t('apFormIntro')}</p>
    <p class="utrecht-paragraph">${t('apFormDeadline', { deadline: formatDateTime(lang, form.deadline) })} <span class="pl-code">${t('apFormVersion', { revision: form.version.revision, sha256: form.version.sha256 })}</span></p>
    ${form.overdue ? html`<div class="utrecht-alert utrecht-alert--warning" role="status"><p class="utrecht-alert__message">${t('apFormOverdue')}</p></div>` : ''}
    <p class="utrecht-paragraph">${unanswered > 0 ? t('apFormUnanswered', { count: unanswered }) : t('apFormComplete')}${unanswered > 0 && context.can('record-notification-details') ? html` <a class="utrecht-link" href="/app/breaches/${form.breachId}/notification-details">${t('apFormDetailsLink')}</a>` : ''}</p>
    ${form.sections.map((section) =>
      table(
        `${section.number}. ${section.title}`,
        [t('number'), t('question'), t('answer'), t('sources')],
        section.questions.map((question) => [
          question.number,
          question.question,
          question.answer
            ? question.answer.text
            : html`<strong>${question.status === 'not-applicable' ? t('notApplicable') : t('unanswered')}</strong>${question.hint ? html`<br>${hintOf(context, form.breachId, question.hint)}` : ''}`,
          question.answer ? question.answer.sources.map((source) => html`<span class="pl-code">${t('position', { position: source.position, revision: source.revision })}</span><br>`) : '',
        ]),
        t('none'),
      ),
    )}`;
}

/** An action's own page: its form alone (and for the AP report, the prepared AP form above it), or the form again with the API's refusal. */
async function actionPage(context: PageContext, action: DossierAction, form: FormBody, problem?: ProblemDetails, status?: number): Promise<PageAnswer> {
  const t = textsIn(TEXTS, context.lang);
  const at = textsIn(ACTION_TEXTS, context.lang);
  const id = breachIdOf(context);
  if (!id) return refused(context, notFound(String((context.request.params as { breachId?: string }).breachId)));
  const dossier = await context.api.get<BreachDossier>(`/breaches/${id}/dossier`);
  if (!dossier.ok) return refused(context, dossier.problem);
  const title = dossier.body.facts.title.value;
  let prepared: Html = html``;
  let hidden: Html = html``;
  if (action.slug === 'ap-report' && context.can('prepare-ap-notification')) {
    const ap = await context.api.get<ApNotification>(`/breaches/${id}/ap-notification?lang=${context.lang}`);
    if (ap.ok) {
      prepared = html`${preparedForm(context, t, ap.body)}<h2 class="utrecht-heading-2">${t('filing')}</h2>`;
      hidden = html`<input type="hidden" name="formRevision" value="${ap.body.version.revision}"><input type="hidden" name="formSha256" value="${ap.body.version.sha256}">`;
    } else {
      prepared = problemAlert(context.lang, ap.problem);
    }
  }
  const body = html`<div class="pl-dossier">${heading(at(action.title))}
    <p class="utrecht-paragraph"><a class="utrecht-link" href="/app/breaches/${id}">${at('backToDossier', { title })}</a></p>
    ${problem ? problemAlert(context.lang, problem) : ''}
    ${prepared}
    ${actionForm(context, id, action, dossier.body, form, problem, hidden)}</div>`;
  return { page: pageDocument(context, at('actionPageTitle', { action: at(action.title), title }), body), ...(status ? { status } : {}) };
}

/** The breach dossier: every fact with its evidence, the 72-hour timeline, and the actions the signed-in role may take next. */
export const DOSSIER_ROUTES: readonly WebRoute[] = [
  { method: 'GET', path: '/app/breaches/:breachId', permission: 'read-breach-dossier', handle: dossierPage },
  ...DOSSIER_ACTIONS.flatMap((action): WebRoute[] => [
    {
      method: 'GET',
      path: `/app/breaches/:breachId/${action.slug}`,
      permission: action.permission,
      handle: (context) => actionPage(context, action, {}),
    },
    {
      method: 'POST',
      path: `/app/breaches/:breachId/${action.slug}`,
      permission: action.permission,
      async handle(context) {
        const id = breachIdOf(context);
        if (!id) return refused(context, notFound(String((context.request.params as { breachId?: string }).breachId)));
        const form = (context.request.body ?? {}) as FormBody;
        const answer = await context.api.post(`/breaches/${id}${action.endpoint}`, action.body(form), formValue(form, 'idempotencyKey'));
        if (!answer.ok) return actionPage(context, action, form, answer.problem, answer.status);
        context.flash('ok', textsIn(ACTION_TEXTS, context.lang)(action.done));
        return { redirect: `/app/breaches/${id}` };
      },
    },
  ]),
];
