/**
 * The events of a breach stream (`breach-<uuid>`): the stored contract. Names and fields
 * follow DOMAIN.md's lifecycle table. Times are UTC ISO-8601 strings. Who did it lives in
 * the envelope's metadata, never here. Only optional fields may be added to a version;
 * anything else is a new schemaVersion with an upcaster. Documented in README.md.
 */

export type CiaAspect = 'confidentiality' | 'integrity' | 'availability';
export const CIA_ASPECTS: readonly CiaAspect[] = ['confidentiality', 'integrity', 'availability'];

export type IncidentKind =
  | 'wrong-recipient'
  | 'lost-or-stolen'
  | 'unauthorised-access'
  | 'hacking-or-malware'
  | 'phishing'
  | 'unintended-publication'
  | 'improper-disposal'
  | 'other';
export const INCIDENT_KINDS: readonly IncidentKind[] = [
  'wrong-recipient',
  'lost-or-stolen',
  'unauthorised-access',
  'hacking-or-malware',
  'phishing',
  'unintended-publication',
  'improper-disposal',
  'other',
];

/** Approximate number of data subjects: exact, a range, or not (yet) known. */
export type DataSubjectCount =
  | { readonly kind: 'exact'; readonly count: number }
  | { readonly kind: 'range'; readonly min: number; readonly max: number }
  | { readonly kind: 'unknown' };

export type RiskLevel = 'none' | 'risk' | 'high';
export const RISK_LEVELS: readonly RiskLevel[] = ['none', 'risk', 'high'];

/** The AP's severity scale, in Dutch as the organisation uses it. */
export type Severity = 'verwaarloosbaar' | 'beperkt' | 'aanzienlijk' | 'zeer-groot';
export const SEVERITIES: readonly Severity[] = ['verwaarloosbaar', 'beperkt', 'aanzienlijk', 'zeer-groot'];

export type ReportPhase = 'preliminary' | 'final';
export const REPORT_PHASES: readonly ReportPhase[] = ['preliminary', 'final'];

export type LateReasonCode =
  | 'not-recognised'
  | 'procedure-unclear'
  | 'internal-escalation'
  | 'awaiting-investigation'
  | 'staff-unavailable'
  | 'processor-delay'
  | 'bundled-report'
  | 'other';

export interface LateReason {
  readonly code: LateReasonCode;
  readonly explanation: string;
}

export type NotificationChannel = 'letter' | 'email' | 'phone' | 'in-person' | 'portal' | 'other';
export const NOTIFICATION_CHANNELS: readonly NotificationChannel[] = ['letter', 'email', 'phone', 'in-person', 'portal', 'other'];

/** Art. 34(3): (a) unintelligible data, (b) measures removed the high risk, (c) disproportionate effort. */
export type WaiverGround = 'unintelligible-data' | 'high-risk-removed' | 'disproportionate-effort';
export const WAIVER_GROUNDS: readonly WaiverGround[] = ['unintelligible-data', 'high-risk-removed', 'disproportionate-effort'];

export type RootCauseCategory = 'human-error' | 'procedure' | 'technical' | 'processor' | 'malicious' | 'other';
export const ROOT_CAUSE_CATEGORIES: readonly RootCauseCategory[] = ['human-error', 'procedure', 'technical', 'processor', 'malicious', 'other'];

export type MeasurePurpose = 'containment' | 'prevention';
export const MEASURE_PURPOSES: readonly MeasurePurpose[] = ['containment', 'prevention'];

export type LateReasonVerdict = 'accepted' | 'not-accepted';
export const LATE_REASON_VERDICTS: readonly LateReasonVerdict[] = ['accepted', 'not-accepted'];

export interface BreachDetectedData {
  readonly breachId: string;
  readonly title: string;
  readonly description: string;
  readonly dienst: string;
  /** Start of the 72-hour clock: reasonable certainty that personal data was compromised. */
  readonly awareAt: string;
  readonly occurredFrom: string | null;
  readonly occurredTo: string | null;
  readonly discovery: {
    readonly how: string;
    /** When a processor reported it: its name. Awareness then starts when it informed us. */
    readonly processor: string | null;
  };
  readonly ciaAspects: readonly CiaAspect[];
  readonly incidentKind: IncidentKind;
  readonly dataCategories: readonly string[];
  readonly specialCategories: boolean;
  readonly bsn: boolean;
  readonly criminalData: boolean;
  readonly dataSubjects: DataSubjectCount;
  readonly encrypted: boolean;
}

export interface DpoInformedData {
  readonly informedAt: string;
  /** Who informed the FG (a name or function). */
  readonly informedBy: string;
}

export interface DpoAdviceGivenData {
  readonly advice: string;
  readonly advisedAt: string;
}

export interface BreachAssessedData {
  readonly assessedAt: string;
  readonly risk: RiskLevel;
  readonly severity: Severity;
  readonly reportable: boolean;
  readonly notifyDataSubjects: boolean;
  /** Mandatory when not reportable (Art. 33(5): the reasoning must be documented). */
  readonly rationale: string | null;
}

export interface BreachReportedToAPData {
  readonly reportedAt: string;
  /** The AP's meldnummer. */
  readonly apReference: string;
  readonly phase: ReportPhase;
  /** The deadline as it stood at filing, and whether this filing was after it. */
  readonly deadline: string;
  readonly late: boolean;
  readonly lateReason: LateReason | null;
}

export interface BreachReportSupplementedData {
  readonly supplementedAt: string;
  readonly changes: string;
  readonly phase: ReportPhase;
}

export interface BreachReportWithdrawnData {
  readonly withdrawnAt: string;
  readonly reason: string;
}

export interface DataSubjectsNotifiedData {
  readonly notifiedAt: string;
  readonly count: number;
  readonly channel: NotificationChannel;
}

export interface DataSubjectNotificationWaivedData {
  readonly waivedAt: string;
  readonly ground: WaiverGround;
  readonly explanation: string;
  /** Art. 34(3)(c): with disproportionate effort, a public communication instead. */
  readonly publicCommunication: string | null;
}

export interface RootCauseRecordedData {
  readonly category: RootCauseCategory;
  readonly description: string;
}

export interface MeasureTakenData {
  readonly measureId: string;
  readonly description: string;
  readonly purpose: MeasurePurpose;
  readonly takenAt: string;
}

export interface LateReasonAssessedData {
  readonly verdict: LateReasonVerdict;
  readonly comment: string;
  readonly assessedAt: string;
}

/** The facts a correction may change, and the type of each one's value. */
export interface CorrectableFacts {
  readonly title: string;
  readonly description: string;
  readonly dienst: string;
  readonly awareAt: string;
  readonly occurredFrom: string | null;
  readonly occurredTo: string | null;
  readonly incidentKind: IncidentKind;
  readonly ciaAspects: readonly CiaAspect[];
  readonly dataCategories: readonly string[];
  readonly specialCategories: boolean;
  readonly bsn: boolean;
  readonly criminalData: boolean;
  readonly dataSubjects: DataSubjectCount;
  readonly encrypted: boolean;
  readonly reportedAt: string;
  readonly apReference: string;
}
export type CorrectableField = keyof CorrectableFacts;

export type Correction = {
  readonly [F in CorrectableField]: { readonly field: F; readonly from: CorrectableFacts[F] | null; readonly to: CorrectableFacts[F] };
}[CorrectableField];

export interface BreachDetailsCorrectedData {
  readonly corrections: readonly Correction[];
  readonly reason: string;
  /** When a correction makes the filed report late, the reason for the delay (Art. 33(1)). */
  readonly lateReason: LateReason | null;
}

export interface BreachClosedData {
  readonly closedAt: string;
  readonly summary: string;
}

type Event<T extends string, D> = { readonly type: T; readonly data: D };

export type BreachEvent =
  | Event<'BreachDetected', BreachDetectedData>
  | Event<'DpoInformed', DpoInformedData>
  | Event<'DpoAdviceGiven', DpoAdviceGivenData>
  | Event<'BreachAssessed', BreachAssessedData>
  | Event<'BreachReportedToAP', BreachReportedToAPData>
  | Event<'BreachReportSupplemented', BreachReportSupplementedData>
  | Event<'BreachReportWithdrawn', BreachReportWithdrawnData>
  | Event<'DataSubjectsNotified', DataSubjectsNotifiedData>
  | Event<'DataSubjectNotificationWaived', DataSubjectNotificationWaivedData>
  | Event<'RootCauseRecorded', RootCauseRecordedData>
  | Event<'MeasureTaken', MeasureTakenData>
  | Event<'LateReasonAssessed', LateReasonAssessedData>
  | Event<'BreachDetailsCorrected', BreachDetailsCorrectedData>
  | Event<'BreachClosed', BreachClosedData>;

export type BreachEventType = BreachEvent['type'];

/** The schema version each type is written with today. */
export const BREACH_EVENT_SCHEMA_VERSIONS: { readonly [T in BreachEventType]: number } = {
  BreachDetected: 1,
  DpoInformed: 1,
  DpoAdviceGiven: 1,
  BreachAssessed: 1,
  BreachReportedToAP: 1,
  BreachReportSupplemented: 1,
  BreachReportWithdrawn: 1,
  DataSubjectsNotified: 1,
  DataSubjectNotificationWaived: 1,
  RootCauseRecorded: 1,
  MeasureTaken: 1,
  LateReasonAssessed: 1,
  BreachDetailsCorrected: 1,
  BreachClosed: 1,
};

export const breachStreamId = (breachId: string): string => `breach-${breachId}`;
