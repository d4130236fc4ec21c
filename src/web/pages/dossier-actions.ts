import { randomUUID } from 'node:crypto';
import type { Permission } from '../../auth/permissions.js';
import { CORRECTION_FLAGS } from './dossier-forms.js';
import {
  CIA_ASPECTS,
  DATA_SUBJECT_CATEGORIES,
  INCIDENT_KINDS,
  LATE_REASON_VERDICTS,
  LIKELY_CONSEQUENCES,
  MEASURE_PURPOSES,
  NOTIFICATION_CHANNELS,
  PROTECTION_ANSWERS,
  PROTECTION_METHODS,
  RECOMMENDATION_RELATIONS,
  REGIMES,
  REPORT_PHASES,
  RISK_LEVELS,
  ROOT_CAUSE_CATEGORIES,
  SEVERITIES,
  WAIVER_GROUNDS,
  WAIVER_REVOCATION_CAUSES,
  WITHDRAWAL_GROUNDS,
  YES_NO_UNKNOWN,
} from '../../breaches/breach.events.js';
import { LATE_REASON_CODES } from '../../breaches/breach.rules.js';
import type { BreachDossier } from '../../breaches/get-breach-dossier/breach-dossier.js';
import type { ProblemDetails } from '../../http/problem-details.js';
import { formGuards } from '../components.js';
import { choiceGroup, fieldErrors, formValue, formValues, offeredMoment, offeredName, selectField, submitButton, textArea, textField, type FieldErrors, type FormBody } from '../forms.js';
import { html, type Html } from '../html.js';
import { labelOf, textsIn, type Lang, type Texts } from '../i18n/texts.js';
import type { Vocabulary } from '../../labels/labels.js';
import type { PageContext } from '../page-context.js';
import {
  apReportOf,
  assessmentOf,
  closureOf,
  correctionOf,
  dataSubjectNotificationOf,
  dpoAdviceOf,
  dpoNotificationOf,
  lateReasonVerdictOf,
  measureOf,
  notificationDetailsOf,
  recommendationLinkOf,
  erasureOf,
  rootCauseOf,
  supplementOf,
  waiverOf,
  waiverRevocationOf,
  withdrawalOf,
} from './dossier-forms.js';

export const ACTION_TEXTS = {
  nl: {
    choose: 'Kies…',
    yes: 'Ja',
    no: 'Nee',
    // inform the FG
    dpoTitle: 'De FG informeren',
    dpoSubmit: 'Vastleggen dat de FG is geïnformeerd',
    dpoDone: 'Vastgelegd dat de FG is geïnformeerd.',
    informedAt: 'Geïnformeerd op',
    informedBy: 'Geïnformeerd door (naam of functie)',
    // FG advice
    adviceTitle: 'Advies van de FG geven',
    adviceSubmit: 'Advies vastleggen',
    adviceDone: 'Het advies van de FG is vastgelegd.',
    advice: 'Advies',
    advisedAt: 'Gegeven op',
    // assessment
    assessTitle: 'Beoordelen',
    assessSubmit: 'Beoordeling vastleggen',
    assessDone: 'De beoordeling is vastgelegd.',
    assessedAt: 'Beoordeeld op',
    risk: 'Risico voor de betrokkenen',
    severity: 'Ernst',
    reportable: 'Meldplichtig bij de AP',
    notifyDataSubjects: 'Betrokkenen informeren (bij hoog risico)',
    rationale: 'Onderbouwing',
    rationaleHint: 'Verplicht als het datalek niet gemeld hoeft te worden, of als betrokkenen bij hoog risico niet geïnformeerd worden.',
    // AP report
    reportTitle: 'Melden bij de AP',
    reportOpen: 'AP-meldformulier openen en melden',
    reportSubmit: 'Melding bij de AP vastleggen',
    reportDone: 'De melding bij de AP is vastgelegd.',
    reportedAt: 'Gemeld op',
    apReference: 'Meldnummer van de AP',
    apReferenceHint: 'Het nummer dat het meldformulier van de AP na het indienen gaf.',
    phase: 'Soort melding',
    lateReason: 'Reden van de vertraging',
    lateReasonHint: 'Alleen als de melding na de termijn van 72 uur komt: dan is een reden verplicht (art. 33 lid 1 AVG).',
    lateReasonCode: 'Reden',
    lateReasonExplanation: 'Toelichting',
    lateReasonRequired: 'De melding is te laat: kies de reden van de vertraging en licht die toe.',
    // notification details
    detailsTitle: 'Gegevens voor het AP-formulier aanvullen',
    detailsSubmit: 'Gegevens vastleggen',
    detailsDone: 'De gegevens voor het AP-formulier zijn vastgelegd.',
    detailsIntro: 'Alleen wat u invult wordt vastgelegd; wat leeg blijft, blijft zoals het was.',
    dataSubjectCategories: 'Groepen betrokkenen',
    dataSubjectCategoriesExplanation: 'Toelichting op de groepen',
    likelyConsequences: 'Waarschijnlijke gevolgen voor de betrokkenen',
    consequencesExplanation: 'Toelichting op de gevolgen',
    contact: 'Contactpersoon voor de AP',
    contactName: 'Naam',
    recordCount: 'Aantal gegevensrecords (persoonsgegevens) betrokken',
    recordCountKind: 'Hoeveel records',
    recordCountExact: 'Aantal records',
    recordCountMin: 'Ten minste',
    recordCountMax: 'Ten hoogste',
    processorNotification: 'Hoe de verwerker het datalek meldde',
    processorChannel: 'Kanaal',
    processorExplanation: 'Toelichting',
    contactJobTitle: 'Functie',
    contactPhone: 'Telefoonnummer',
    contactEmail: 'E-mailadres',
    measuresBeforeBreach: 'Maatregelen die vóór het datalek genomen waren',
    protection: 'Waren de gegevens onbegrijpelijk gemaakt (versleuteld, gehasht)?',
    protectionAnswer: 'Antwoord',
    protectionMethods: 'Op welke manier',
    protectionDescription: 'Toelichting op de beveiliging',
    crossBorder: 'Andere EU/EER-landen',
    otherStatesAffected: 'Zijn betrokkenen in andere EU/EER-landen geraakt?',
    otherStates: 'Welke landen (landcodes, bijvoorbeeld DE, BE)',
    leadAuthority: 'Leidende toezichthouder',
    communication: 'Bericht aan de betrokkenen',
    communicationText: 'Tekst van het bericht',
    communicationChannels: 'Kanalen',
    // supplement
    supplementTitle: 'De melding aanvullen',
    supplementSubmit: 'Aanvulling vastleggen',
    supplementDone: 'De aanvulling op de melding is vastgelegd.',
    supplementedAt: 'Aangevuld op',
    changes: 'Wat is aangevuld of gewijzigd',
    // withdrawal
    withdrawTitle: 'De melding intrekken',
    withdrawSubmit: 'Intrekking vastleggen',
    withdrawDone: 'De intrekking van de melding is vastgelegd.',
    withdrawnAt: 'Ingetrokken op',
    withdrawalGround: 'Grond',
    withdrawalReason: 'Reden',
    // data subjects
    notifyTitle: 'Betrokkenen informeren',
    notifySubmit: 'Vastleggen dat betrokkenen zijn geïnformeerd',
    notifyDone: 'Vastgelegd dat betrokkenen zijn geïnformeerd.',
    notifiedAt: 'Geïnformeerd op',
    notifiedCount: 'Aantal geïnformeerde betrokkenen',
    notifiedChannel: 'Kanaal',
    waiverTitle: 'Besluiten betrokkenen niet te informeren',
    waiverSubmit: 'Besluit vastleggen',
    waiverDone: 'Het besluit om betrokkenen niet te informeren is vastgelegd.',
    waivedAt: 'Besloten op',
    waiverGround: 'Grond (art. 34 lid 3 AVG)',
    waiverExplanation: 'Toelichting',
    publicCommunication: 'Openbare mededeling',
    publicCommunicationHint: 'Alleen bij onevenredige inspanning: de tekst van de openbare mededeling.',
    revokeTitle: 'Het besluit niet te informeren intrekken',
    revokeSubmit: 'Intrekking vastleggen',
    revokeDone: 'Het besluit is ingetrokken: de betrokkenen moeten alsnog geïnformeerd worden.',
    revokedAt: 'Ingetrokken op',
    revocationCause: 'Oorzaak',
    revocationReason: 'Reden',
    // root cause, measure
    rootCauseTitle: 'Oorzaak vastleggen',
    rootCauseSubmit: 'Oorzaak vastleggen',
    rootCauseDone: 'De oorzaak is vastgelegd.',
    rootCauseCategory: 'Soort oorzaak',
    rootCauseDescription: 'Beschrijving (bij onbekend: waarom de oorzaak niet te vinden is)',
    measureTitle: 'Maatregel vastleggen',
    measureSubmit: 'Maatregel vastleggen',
    measureDone: 'De maatregel is vastgelegd.',
    measureDescription: 'Maatregel',
    measurePurpose: 'Doel',
    takenAt: 'Genomen op',
    // late-reason verdict
    verdictTitle: 'De reden van te laat melden beoordelen',
    verdictSubmit: 'Oordeel vastleggen',
    verdictDone: 'Het oordeel van de FG is vastgelegd.',
    verdict: 'Oordeel',
    verdictComment: 'Toelichting',
    verdictAt: 'Beoordeeld op',
    // correction
    correctTitle: 'Gegevens corrigeren',
    correctSubmit: 'Correctie vastleggen',
    correctDone: 'De correctie is vastgelegd; de oorspronkelijke waarde blijft zichtbaar.',
    correctIntro: 'Vul alleen de gegevens in die anders moeten. Het oorspronkelijke gegeven blijft in het logboek en in de lijst van correcties staan.',
    correctTitleField: 'Korte omschrijving',
    correctDescription: 'Beschrijving',
    correctDienst: 'Dienst',
    correctIncidentKind: 'Soort incident',
    correctAwareAt: 'Ontdekt op',
    correctOccurredFrom: 'Begonnen op',
    correctOccurredTo: 'Geëindigd op',
    correctProcessorInformedAt: 'Door de verwerker gemeld op',
    correctReportedAt: 'Gemeld bij de AP op',
    correctApReference: 'Meldnummer van de AP',
    correctionReason: 'Reden van de correctie',
    unchanged: '— ongewijzigd —',
    correctCiaAspects: 'Wat is aangetast (alleen aanvinken als dit anders moet)',
    correctDataCategories: 'Soorten persoonsgegevens (één per regel of gescheiden door komma’s)',
    correctFlags: 'Bijzonderheden',
    correctSpecialCategories: 'Bijzondere persoonsgegevens (art. 9 AVG)',
    correctBsn: 'Burgerservicenummers (BSN)',
    correctCriminalData: 'Strafrechtelijke gegevens (art. 10 AVG)',
    correctEncrypted: 'De gegevens waren versleuteld',
    correctRegime: 'Wet',
    correctDataSubjects: 'Aantal betrokkenen',
    correctDataSubjectsKind: 'Hoeveel mensen zijn betrokken',
    correctDataSubjectsCount: 'Aantal betrokkenen (precies)',
    correctDataSubjectsMin: 'Ten minste (betrokkenen)',
    correctDataSubjectsMax: 'Ten hoogste (betrokkenen)',
    correctionLateReason: 'Reden van de vertraging (als de correctie de melding te laat maakt)',
    // closure
    closeTitle: 'Afsluiten',
    closeSubmit: 'Datalek afsluiten',
    closeDone: 'Het datalek is afgesloten.',
    closedAt: 'Afgesloten op',
    closureSummary: 'Samenvatting van de afhandeling',
    // recommendation link, erasure
    linkTitle: 'Koppelen aan een auditaanbeveling',
    linkSubmit: 'Koppeling vastleggen',
    linkDone: 'De koppeling aan de auditaanbeveling is vastgelegd.',
    auditId: 'Kenmerk van de audit',
    recommendationId: 'Kenmerk van de aanbeveling',
    idHint: 'Het kenmerk (UUID) zoals de pagina Aanbevelingen het toont.',
    relation: 'Verband',
    linkedAt: 'Gekoppeld op',
    eraseTitle: 'Persoonsgegevens wissen',
    eraseSubmit: 'Persoonsgegevens definitief wissen',
    eraseDone: 'De persoonsgegevens van dit datalek zijn gewist.',
    eraseWarning: 'Wissen kan niet ongedaan worden gemaakt: de sleutel van dit datalek wordt vernietigd en elke vrije tekst leest daarna “[erased]”. Tijden, codes en aantallen blijven. Zet geen persoonsgegevens in de reden.',
    eraseReason: 'Reden (bijvoorbeeld: bewaartermijn verstreken)',
    // page
    backToDossier: 'Terug naar het dossier van “{title}”',
    actionPageTitle: '{action}: {title}',
  },
  en: {
    choose: 'Choose…',
    yes: 'Yes',
    no: 'No',
    dpoTitle: 'Inform the DPO',
    dpoSubmit: 'Record that the DPO was informed',
    dpoDone: 'Recorded that the DPO was informed.',
    informedAt: 'Informed at',
    informedBy: 'Informed by (name or function)',
    adviceTitle: 'Give the DPO’s advice',
    adviceSubmit: 'Record the advice',
    adviceDone: 'The DPO’s advice is recorded.',
    advice: 'Advice',
    advisedAt: 'Given at',
    assessTitle: 'Assess',
    assessSubmit: 'Record the assessment',
    assessDone: 'The assessment is recorded.',
    assessedAt: 'Assessed at',
    risk: 'Risk to the data subjects',
    severity: 'Severity',
    reportable: 'To be reported to the AP',
    notifyDataSubjects: 'Inform the data subjects (high risk)',
    rationale: 'Rationale',
    rationaleHint: 'Required when the breach need not be reported, or when data subjects are not informed despite a high risk.',
    reportTitle: 'Report to the AP',
    reportOpen: 'Open the AP form and report',
    reportSubmit: 'Record the report to the AP',
    reportDone: 'The report to the AP is recorded.',
    reportedAt: 'Reported at',
    apReference: 'AP report number (meldnummer)',
    apReferenceHint: 'The number the AP’s form gave after submitting.',
    phase: 'Kind of report',
    lateReason: 'Reason for the delay',
    lateReasonHint: 'Only when the report comes after the 72-hour deadline: a reason is then required (GDPR Art. 33(1)).',
    lateReasonCode: 'Reason',
    lateReasonExplanation: 'Explanation',
    lateReasonRequired: 'The report is late: choose the reason for the delay and explain it.',
    detailsTitle: 'Complete the AP form’s details',
    detailsSubmit: 'Record the details',
    detailsDone: 'The AP form’s details are recorded.',
    detailsIntro: 'Only what you fill in is recorded; what stays empty stays as it was.',
    dataSubjectCategories: 'Groups of data subjects',
    dataSubjectCategoriesExplanation: 'About the groups',
    likelyConsequences: 'Likely consequences for the data subjects',
    consequencesExplanation: 'About the consequences',
    contact: 'Contact person for the AP',
    contactName: 'Name',
    recordCount: 'Number of records (of personal data) involved',
    recordCountKind: 'How many records',
    recordCountExact: 'Number of records',
    recordCountMin: 'At least',
    recordCountMax: 'At most',
    processorNotification: 'How the processor reported the breach',
    processorChannel: 'Channel',
    processorExplanation: 'Explanation',
    contactJobTitle: 'Function',
    contactPhone: 'Telephone number',
    contactEmail: 'Email address',
    measuresBeforeBreach: 'Measures taken before the breach',
    protection: 'Was the data made unintelligible (encrypted, hashed)?',
    protectionAnswer: 'Answer',
    protectionMethods: 'How',
    protectionDescription: 'About the protection',
    crossBorder: 'Other EU/EEA states',
    otherStatesAffected: 'Are data subjects in other EU/EEA states affected?',
    otherStates: 'Which states (country codes, e.g. DE, BE)',
    leadAuthority: 'Lead supervisory authority',
    communication: 'Message to the data subjects',
    communicationText: 'Text of the message',
    communicationChannels: 'Channels',
    supplementTitle: 'Supplement the report',
    supplementSubmit: 'Record the supplement',
    supplementDone: 'The supplement to the report is recorded.',
    supplementedAt: 'Supplemented at',
    changes: 'What was added or changed',
    withdrawTitle: 'Withdraw the report',
    withdrawSubmit: 'Record the withdrawal',
    withdrawDone: 'The withdrawal of the report is recorded.',
    withdrawnAt: 'Withdrawn at',
    withdrawalGround: 'Ground',
    withdrawalReason: 'Reason',
    notifyTitle: 'Inform the data subjects',
    notifySubmit: 'Record that data subjects were informed',
    notifyDone: 'Recorded that data subjects were informed.',
    notifiedAt: 'Informed at',
    notifiedCount: 'Number of data subjects informed',
    notifiedChannel: 'Channel',
    waiverTitle: 'Decide not to inform the data subjects',
    waiverSubmit: 'Record the decision',
    waiverDone: 'The decision not to inform the data subjects is recorded.',
    waivedAt: 'Decided at',
    waiverGround: 'Ground (GDPR Art. 34(3))',
    waiverExplanation: 'Explanation',
    publicCommunication: 'Public communication',
    publicCommunicationHint: 'Only with disproportionate effort: the text of the public communication.',
    revokeTitle: 'Revoke the decision not to inform',
    revokeSubmit: 'Record the revocation',
    revokeDone: 'The decision is revoked: the data subjects must be informed after all.',
    revokedAt: 'Revoked at',
    revocationCause: 'Cause',
    revocationReason: 'Reason',
    rootCauseTitle: 'Record the root cause',
    rootCauseSubmit: 'Record the root cause',
    rootCauseDone: 'The root cause is recorded.',
    rootCauseCategory: 'Kind of cause',
    rootCauseDescription: 'Description (if unknown: why the cause cannot be found)',
    measureTitle: 'Record a measure',
    measureSubmit: 'Record the measure',
    measureDone: 'The measure is recorded.',
    measureDescription: 'Measure',
    measurePurpose: 'Purpose',
    takenAt: 'Taken at',
    verdictTitle: 'Judge the reason for the late report',
    verdictSubmit: 'Record the verdict',
    verdictDone: 'The DPO’s verdict is recorded.',
    verdict: 'Verdict',
    verdictComment: 'Comment',
    verdictAt: 'Judged at',
    correctTitle: 'Correct details',
    correctSubmit: 'Record the correction',
    correctDone: 'The correction is recorded; the original value stays visible.',
    correctIntro: 'Fill in only the details that must change. The original stays in the log and in the list of corrections.',
    correctTitleField: 'Short title',
    correctDescription: 'Description',
    correctDienst: 'Dienst',
    correctIncidentKind: 'Kind of incident',
    correctAwareAt: 'Aware since',
    correctOccurredFrom: 'Started',
    correctOccurredTo: 'Ended',
    correctProcessorInformedAt: 'Reported by the processor at',
    correctReportedAt: 'Reported to the AP at',
    correctApReference: 'AP report number',
    correctionReason: 'Reason for the correction',
    unchanged: '— unchanged —',
    correctCiaAspects: 'What was affected (tick only if this must change)',
    correctDataCategories: 'Kinds of personal data (one per line or separated by commas)',
    correctFlags: 'Particulars',
    correctSpecialCategories: 'Special categories of personal data (GDPR Art. 9)',
    correctBsn: 'Citizen service numbers (BSN)',
    correctCriminalData: 'Criminal-conviction data (GDPR Art. 10)',
    correctEncrypted: 'The data was encrypted',
    correctRegime: 'Law',
    correctDataSubjects: 'Data subjects',
    correctDataSubjectsKind: 'How many people are involved',
    correctDataSubjectsCount: 'Number of data subjects (exact)',
    correctDataSubjectsMin: 'At least (data subjects)',
    correctDataSubjectsMax: 'At most (data subjects)',
    correctionLateReason: 'Reason for the delay (when the correction makes the report late)',
    closeTitle: 'Close',
    closeSubmit: 'Close the breach',
    closeDone: 'The breach is closed.',
    closedAt: 'Closed at',
    closureSummary: 'Summary of the handling',
    linkTitle: 'Link to an audit recommendation',
    linkSubmit: 'Record the link',
    linkDone: 'The link to the audit recommendation is recorded.',
    auditId: 'Audit id',
    recommendationId: 'Recommendation id',
    idHint: 'The id (UUID) as the Recommendations page shows it.',
    relation: 'Relation',
    linkedAt: 'Linked at',
    eraseTitle: 'Erase the personal data',
    eraseSubmit: 'Erase the personal data for good',
    eraseDone: 'The personal data of this breach is erased.',
    eraseWarning: 'Erasure cannot be undone: the breach’s key is destroyed and all free text then reads “[erased]”. Times, codes and counts remain. Put no personal data in the reason.',
    eraseReason: 'Reason (e.g.: retention period ended)',
    backToDossier: 'Back to the dossier of “{title}”',
    actionPageTitle: '{action}: {title}',
  },
} as const satisfies Texts<string>;

type Key = keyof (typeof ACTION_TEXTS)['nl'];

/** What a form's fields need: the language, the API's field errors, the values posted (or none). */
export interface FieldKit {
  readonly context: PageContext;
  readonly lang: Lang;
  readonly errors: FieldErrors;
  readonly t: (key: Key, params?: Readonly<Record<string, string | number>>) => string;
  value(name: string): string | undefined;
  values(name: string): readonly string[];
}

/** What the dossier's state says about the actions that make sense next. */
export interface DossierState {
  readonly closed: boolean;
  readonly erased: boolean;
  readonly dpoInformed: boolean;
  readonly assessed: boolean;
  readonly reportable: boolean | undefined;
  readonly highRisk: boolean;
  readonly standingReport: boolean;
  readonly standingWaiver: boolean;
  readonly lateReasonToJudge: boolean;
}

export function stateOf(dossier: BreachDossier): DossierState {
  const last = dossier.assessments.at(-1);
  return {
    closed: dossier.closure !== null,
    erased: dossier.erasure !== null,
    dpoInformed: dossier.dpoNotifications.length > 0,
    assessed: last !== undefined,
    reportable: last?.reportable,
    highRisk: last?.risk === 'high',
    standingReport: dossier.apReports.length > dossier.apReportWithdrawals.length,
    standingWaiver: dossier.dataSubjectNotificationWaivers.length > dossier.dataSubjectNotificationWaiverRevocations.length,
    lateReasonToJudge: dossier.reportedLate === true && (dossier.apReports[0]?.lateReason != null || dossier.corrections.some((correction) => correction.lateReason !== null)),
  };
}

/** One action on a breach: its form, the API command it posts, and when it is offered. */
export interface DossierAction {
  /** The page's path after /app/breaches/:breachId/. */
  readonly slug: string;
  readonly permission: Permission;
  /** The API's command route after /breaches/:breachId. */
  readonly endpoint: string;
  readonly title: Key;
  readonly submit: Key;
  readonly done: Key;
  offered(state: DossierState): boolean;
  fields(kit: FieldKit, dossier: BreachDossier): Html;
  body(form: FormBody): Record<string, unknown>;
}

const timeField = (kit: FieldKit, name: string, label: Key, errorKey: string) => {
  const moment = offeredMoment({ [name]: kit.value(name), [offeredName(name)]: kit.value(offeredName(name)) }, name);
  return html`${textField({ lang: kit.lang, errors: kit.errors, name, errorKey, type: 'datetime-local', label: kit.t(label), value: moment.value, required: true })}${moment.hidden}`;
};
const text = (kit: FieldKit, name: string, label: Key, errorKey: string, options: { required?: boolean; hint?: string } = {}) =>
  textField({ lang: kit.lang, errors: kit.errors, name, errorKey, label: kit.t(label), value: kit.value(name), required: options.required ?? true, hint: options.hint });
const area = (kit: FieldKit, name: string, label: Key, errorKey: string, options: { required?: boolean; hint?: string } = {}) =>
  textArea({ lang: kit.lang, errors: kit.errors, name, errorKey, label: kit.t(label), value: kit.value(name), required: options.required ?? true, hint: options.hint, rows: 3 });
const select = (kit: FieldKit, name: string, label: Key, errorKey: string, codes: readonly string[], vocabulary: Vocabulary, required = true) =>
  selectField({ lang: kit.lang, errors: kit.errors, name, errorKey, label: kit.t(label), value: kit.value(name), required, placeholder: kit.t('choose'), choices: codes.map((code) => ({ value: code, label: labelOf(vocabulary, code, kit.lang) })) });
const number = (kit: FieldKit, name: string, label: Key, errorKey: string) =>
  textField({ lang: kit.lang, errors: kit.errors, name, errorKey, type: 'number', label: kit.t(label), value: kit.value(name) });
/** A choice that leaves the fact as it is unless one is picked (a correction changes only what is filled in). */
const unchangedOr = (kit: FieldKit, name: string, label: Key, errorKey: string, choices: readonly { value: string; label: string }[]) =>
  selectField({ lang: kit.lang, errors: kit.errors, name, errorKey, label: kit.t(label), value: kit.value(name), unmarked: true, placeholder: kit.t('unchanged'), choices });
const radios = (kit: FieldKit, name: string, label: Key, errorKey: string, codes: readonly string[], vocabulary: Vocabulary, fallback?: string) =>
  choiceGroup({ lang: kit.lang, errors: kit.errors, name, errorKey, type: 'radio', label: kit.t(label), values: [kit.value(name) ?? fallback ?? ''], choices: codes.map((code) => ({ value: code, label: labelOf(vocabulary, code, kit.lang) })) });
const checks = (kit: FieldKit, name: string, label: Key, errorKey: string, codes: readonly string[], vocabulary: Vocabulary) =>
  choiceGroup({ lang: kit.lang, errors: kit.errors, name, errorKey, type: 'checkbox', label: kit.t(label), values: kit.values(name), choices: codes.map((code) => ({ value: code, label: labelOf(vocabulary, code, kit.lang) })) });
const yesNo = (kit: FieldKit, name: string, label: Key, errorKey: string, fallback: string) =>
  choiceGroup({ lang: kit.lang, errors: kit.errors, name, errorKey, type: 'radio', label: kit.t(label), values: [kit.value(name) ?? fallback], choices: [{ value: 'true', label: kit.t('yes') }, { value: 'false', label: kit.t('no') }] });
const group = (legend: string, content: Html, hint?: string) =>
  html`<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset"><legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${legend}</legend>${hint ? html`<p class="utrecht-form-field__description">${hint}</p>` : ''}${content}</fieldset>`;

/** The late-reason fields (a code and its explanation), under the given names. */
export function lateReasonFields(kit: FieldKit, prefix: string, legend: string, hint?: string): Html {
  return group(
    legend,
    html`${select(kit, `${prefix}Code`, 'lateReasonCode', 'lateReason.code', LATE_REASON_CODES, 'lateReason', false)}
    ${area(kit, `${prefix}Explanation`, 'lateReasonExplanation', 'lateReason.explanation', { required: false })}`,
    hint,
  );
}

export const DOSSIER_ACTIONS: readonly DossierAction[] = [
  {
    slug: 'dpo-notification',
    permission: 'inform-dpo',
    endpoint: '/dpo-notifications',
    title: 'dpoTitle',
    submit: 'dpoSubmit',
    done: 'dpoDone',
    offered: (state) => !state.erased && !state.dpoInformed,
    fields: (kit) => html`${timeField(kit, 'informedAt', 'informedAt', 'informedAt')}${text(kit, 'informedBy', 'informedBy', 'informedBy')}`,
    body: dpoNotificationOf,
  },
  {
    slug: 'dpo-advice',
    permission: 'give-dpo-advice',
    endpoint: '/dpo-advice',
    title: 'adviceTitle',
    submit: 'adviceSubmit',
    done: 'adviceDone',
    offered: (state) => !state.erased && state.dpoInformed,
    fields: (kit) => html`${area(kit, 'advice', 'advice', 'advice')}${timeField(kit, 'advisedAt', 'advisedAt', 'advisedAt')}`,
    body: dpoAdviceOf,
  },
  {
    slug: 'assessment',
    permission: 'assess-breach',
    endpoint: '/assessments',
    title: 'assessTitle',
    submit: 'assessSubmit',
    done: 'assessDone',
    offered: (state) => !state.closed,
    fields: (kit) => html`${timeField(kit, 'assessedAt', 'assessedAt', 'assessedAt')}
      ${radios(kit, 'risk', 'risk', 'risk', RISK_LEVELS, 'riskLevel')}
      ${select(kit, 'severity', 'severity', 'severity', SEVERITIES, 'severity')}
      ${yesNo(kit, 'reportable', 'reportable', 'reportable', 'true')}
      ${yesNo(kit, 'notifyDataSubjects', 'notifyDataSubjects', 'notifyDataSubjects', 'false')}
      ${area(kit, 'rationale', 'rationale', 'rationale', { required: false, hint: kit.t('rationaleHint') })}`,
    body: assessmentOf,
  },
  {
    slug: 'ap-report',
    permission: 'report-breach-to-ap',
    endpoint: '/ap-reports',
    title: 'reportTitle',
    submit: 'reportSubmit',
    done: 'reportDone',
    offered: (state) => !state.closed && !state.standingReport && state.reportable !== false,
    fields: (kit) => html`${timeField(kit, 'reportedAt', 'reportedAt', 'reportedAt')}
      ${text(kit, 'apReference', 'apReference', 'apReference', { hint: kit.t('apReferenceHint') })}
      ${radios(kit, 'phase', 'phase', 'phase', REPORT_PHASES, 'reportPhase', 'final')}
      ${lateReasonFields(kit, 'lateReason', kit.t('lateReason'), kit.t('lateReasonHint'))}`,
    body: apReportOf,
  },
  {
    slug: 'notification-details',
    permission: 'record-notification-details',
    endpoint: '/notification-details',
    title: 'detailsTitle',
    submit: 'detailsSubmit',
    done: 'detailsDone',
    offered: (state) => !state.closed && !state.erased && state.reportable !== false,
    fields: (kit, dossier) => html`<p class="utrecht-paragraph">${kit.t('detailsIntro')}</p>
      ${group(kit.t('contact'), html`${text(kit, 'contactName', 'contactName', 'contact.name', { required: false })}${text(kit, 'contactJobTitle', 'contactJobTitle', 'contact.jobTitle', { required: false })}${text(kit, 'contactPhone', 'contactPhone', 'contact.phone', { required: false })}${text(kit, 'contactEmail', 'contactEmail', 'contact.email', { required: false })}`)}
      ${checks(kit, 'dataSubjectCategories', 'dataSubjectCategories', 'dataSubjectCategories', DATA_SUBJECT_CATEGORIES, 'dataSubjectCategory')}
      ${area(kit, 'dataSubjectCategoriesExplanation', 'dataSubjectCategoriesExplanation', 'dataSubjectCategoriesExplanation', { required: false })}
      ${group(kit.t('recordCount'), html`${radios(kit, 'recordCountKind', 'recordCountKind', 'recordCount.kind', ['exact', 'range', 'unknown'], 'dataSubjectCountKind')}${number(kit, 'recordCountExact', 'recordCountExact', 'recordCount.count')}${number(kit, 'recordCountMin', 'recordCountMin', 'recordCount.min')}${number(kit, 'recordCountMax', 'recordCountMax', 'recordCount.max')}`)}
      ${dossier.facts.discovery.value.processor ? group(kit.t('processorNotification'), html`${select(kit, 'processorChannel', 'processorChannel', 'processorNotification.channel', NOTIFICATION_CHANNELS, 'notificationChannel', false)}${area(kit, 'processorExplanation', 'processorExplanation', 'processorNotification.explanation', { required: false })}`) : ''}
      ${checks(kit, 'likelyConsequences', 'likelyConsequences', 'likelyConsequences', LIKELY_CONSEQUENCES, 'likelyConsequence')}
      ${area(kit, 'consequencesExplanation', 'consequencesExplanation', 'consequencesExplanation', { required: false })}
      ${area(kit, 'measuresBeforeBreach', 'measuresBeforeBreach', 'measuresBeforeBreach', { required: false })}
      ${group(kit.t('protection'), html`${radios(kit, 'protectionAnswer', 'protectionAnswer', 'protection.answer', PROTECTION_ANSWERS, 'protectionAnswer')}${checks(kit, 'protectionMethods', 'protectionMethods', 'protection.methods', PROTECTION_METHODS, 'protectionMethod')}${area(kit, 'protectionDescription', 'protectionDescription', 'protection.description', { required: false })}`)}
      ${group(kit.t('crossBorder'), html`${radios(kit, 'otherStatesAffected', 'otherStatesAffected', 'crossBorder.otherStatesAffected', YES_NO_UNKNOWN, 'yesNoUnknown')}${text(kit, 'otherStates', 'otherStates', 'crossBorder.states', { required: false })}${text(kit, 'leadAuthority', 'leadAuthority', 'crossBorder.leadAuthority', { required: false })}`)}
      ${group(kit.t('communication'), html`${area(kit, 'communicationText', 'communicationText', 'dataSubjectCommunication.text', { required: false })}${checks(kit, 'communicationChannels', 'communicationChannels', 'dataSubjectCommunication.channels', NOTIFICATION_CHANNELS, 'notificationChannel')}`)}`,
    body: notificationDetailsOf,
  },
  {
    slug: 'supplement',
    permission: 'supplement-breach-report',
    endpoint: '/ap-report-supplements',
    title: 'supplementTitle',
    submit: 'supplementSubmit',
    done: 'supplementDone',
    offered: (state) => !state.closed && state.standingReport,
    fields: (kit) => html`${timeField(kit, 'supplementedAt', 'supplementedAt', 'supplementedAt')}${area(kit, 'changes', 'changes', 'changes')}${radios(kit, 'supplementPhase', 'phase', 'phase', REPORT_PHASES, 'reportPhase', 'final')}`,
    body: supplementOf,
  },
  {
    slug: 'withdrawal',
    permission: 'withdraw-breach-report',
    endpoint: '/ap-report-withdrawals',
    title: 'withdrawTitle',
    submit: 'withdrawSubmit',
    done: 'withdrawDone',
    offered: (state) => !state.closed && state.standingReport,
    fields: (kit) => html`${timeField(kit, 'withdrawnAt', 'withdrawnAt', 'withdrawnAt')}${radios(kit, 'withdrawalGround', 'withdrawalGround', 'ground', WITHDRAWAL_GROUNDS, 'withdrawalGround')}${area(kit, 'withdrawalReason', 'withdrawalReason', 'reason')}`,
    body: withdrawalOf,
  },
  {
    slug: 'data-subject-notification',
    permission: 'notify-data-subjects',
    endpoint: '/data-subject-notifications',
    title: 'notifyTitle',
    submit: 'notifySubmit',
    done: 'notifyDone',
    offered: (state) => !state.closed && state.highRisk && !state.standingWaiver,
    fields: (kit) => html`${timeField(kit, 'notifiedAt', 'notifiedAt', 'notifiedAt')}${textField({ lang: kit.lang, errors: kit.errors, name: 'notifiedCount', errorKey: 'count', type: 'number', label: kit.t('notifiedCount'), value: kit.value('notifiedCount'), required: true })}${select(kit, 'notifiedChannel', 'notifiedChannel', 'channel', NOTIFICATION_CHANNELS, 'notificationChannel')}`,
    body: dataSubjectNotificationOf,
  },
  {
    slug: 'waiver',
    permission: 'waive-data-subject-notification',
    endpoint: '/data-subject-notification-waivers',
    title: 'waiverTitle',
    submit: 'waiverSubmit',
    done: 'waiverDone',
    offered: (state) => !state.closed && state.highRisk && !state.standingWaiver,
    fields: (kit) => html`${timeField(kit, 'waivedAt', 'waivedAt', 'waivedAt')}${radios(kit, 'waiverGround', 'waiverGround', 'ground', WAIVER_GROUNDS, 'waiverGroundLegal')}${area(kit, 'waiverExplanation', 'waiverExplanation', 'explanation')}${area(kit, 'publicCommunication', 'publicCommunication', 'publicCommunication', { required: false, hint: kit.t('publicCommunicationHint') })}`,
    body: waiverOf,
  },
  {
    slug: 'waiver-revocation',
    permission: 'revoke-data-subject-notification-waiver',
    endpoint: '/data-subject-notification-waiver-revocations',
    title: 'revokeTitle',
    submit: 'revokeSubmit',
    done: 'revokeDone',
    offered: (state) => !state.closed && state.standingWaiver,
    fields: (kit) => html`${timeField(kit, 'revokedAt', 'revokedAt', 'revokedAt')}${radios(kit, 'revocationCause', 'revocationCause', 'cause', WAIVER_REVOCATION_CAUSES, 'waiverRevocationCause')}${area(kit, 'revocationReason', 'revocationReason', 'reason')}`,
    body: waiverRevocationOf,
  },
  {
    slug: 'root-cause',
    permission: 'record-root-cause',
    endpoint: '/root-causes',
    title: 'rootCauseTitle',
    submit: 'rootCauseSubmit',
    done: 'rootCauseDone',
    offered: (state) => !state.closed,
    fields: (kit) => html`${select(kit, 'rootCauseCategory', 'rootCauseCategory', 'category', ROOT_CAUSE_CATEGORIES, 'rootCauseCategory')}${area(kit, 'rootCauseDescription', 'rootCauseDescription', 'description')}`,
    body: rootCauseOf,
  },
  {
    slug: 'measure',
    permission: 'take-measure',
    endpoint: '/measures',
    title: 'measureTitle',
    submit: 'measureSubmit',
    done: 'measureDone',
    offered: (state) => !state.closed,
    fields: (kit) => html`${area(kit, 'measureDescription', 'measureDescription', 'description')}${radios(kit, 'measurePurpose', 'measurePurpose', 'purpose', MEASURE_PURPOSES, 'measurePurpose')}${timeField(kit, 'takenAt', 'takenAt', 'takenAt')}`,
    body: measureOf,
  },
  {
    slug: 'late-reason-verdict',
    permission: 'assess-late-reason',
    endpoint: '/late-reason-verdicts',
    title: 'verdictTitle',
    submit: 'verdictSubmit',
    done: 'verdictDone',
    offered: (state) => !state.erased && state.lateReasonToJudge,
    fields: (kit) => html`${radios(kit, 'verdict', 'verdict', 'verdict', LATE_REASON_VERDICTS, 'verdict')}${area(kit, 'verdictComment', 'verdictComment', 'comment')}${timeField(kit, 'verdictAt', 'verdictAt', 'assessedAt')}`,
    body: lateReasonVerdictOf,
  },
  {
    slug: 'correction',
    permission: 'correct-breach-details',
    endpoint: '/corrections',
    title: 'correctTitle',
    submit: 'correctSubmit',
    done: 'correctDone',
    offered: (state) => !state.erased,
    fields: (kit, dossier) => {
      const optional = { required: false };
      const time = (name: string, label: Key, field: string) => textField({ lang: kit.lang, errors: kit.errors, name, errorKey: `corrections.${field}`, type: 'datetime-local', label: kit.t(label), value: kit.value(name) });
      return html`<p class="utrecht-paragraph">${kit.t('correctIntro')}</p>
        ${text(kit, 'correctTitle', 'correctTitleField', 'corrections.title', optional)}
        ${area(kit, 'correctDescription', 'correctDescription', 'corrections.description', optional)}
        ${selectField({ lang: kit.lang, errors: kit.errors, name: 'correctDienst', errorKey: 'corrections.dienst', label: kit.t('correctDienst'), value: kit.value('correctDienst'), placeholder: kit.t('choose'), choices: kit.context.diensten.map((dienst) => ({ value: dienst.code, label: dienst.name })) })}
        ${select(kit, 'correctIncidentKind', 'correctIncidentKind', 'corrections.incidentKind', INCIDENT_KINDS, 'incidentKind', false)}
        ${time('correctAwareAt', 'correctAwareAt', 'awareAt')}
        ${time('correctOccurredFrom', 'correctOccurredFrom', 'occurredFrom')}
        ${time('correctOccurredTo', 'correctOccurredTo', 'occurredTo')}
        ${dossier.facts.discovery.value.processor ? time('correctProcessorInformedAt', 'correctProcessorInformedAt', 'processorInformedAt') : ''}
        ${checks(kit, 'correctCiaAspects', 'correctCiaAspects', 'corrections.ciaAspects', CIA_ASPECTS, 'ciaAspect')}
        ${area(kit, 'correctDataCategories', 'correctDataCategories', 'corrections.dataCategories', optional)}
        ${group(kit.t('correctFlags'), html`${(['correctSpecialCategories', 'correctBsn', 'correctCriminalData', 'correctEncrypted'] as const).map((name) => unchangedOr(kit, name, name, `corrections.${CORRECTION_FLAGS[name]}`, [{ value: 'true', label: kit.t('yes') }, { value: 'false', label: kit.t('no') }]))}`)}
        ${unchangedOr(kit, 'correctRegime', 'correctRegime', 'corrections.regime', REGIMES.map((regime) => ({ value: regime, label: labelOf('regime', regime, kit.lang) })))}
        ${group(kit.t('correctDataSubjects'), html`${unchangedOr(kit, 'correctDataSubjectsKind', 'correctDataSubjectsKind', 'corrections.dataSubjects.kind', (['exact', 'range', 'unknown'] as const).map((kind) => ({ value: kind, label: labelOf('dataSubjectCountKind', kind, kit.lang) })))}${number(kit, 'correctDataSubjectsCount', 'correctDataSubjectsCount', 'corrections.dataSubjects.count')}${number(kit, 'correctDataSubjectsMin', 'correctDataSubjectsMin', 'corrections.dataSubjects.min')}${number(kit, 'correctDataSubjectsMax', 'correctDataSubjectsMax', 'corrections.dataSubjects.max')}`)}
        ${dossier.apReports.length > 0 ? html`${time('correctReportedAt', 'correctReportedAt', 'reportedAt')}${text(kit, 'correctApReference', 'correctApReference', 'corrections.apReference', optional)}` : ''}
        ${area(kit, 'correctionReason', 'correctionReason', 'reason')}
        ${dossier.apReports.length > 0 ? lateReasonFields(kit, 'correctionLateReason', kit.t('correctionLateReason')) : ''}`;
    },
    body: correctionOf,
  },
  {
    slug: 'recommendation-link',
    permission: 'link-breach-to-recommendation',
    endpoint: '/recommendation-links',
    title: 'linkTitle',
    submit: 'linkSubmit',
    done: 'linkDone',
    offered: () => true,
    fields: (kit) => html`${text(kit, 'auditId', 'auditId', 'auditId', { hint: kit.t('idHint') })}${text(kit, 'recommendationId', 'recommendationId', 'recommendationId')}${radios(kit, 'relation', 'relation', 'relation', RECOMMENDATION_RELATIONS, 'recommendationRelation')}${timeField(kit, 'linkedAt', 'linkedAt', 'linkedAt')}`,
    body: recommendationLinkOf,
  },
  {
    slug: 'personal-data-erasure',
    permission: 'erase-personal-data',
    endpoint: '/personal-data-erasure',
    title: 'eraseTitle',
    submit: 'eraseSubmit',
    done: 'eraseDone',
    offered: (state) => state.closed && !state.erased,
    fields: (kit) => html`<div class="utrecht-alert utrecht-alert--warning"><p class="utrecht-alert__message">${kit.t('eraseWarning')}</p></div>${text(kit, 'erasureReason', 'eraseReason', 'reason')}`,
    body: erasureOf,
  },
  {
    slug: 'closure',
    permission: 'close-breach',
    endpoint: '/closure',
    title: 'closeTitle',
    submit: 'closeSubmit',
    done: 'closeDone',
    offered: (state) => !state.closed && state.assessed,
    fields: (kit) => html`${timeField(kit, 'closedAt', 'closedAt', 'closedAt')}${area(kit, 'closureSummary', 'closureSummary', 'summary')}`,
    body: closureOf,
  },
];

/** The actions the signed-in person may take next on this breach, as its state stands. */
export function actionsFor(context: PageContext, dossier: BreachDossier): readonly DossierAction[] {
  const state = stateOf(dossier);
  return DOSSIER_ACTIONS.filter((action) => context.can(action.permission) && action.offered(state));
}

/** The API's field errors; a refusal that names a field without a pointer (a late report without its reason) marks that field too. */
function errorsOf(lang: Lang, problem: ProblemDetails): FieldErrors {
  const errors = fieldErrors(lang, problem.errors);
  if (problem.code === 'late-report-requires-reason') return { ...errors, 'lateReason.code': textsIn(ACTION_TEXTS, lang)('lateReasonRequired') };
  return errors;
}

export function fieldKit(context: PageContext, form: FormBody, problem?: ProblemDetails): FieldKit {
  return {
    context,
    lang: context.lang,
    errors: problem ? errorsOf(context.lang, problem) : {},
    t: textsIn(ACTION_TEXTS, context.lang),
    value: (name) => formValue(form, name),
    values: (name) => formValues(form, name),
  };
}

/** An action's form, posting to its own page; a refusal's field errors show at their fields (the page shows the refusal itself at its top). */
export function actionForm(context: PageContext, breachId: string, action: DossierAction, dossier: BreachDossier, form: FormBody = {}, problem?: ProblemDetails, hidden: Html = html``): Html {
  const kit = fieldKit(context, form, problem);
  return html`<form method="post" action="/app/breaches/${breachId}/${action.slug}" class="pl-form" novalidate>
      ${formGuards(context, randomUUID())}${hidden}
      ${action.fields(kit, dossier)}
      ${submitButton(kit.t(action.submit))}
    </form>`;
}
