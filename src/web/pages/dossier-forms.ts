import type { ProblemDetails } from '../../http/problem-details.js';
import { formNumber, formText, formValue, formValues, type FormBody } from '../forms.js';
import { fromLocalInput, type Lang } from '../i18n/texts.js';

/**
 * The request bodies of the breach commands, shaped from the dossier's form fields. Pure: the
 * API validates every value (a field left empty is left out, so the API says it is required);
 * these functions only put the fields where the request DTOs expect them.
 */

/** A datetime-local field (Amsterdam wall time) as UTC ISO-8601; a value that is no such time is passed on as typed, for the API to refuse. */
export function localTime(body: FormBody, name: string): string | undefined {
  const text = formText(body, name);
  return text === undefined ? undefined : (fromLocalInput(text) ?? text);
}

/** A yes/no radio group: true, false, or the value as sent (the API refuses anything else). */
export function formBoolean(body: FormBody, name: string): boolean | string | undefined {
  const value = formText(body, name);
  return value === 'true' ? true : value === 'false' ? false : value;
}

/** A late reason (code + explanation), or null when neither is given: the domain then decides whether one was needed. */
export function lateReasonOf(body: FormBody, codeField: string, explanationField: string): { code: string | undefined; explanation: string | undefined } | null {
  const code = formText(body, codeField);
  const explanation = formText(body, explanationField);
  return code === undefined && explanation === undefined ? null : { code, explanation };
}

export const dpoNotificationOf = (body: FormBody) => ({ informedAt: localTime(body, 'informedAt'), informedBy: formText(body, 'informedBy') });

export const dpoAdviceOf = (body: FormBody) => ({ advice: formText(body, 'advice'), advisedAt: localTime(body, 'advisedAt') });

export const assessmentOf = (body: FormBody) => ({
  assessedAt: localTime(body, 'assessedAt'),
  risk: formText(body, 'risk'),
  severity: formText(body, 'severity'),
  reportable: formBoolean(body, 'reportable'),
  notifyDataSubjects: formBoolean(body, 'notifyDataSubjects'),
  rationale: formText(body, 'rationale') ?? null,
});

/** The filing: with the prepared form's version it was checked against, and the reason for a delay when one is given. */
export function apReportOf(body: FormBody): Record<string, unknown> {
  const revision = formNumber(body, 'formRevision');
  const sha256 = formText(body, 'formSha256');
  return {
    reportedAt: localTime(body, 'reportedAt'),
    apReference: formText(body, 'apReference'),
    phase: formText(body, 'phase'),
    lateReason: lateReasonOf(body, 'lateReasonCode', 'lateReasonExplanation'),
    ...(revision !== undefined && sha256 !== undefined ? { apNotification: { revision, sha256 } } : {}),
  };
}

export const supplementOf = (body: FormBody) => ({ supplementedAt: localTime(body, 'supplementedAt'), changes: formText(body, 'changes'), phase: formText(body, 'supplementPhase') });

export const withdrawalOf = (body: FormBody) => ({ withdrawnAt: localTime(body, 'withdrawnAt'), ground: formText(body, 'withdrawalGround'), reason: formText(body, 'withdrawalReason') });

export const dataSubjectNotificationOf = (body: FormBody) => ({ notifiedAt: localTime(body, 'notifiedAt'), count: formNumber(body, 'notifiedCount'), channel: formText(body, 'notifiedChannel') });

export const waiverOf = (body: FormBody) => ({
  waivedAt: localTime(body, 'waivedAt'),
  ground: formText(body, 'waiverGround'),
  explanation: formText(body, 'waiverExplanation'),
  publicCommunication: formText(body, 'publicCommunication') ?? null,
});

export const waiverRevocationOf = (body: FormBody) => ({ revokedAt: localTime(body, 'revokedAt'), cause: formText(body, 'revocationCause'), reason: formText(body, 'revocationReason') });

export const rootCauseOf = (body: FormBody) => ({ category: formText(body, 'rootCauseCategory'), description: formText(body, 'rootCauseDescription') });

export const measureOf = (body: FormBody) => ({ description: formText(body, 'measureDescription'), purpose: formText(body, 'measurePurpose'), takenAt: localTime(body, 'takenAt') });

export const lateReasonVerdictOf = (body: FormBody) => ({ verdict: formText(body, 'verdict'), comment: formText(body, 'verdictComment'), assessedAt: localTime(body, 'verdictAt') });

export const recommendationLinkOf = (body: FormBody) => ({ auditId: formText(body, 'auditId'), recommendationId: formText(body, 'recommendationId'), relation: formText(body, 'relation'), linkedAt: localTime(body, 'linkedAt') });

export const erasureOf = (body: FormBody) => ({ reason: formText(body, 'erasureReason') });

export const closureOf = (body: FormBody) => ({ closedAt: localTime(body, 'closedAt'), summary: formText(body, 'closureSummary') });

/** The correctable facts the form offers, by form field; only the fields filled in are corrected. */
export const CORRECTION_FIELDS = {
  correctTitle: { field: 'title', kind: 'text' },
  correctDescription: { field: 'description', kind: 'text' },
  correctDienst: { field: 'dienst', kind: 'text' },
  correctIncidentKind: { field: 'incidentKind', kind: 'text' },
  correctAwareAt: { field: 'awareAt', kind: 'time' },
  correctOccurredFrom: { field: 'occurredFrom', kind: 'time' },
  correctOccurredTo: { field: 'occurredTo', kind: 'time' },
  correctProcessorInformedAt: { field: 'processorInformedAt', kind: 'time' },
  correctReportedAt: { field: 'reportedAt', kind: 'time' },
  correctApReference: { field: 'apReference', kind: 'text' },
} as const;

export function correctionOf(body: FormBody): Record<string, unknown> {
  const corrections: Record<string, unknown> = {};
  for (const [name, { field, kind }] of Object.entries(CORRECTION_FIELDS)) {
    const value = kind === 'time' ? localTime(body, name) : formText(body, name);
    if (value !== undefined) corrections[field] = value;
  }
  return { corrections, reason: formText(body, 'correctionReason'), lateReason: lateReasonOf(body, 'correctionLateReasonCode', 'correctionLateReasonExplanation') };
}

const list = (text: string | undefined): string[] =>
  [...new Set((text ?? '').split(/[\n,;\s]+/).map((item) => item.trim().toUpperCase()).filter(Boolean))];

/**
 * The AP form's answers beyond the registration. A group left entirely empty is left out (its
 * earlier answer stays); a group partly filled is sent as filled, so the API names what is missing.
 */
export function notificationDetailsOf(body: FormBody): Record<string, unknown> {
  const details: Record<string, unknown> = {};
  const categories = formValues(body, 'dataSubjectCategories');
  if (categories.length > 0) details.dataSubjectCategories = categories;
  const categoriesExplanation = formText(body, 'dataSubjectCategoriesExplanation');
  if (categoriesExplanation !== undefined) details.dataSubjectCategoriesExplanation = categoriesExplanation;
  const consequences = formValues(body, 'likelyConsequences');
  if (consequences.length > 0) details.likelyConsequences = consequences;
  const consequencesExplanation = formText(body, 'consequencesExplanation');
  if (consequencesExplanation !== undefined) details.consequencesExplanation = consequencesExplanation;
  const contact = { name: formText(body, 'contactName'), jobTitle: formText(body, 'contactJobTitle'), phone: formText(body, 'contactPhone'), email: formText(body, 'contactEmail') ?? null };
  if (contact.name !== undefined || contact.jobTitle !== undefined || contact.phone !== undefined || contact.email !== null) details.contact = contact;
  const measuresBeforeBreach = formText(body, 'measuresBeforeBreach');
  if (measuresBeforeBreach !== undefined) details.measuresBeforeBreach = measuresBeforeBreach;
  const protectionAnswer = formText(body, 'protectionAnswer');
  const protectionMethods = formValues(body, 'protectionMethods');
  const protectionDescription = formText(body, 'protectionDescription');
  if (protectionAnswer !== undefined || protectionMethods.length > 0 || protectionDescription !== undefined) {
    details.protection = { answer: protectionAnswer, methods: protectionMethods, description: protectionDescription ?? null };
  }
  const otherStates = formText(body, 'otherStatesAffected');
  const states = list(formValue(body, 'otherStates'));
  const leadAuthority = formText(body, 'leadAuthority');
  if (otherStates !== undefined || states.length > 0 || leadAuthority !== undefined) details.crossBorder = { otherStatesAffected: otherStates, states, leadAuthority: leadAuthority ?? null };
  const communicationText = formText(body, 'communicationText');
  const communicationChannels = formValues(body, 'communicationChannels');
  if (communicationText !== undefined || communicationChannels.length > 0) details.dataSubjectCommunication = { text: communicationText, channels: communicationChannels };
  return details;
}

/** The breach domain's refusals (README, "Refusals") in Dutch and English, by their stable code. */
export const BREACH_REFUSALS: Readonly<Record<string, { readonly nl: string; readonly en: string }>> = {
  'breach-not-found': { nl: 'Dit datalek bestaat niet.', en: 'This breach does not exist.' },
  forbidden: { nl: 'Uw rol mag dit datalek niet inzien of dit niet doen. De AP ziet alleen datalekken binnen een lopend onderzoek.', en: 'Your role may not see this breach or do this. The AP sees only breaches within an open inquiry.' },
  'unknown-dienst': { nl: 'Deze dienst is niet bekend.', en: 'This dienst is not known.' },
  'time-in-future': { nl: 'Dit tijdstip ligt in de toekomst.', en: 'This time lies in the future.' },
  'time-out-of-order': { nl: 'Dit tijdstip ligt vóór een eerder vastgelegd moment waar het niet vóór mag liggen.', en: 'This time lies before a recorded moment it may not precede.' },
  'breach-closed': { nl: 'Het datalek is afgesloten: dit kan niet meer.', en: 'The breach is closed: this is no longer possible.' },
  'informant-required': { nl: 'Vul in wie de FG informeerde.', en: 'Fill in who informed the DPO.' },
  'advice-required': { nl: 'Vul het advies in.', en: 'Fill in the advice.' },
  'dpo-not-informed': { nl: 'De FG is nog niet geïnformeerd over dit datalek.', en: 'The DPO has not been informed of this breach yet.' },
  'risk-requires-report': { nl: 'Bij (hoog) risico moet het datalek gemeld worden (art. 33 lid 1 AVG).', en: 'With a (high) risk the breach must be reported (GDPR Art. 33(1)).' },
  'notification-requires-high-risk': { nl: 'Betrokkenen informeren is alleen nodig bij een hoog risico (art. 34 lid 1 AVG).', en: 'Informing data subjects requires a high risk (GDPR Art. 34(1)).' },
  'not-reportable-requires-rationale': { nl: 'Leg uit waarom het datalek niet gemeld hoeft te worden (art. 33 lid 5 AVG).', en: 'Explain why the breach need not be reported (GDPR Art. 33(5)).' },
  'high-risk-without-notification-requires-rationale': { nl: 'Leg uit waarom de betrokkenen bij een hoog risico niet geïnformeerd worden.', en: 'Explain why the data subjects are not informed despite the high risk.' },
  'report-not-withdrawn': { nl: 'Er staat een melding bij de AP: trek die eerst in.', en: 'A report to the AP stands: withdraw it first.' },
  'already-reported': { nl: 'Het datalek is al gemeld: vul de melding aan in plaats van opnieuw te melden.', en: 'The breach is already reported: supplement the report instead.' },
  'ap-reference-already-used': { nl: 'Dit meldnummer is al gebruikt bij een eerdere melding.', en: 'This report number was used by an earlier filing.' },
  'processor-informed-at-requires-processor': { nl: 'Geen verwerker meldde dit datalek: er is geen moment van melden door een verwerker.', en: 'No processor reported this breach.' },
  'assessed-not-reportable': { nl: 'Het datalek is beoordeeld als niet meldplichtig: beoordeel het eerst opnieuw.', en: 'The breach was assessed as not reportable: reassess it first.' },
  'late-report-requires-reason': { nl: 'De melding komt na de termijn van 72 uur: geef de reden van de vertraging (art. 33 lid 1 AVG).', en: 'The report comes after the 72-hour deadline: give the reason for the delay (GDPR Art. 33(1)).' },
  'report-not-late': { nl: 'De melding is niet te laat: een reden voor vertraging hoort er niet bij.', en: 'The report is not late: it takes no reason for delay.' },
  'late-reason-not-applicable': { nl: 'Een reden voor vertraging past hier niet (de eerste melding draagt die).', en: 'A reason for delay does not apply here (the first filing carries it).' },
  'not-reported': { nl: 'Het datalek is nog niet gemeld bij de AP.', en: 'The breach has not been reported to the AP.' },
  'report-withdrawn': { nl: 'De melding is ingetrokken: meld opnieuw in plaats daarvan.', en: 'The report was withdrawn: file it again instead.' },
  'report-already-final': { nl: 'De melding is al definitief en kan niet weer voorlopig worden.', en: 'The report is final already and cannot become preliminary.' },
  'supplement-requires-changes': { nl: 'Beschrijf wat er aangevuld wordt.', en: 'Describe what is supplemented.' },
  'withdrawal-requires-reason': { nl: 'Geef de reden van het intrekken.', en: 'Give the reason for the withdrawal.' },
  'notification-waived': { nl: 'Er is besloten de betrokkenen niet te informeren: trek dat besluit eerst in.', en: 'Informing the data subjects was waived: revoke the waiver first.' },
  'notification-not-waived': { nl: 'Er is geen besluit om de betrokkenen niet te informeren.', en: 'There is no waiver to revoke.' },
  'revocation-requires-reason': { nl: 'Geef de reden van het intrekken.', en: 'Give the reason for the revocation.' },
  'notification-required-by-ap': { nl: 'De AP eiste dat de betrokkenen geïnformeerd worden (art. 34 lid 4 AVG).', en: 'The AP required the data subjects to be informed (GDPR Art. 34(4)).' },
  'data-subjects-already-notified': { nl: 'De betrokkenen zijn al geïnformeerd.', en: 'The data subjects were informed already.' },
  'invalid-notification-count': { nl: 'Vul een aantal van ten minste 1 in.', en: 'Enter a number of at least 1.' },
  'waiver-requires-explanation': { nl: 'Licht het besluit toe.', en: 'Explain the waiver.' },
  'waiver-requires-public-communication': { nl: 'Bij onevenredige inspanning hoort een openbare mededeling (art. 34 lid 3 sub c AVG).', en: 'Disproportionate effort needs a public communication (GDPR Art. 34(3)(c)).' },
  'public-communication-not-applicable': { nl: 'Een openbare mededeling hoort alleen bij onevenredige inspanning.', en: 'A public communication belongs only to disproportionate effort.' },
  'root-cause-requires-description': { nl: 'Beschrijf de oorzaak (of waarom die niet te vinden is).', en: 'Describe the cause (or why it cannot be found).' },
  'measure-requires-description': { nl: 'Beschrijf de maatregel.', en: 'Describe the measure.' },
  'measure-already-recorded': { nl: 'Deze maatregel is al vastgelegd.', en: 'This measure is recorded already.' },
  'no-late-reason': { nl: 'Deze te late melding heeft geen vastgelegde reden om te beoordelen.', en: 'This late report has no recorded reason to judge.' },
  'verdict-requires-comment': { nl: 'Licht het oordeel toe.', en: 'Explain the verdict.' },
  'correction-requires-reason': { nl: 'Geef de reden van de correctie.', en: 'Give the reason for the correction.' },
  'nothing-to-correct': { nl: 'Vul ten minste één gegeven in om te corrigeren.', en: 'Fill in at least one detail to correct.' },
  'field-corrected-twice': { nl: 'Een gegeven staat twee keer in de correctie.', en: 'A detail appears twice in the correction.' },
  'correction-changes-nothing': { nl: 'De correctie verandert niets: de waarde is al zo vastgelegd.', en: 'The correction changes nothing: the value is recorded so already.' },
  'not-assessed': { nl: 'Het datalek is nog niet beoordeeld.', en: 'The breach has not been assessed.' },
  'data-subjects-not-notified': { nl: 'De betrokkenen moeten eerst geïnformeerd worden, of leg vast waarom dat niet hoeft.', en: 'Inform the data subjects first, or record why that is not needed.' },
  'closure-requires-summary': { nl: 'Vat de afhandeling samen.', en: 'Summarise the handling.' },
  'closure-requires-root-cause': { nl: 'Leg eerst de oorzaak vast (of dat die onbekend is, met de reden) voordat u afsluit.', en: 'Record the root cause (or that it is unknown, with why) before closing.' },
  'personal-data-erased': { nl: 'De persoonsgegevens van dit datalek zijn gewist: dit kan niet meer.', en: 'The personal data of this breach was erased: this is no longer possible.' },
  'notification-details-empty': { nl: 'Vul ten minste één antwoord in.', en: 'Fill in at least one answer.' },
  'data-subject-categories-contradict': { nl: '“Nog onbekend” kan niet naast bekende groepen betrokkenen staan.', en: '“Not yet known” cannot stand beside known groups.' },
  'invalid-record-count-range': { nl: 'Het minimum is groter dan het maximum.', en: 'The minimum exceeds the maximum.' },
  'cross-border-states-required': { nl: 'Noem de andere EU/EER-landen.', en: 'Name the other EU/EEA states.' },
  'cross-border-not-applicable': { nl: 'Landen of een leidende toezichthouder horen alleen bij “Ja”.', en: 'States or a lead authority belong only with “Yes”.' },
  'no-processor': { nl: 'Geen verwerker meldde dit datalek.', en: 'No processor reported this breach.' },
  'protection-methods-required': { nl: 'Kies bij “Ja” of “Gedeeltelijk” ten minste één manier.', en: 'With “Yes” or “Partly”, choose at least one method.' },
  'protection-methods-not-applicable': { nl: 'Bij “Nee” of “Onbekend” hoort geen manier.', en: 'With “No” or “Unknown”, choose no method.' },
  'ap-notification-version-unknown': { nl: 'Het AP-formulier is intussen veranderd: open het opnieuw en controleer het.', en: 'The AP form changed meanwhile: open it again and check it.' },
  'breach-open': { nl: 'Het datalek is nog in behandeling: wis de persoonsgegevens pas na het afsluiten.', en: 'The breach is still being handled: erase its personal data only after closure.' },
  'erasure-requires-reason': { nl: 'Geef de reden van het wissen.', en: 'Give the reason for the erasure.' },
  'personal-data-already-erased': { nl: 'De persoonsgegevens van dit datalek zijn al gewist.', en: 'The personal data of this breach was erased already.' },
  'recommendation-not-found': { nl: 'Deze audit heeft geen aanbeveling met dit kenmerk.', en: 'The audit holds no recommendation with this id.' },
  'recommendation-already-linked': { nl: 'Het datalek is al aan deze aanbeveling gekoppeld.', en: 'The breach is linked to this recommendation already.' },
  'revision-conflict': { nl: 'Het datalek is intussen gewijzigd: laad de pagina opnieuw.', en: 'The breach changed meanwhile: reload the page.' },
  'idempotency-key-reused': { nl: 'Dit formulier is al verstuurd met andere waarden: laad de pagina opnieuw.', en: 'This form was sent already with other values: reload the page.' },
};

/** A refusal with the breach domain's text in the page's language (the code itself stays beside it). */
export function inLanguage(lang: Lang, problem: ProblemDetails): ProblemDetails {
  const known = BREACH_REFUSALS[problem.code];
  return known ? { ...problem, detail: known[lang] } : problem;
}
