import { formNumber, formText, formValue, formValues, momentOf, type FormBody } from '../forms.js';

/**
 * The request bodies of the breach commands, shaped from the dossier's form fields. Pure: the
 * API validates every value (a field left empty is left out, so the API says it is required);
 * these functions only put the fields where the request DTOs expect them.
 */

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

export const dpoNotificationOf = (body: FormBody) => ({ informedAt: momentOf(body, 'informedAt'), informedBy: formText(body, 'informedBy') });

export const dpoAdviceOf = (body: FormBody) => ({ advice: formText(body, 'advice'), advisedAt: momentOf(body, 'advisedAt') });

export const assessmentOf = (body: FormBody) => ({
  assessedAt: momentOf(body, 'assessedAt'),
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
    reportedAt: momentOf(body, 'reportedAt'),
    apReference: formText(body, 'apReference'),
    phase: formText(body, 'phase'),
    lateReason: lateReasonOf(body, 'lateReasonCode', 'lateReasonExplanation'),
    ...(revision !== undefined && sha256 !== undefined ? { apNotification: { revision, sha256 } } : {}),
  };
}

export const supplementOf = (body: FormBody) => ({ supplementedAt: momentOf(body, 'supplementedAt'), changes: formText(body, 'changes'), phase: formText(body, 'supplementPhase') });

export const withdrawalOf = (body: FormBody) => ({ withdrawnAt: momentOf(body, 'withdrawnAt'), ground: formText(body, 'withdrawalGround'), reason: formText(body, 'withdrawalReason') });

export const dataSubjectNotificationOf = (body: FormBody) => ({ notifiedAt: momentOf(body, 'notifiedAt'), count: formNumber(body, 'notifiedCount'), channel: formText(body, 'notifiedChannel') });

export const waiverOf = (body: FormBody) => ({
  waivedAt: momentOf(body, 'waivedAt'),
  ground: formText(body, 'waiverGround'),
  explanation: formText(body, 'waiverExplanation'),
  publicCommunication: formText(body, 'publicCommunication') ?? null,
});

export const waiverRevocationOf = (body: FormBody) => ({ revokedAt: momentOf(body, 'revokedAt'), cause: formText(body, 'revocationCause'), reason: formText(body, 'revocationReason') });

export const rootCauseOf = (body: FormBody) => ({ category: formText(body, 'rootCauseCategory'), description: formText(body, 'rootCauseDescription') });

export const measureOf = (body: FormBody) => ({ description: formText(body, 'measureDescription'), purpose: formText(body, 'measurePurpose'), takenAt: momentOf(body, 'takenAt') });

export const lateReasonVerdictOf = (body: FormBody) => ({ verdict: formText(body, 'verdict'), comment: formText(body, 'verdictComment'), assessedAt: momentOf(body, 'verdictAt') });

export const recommendationLinkOf = (body: FormBody) => ({ auditId: formText(body, 'auditId'), recommendationId: formText(body, 'recommendationId'), relation: formText(body, 'relation'), linkedAt: momentOf(body, 'linkedAt') });

export const erasureOf = (body: FormBody) => ({ reason: formText(body, 'erasureReason') });

export const closureOf = (body: FormBody) => ({ closedAt: momentOf(body, 'closedAt'), summary: formText(body, 'closureSummary') });

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

/** A count as the API takes it (exact, a range, or unknown) from the form's fields; undefined when no kind is chosen. */
export function countOf(body: FormBody, fields: { readonly kind: string; readonly count: string; readonly min: string; readonly max: string }): Record<string, unknown> | undefined {
  const kind = formText(body, fields.kind);
  if (kind === 'exact') return { kind, count: formNumber(body, fields.count) };
  if (kind === 'range') return { kind, min: formNumber(body, fields.min), max: formNumber(body, fields.max) };
  return kind === undefined ? undefined : { kind };
}

/** The yes/no facts a correction may change, by form field ("unchanged" unless yes or no is chosen). */
export const CORRECTION_FLAGS = { correctSpecialCategories: 'specialCategories', correctBsn: 'bsn', correctCriminalData: 'criminalData', correctEncrypted: 'encrypted' } as const;

export function correctionOf(body: FormBody): Record<string, unknown> {
  const corrections: Record<string, unknown> = {};
  for (const [name, { field, kind }] of Object.entries(CORRECTION_FIELDS)) {
    const value = kind === 'time' ? momentOf(body, name) : formText(body, name);
    if (value !== undefined) corrections[field] = value;
  }
  for (const [name, field] of Object.entries(CORRECTION_FLAGS)) {
    const value = formText(body, name);
    if (value === 'true' || value === 'false') corrections[field] = value === 'true';
  }
  const aspects = formValues(body, 'correctCiaAspects');
  if (aspects.length > 0) corrections.ciaAspects = aspects;
  const categories = formText(body, 'correctDataCategories');
  if (categories !== undefined) corrections.dataCategories = [...new Set(categories.split(/[\n,;]/).map((category) => category.trim()).filter(Boolean))];
  const regime = formText(body, 'correctRegime');
  if (regime !== undefined) corrections.regime = regime;
  const subjects = countOf(body, { kind: 'correctDataSubjectsKind', count: 'correctDataSubjectsCount', min: 'correctDataSubjectsMin', max: 'correctDataSubjectsMax' });
  if (subjects !== undefined) corrections.dataSubjects = subjects;
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
  const recordCount = countOf(body, { kind: 'recordCountKind', count: 'recordCountExact', min: 'recordCountMin', max: 'recordCountMax' });
  if (recordCount !== undefined) details.recordCount = recordCount;
  const processorChannel = formText(body, 'processorChannel');
  const processorExplanation = formText(body, 'processorExplanation');
  if (processorChannel !== undefined || processorExplanation !== undefined) details.processorNotification = { channel: processorChannel, explanation: processorExplanation ?? null };
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
