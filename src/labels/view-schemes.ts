import type { LabelScheme } from './label-json.js';

/**
 * Which vocabulary each coded field of a view's JSON answer belongs to (label-json.ts adds
 * `<field>Label` beside it). One scheme per kind of view, since a field name such as
 * `status` means something else in the breach views than in the DPIA views.
 */

export const BREACH_VIEW_LABELS: LabelScheme = {
  dienst: 'dienst',
  status: 'deadlineStatus',
  reportingStatus: 'reportingStatus',
  lateReasonCode: 'lateReason',
  code: 'lateReason',
  apView: 'apView',
  verdict: 'verdict',
  severity: 'severity',
  riskLevel: 'riskLevel',
  incidentKind: 'incidentKind',
  ciaAspects: 'ciaAspect',
  ground: 'waiverGround',
  category: 'rootCauseCategory',
  purpose: 'measurePurpose',
  phase: 'reportPhase',
  channel: 'notificationChannel',
  regime: 'regime',
  cause: 'waiverRevocationCause',
  relation: 'recommendationRelation',
  withdrawalGround: 'withdrawalGround',
};

export const DPIA_VIEW_LABELS: LabelScheme = {
  dienst: 'dienst',
  status: 'dpiaStatus',
  residualRisk: 'residualRisk',
  adviceFollowed: 'adviceFollowed',
  kind: 'reviewReason',
};

export const REGISTER_VIEW_LABELS: LabelScheme = {
  dienst: 'dienst',
  status: 'processingStatus',
  legalBasis: 'legalBasis',
  gaps: 'registerGap',
  kind: 'ownerKind',
  regime: 'regime',
};

export const AUDIT_VIEW_LABELS: LabelScheme = {
  dienst: 'dienst',
  kind: 'auditKind',
  auditKind: 'auditKind',
  regime: 'regime',
};

/** The inquiries of the supervisory authority: their status and the criterion of a population question. */
export const INQUIRY_VIEW_LABELS: LabelScheme = {
  status: 'inquiryStatus',
  kind: 'scopeCriterion',
};

/** The annual report spans the slices; its coded fields are the breach ones and the diensten. */
export const ANNUAL_REPORT_LABELS: LabelScheme = BREACH_VIEW_LABELS;
