import type { PersonalFields, SchemaVersions, StreamEvent } from '../shared/stream-events.js';

/**
 * The events of a breach stream (`breach-<uuid>`): the stored contract. Names and fields
 * follow docs/domain.md's lifecycle table. Times are UTC ISO-8601 strings. Who did it lives in
 * the envelope's metadata, never here. Only optional fields may be added to a version;
 * anything else is a new schemaVersion with an upcaster. Documented in README.md.
 */

import type { Regime } from '../shared/regime.rules.js';

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

/** `unknown`: the cause could not be found; the description then says why (closure accepts it as an explicit answer). */
export type RootCauseCategory = 'human-error' | 'procedure' | 'technical' | 'processor' | 'malicious' | 'other' | 'unknown';
export const ROOT_CAUSE_CATEGORIES: readonly RootCauseCategory[] = ['human-error', 'procedure', 'technical', 'processor', 'malicious', 'other', 'unknown'];

export type MeasurePurpose = 'containment' | 'prevention';
export const MEASURE_PURPOSES: readonly MeasurePurpose[] = ['containment', 'prevention'];

/** The law a breach falls under (AVG or Wpg), shared with the register and audits: src/shared/regime.rules.ts. */
export { REGIMES, type Regime } from '../shared/regime.rules.js';

/** Why a report was withdrawn: it turned out not to be a breach, or another reason (explained). */
export type WithdrawalGround = 'no-breach' | 'other';
export const WITHDRAWAL_GROUNDS: readonly WithdrawalGround[] = ['no-breach', 'other'];

/** Why a waiver of the Art. 34 communication was revoked: the AP required it (Art. 34(4)), or its Art. 34(3) ground turned out not to hold. */
export type WaiverRevocationCause = 'ap-required' | 'ground-does-not-hold';
export const WAIVER_REVOCATION_CAUSES: readonly WaiverRevocationCause[] = ['ap-required', 'ground-does-not-hold'];

/** How a breach and an audit recommendation are linked: the breach led to it, or it should have prevented the breach. */
export type RecommendationRelation = 'led-to' | 'should-have-prevented';
export const RECOMMENDATION_RELATIONS: readonly RecommendationRelation[] = ['led-to', 'should-have-prevented'];

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
  /**
   * When a processor reported the breach: the moment it informed the municipality. The
   * 72-hour clock then runs from here (EDPB Guidelines 9/2022), while `awareAt` still
   * measures the registration delay. Absent in events from before it was recorded.
   */
  readonly processorInformedAt?: string | null;
  /** AVG or Wpg; absent in events from before it was recorded (read as `avg`). */
  readonly regime?: Regime;
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
  /** Which version of the prepared AP form was filed (GET /breaches/{id}/ap-notification); absent on filings from before it existed. */
  readonly apNotification?: ApNotificationVersion;
  /**
   * A new filing after a withdrawal (a new meldnummer): the meldnummer of the withdrawn
   * filing it follows. The first filing still decides lateness, so `deadline`, `late` and
   * `lateReason` repeat the first filing's judgement. Absent or null on a first filing.
   */
  readonly refiles?: string | null;
}

export interface BreachReportSupplementedData {
  readonly supplementedAt: string;
  readonly changes: string;
  readonly phase: ReportPhase;
  /** Which version of the prepared AP form the follow-up filing copied; absent on supplements from before it existed. */
  readonly apNotification?: ApNotificationVersion;
}

export interface BreachReportWithdrawnData {
  readonly withdrawnAt: string;
  readonly reason: string;
  /** Absent in events from before the ground was recorded: read as `other`. */
  readonly ground?: WithdrawalGround;
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

export interface DataSubjectNotificationWaiverRevokedData {
  readonly revokedAt: string;
  readonly cause: WaiverRevocationCause;
  readonly reason: string;
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
export interface CorrectableFacts
  extends Pick<
    BreachDetectedData,
    'title' | 'description' | 'dienst' | 'awareAt' | 'occurredFrom' | 'occurredTo' | 'incidentKind' | 'ciaAspects' | 'dataCategories' | 'specialCategories' | 'bsn' | 'criminalData' | 'dataSubjects' | 'encrypted'
  > {
  readonly reportedAt: string;
  readonly apReference: string;
  readonly processorInformedAt: string | null;
  readonly regime: Regime;
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

export interface BreachLinkedToRecommendationData {
  readonly auditId: string;
  readonly recommendationId: string;
  readonly relation: RecommendationRelation;
  readonly linkedAt: string;
}

export interface BreachClosedData {
  readonly closedAt: string;
  readonly summary: string;
}

export interface PersonalDataErasedData {
  /** When the service erased it (the time the command was accepted): an act of the service, not a time a person asserts. */
  readonly erasedAt: string;
  /**
   * Why, e.g. the retention period ended. Stored in the clear: it is the lasting record of
   * the erasure, so it must not itself hold personal data.
   */
  readonly reason: string;
}

// ---------------------------------------------------------------------------------------
// What the AP's notification form (meldformulier datalekken) asks beyond the facts above:
// recorded at intake or later, each amendment a new event (src/breaches/record-notification-details/).

/** Categories of data subjects as the AP form lists them; minors and vulnerable groups weigh in the risk (EDPB Guidelines 9/2022). */
export type DataSubjectCategory =
  | 'residents'
  | 'employees'
  | 'clients'
  | 'patients'
  | 'pupils-or-students'
  | 'users-or-subscribers'
  | 'minors'
  | 'vulnerable-groups'
  | 'unknown'
  | 'other';
export const DATA_SUBJECT_CATEGORIES: readonly DataSubjectCategory[] = ['residents', 'employees', 'clients', 'patients', 'pupils-or-students', 'users-or-subscribers', 'minors', 'vulnerable-groups', 'unknown', 'other'];

/** Likely consequences for the data subjects (Art. 33(3)(c)), as the AP form offers them. */
export type LikelyConsequence = 'stigmatisation-or-exclusion' | 'damage-to-health' | 'identity-fraud' | 'spam-or-phishing' | 'financial-loss' | 'other';
export const LIKELY_CONSEQUENCES: readonly LikelyConsequence[] = ['stigmatisation-or-exclusion', 'damage-to-health', 'identity-fraud', 'spam-or-phishing', 'financial-loss', 'other'];

export type YesNoUnknown = 'yes' | 'no' | 'unknown';
export const YES_NO_UNKNOWN: readonly YesNoUnknown[] = ['yes', 'no', 'unknown'];

/** Whether the data was unintelligible to others when the breach happened (Art. 34(3)(a)). */
export type ProtectionAnswer = 'yes' | 'partly' | 'no' | 'unknown';
export const PROTECTION_ANSWERS: readonly ProtectionAnswer[] = ['yes', 'partly', 'no', 'unknown'];
export type ProtectionMethod = 'encryption' | 'hashing' | 'pseudonymisation' | 'other';
export const PROTECTION_METHODS: readonly ProtectionMethod[] = ['encryption', 'hashing', 'pseudonymisation', 'other'];

/** The EU/EEA states other than the Netherlands (ISO 3166-1 alpha-2; Greece as EL, as the EU writes it). */
export const OTHER_EEA_STATES = ['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'EL', 'ES', 'FI', 'FR', 'HR', 'HU', 'IE', 'IS', 'IT', 'LI', 'LT', 'LU', 'LV', 'MT', 'NO', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK'] as const;
export type OtherEeaState = (typeof OTHER_EEA_STATES)[number];

export interface CrossBorder {
  /** Are data subjects in other EU/EEA states affected? */
  readonly otherStatesAffected: YesNoUnknown;
  readonly states: readonly OtherEeaState[];
  /** The lead supervisory authority (Art. 56), when the processing is cross-border. */
  readonly leadAuthority: string | null;
}

export interface ProcessorNotification {
  /** How the processor informed the municipality; when it did is the state's processorInformedAt. */
  readonly channel: NotificationChannel;
  readonly explanation: string | null;
}

/** The person the AP may call about the notification (the form requires name, function and phone). */
export interface ApContact {
  readonly name: string;
  readonly jobTitle: string;
  readonly phone: string;
  readonly email: string | null;
}

export interface DataProtection {
  readonly answer: ProtectionAnswer;
  readonly methods: readonly ProtectionMethod[];
  readonly description: string | null;
}

/** The communication to the data subjects (Art. 34(2)): its text and the channels it goes by. */
export interface DataSubjectCommunication {
  readonly text: string;
  readonly channels: readonly NotificationChannel[];
}

/**
 * Each field is optional: an event sets the fields it carries and leaves the others as they
 * were; null withdraws an earlier answer (it is no longer known).
 */
export interface NotificationDetailsRecordedData {
  readonly dataSubjectCategories?: readonly DataSubjectCategory[] | null;
  readonly dataSubjectCategoriesExplanation?: string | null;
  readonly recordCount?: DataSubjectCount | null;
  readonly likelyConsequences?: readonly LikelyConsequence[] | null;
  readonly consequencesExplanation?: string | null;
  readonly crossBorder?: CrossBorder | null;
  readonly processorNotification?: ProcessorNotification | null;
  readonly contact?: ApContact | null;
  readonly measuresBeforeBreach?: string | null;
  readonly protection?: DataProtection | null;
  readonly dataSubjectCommunication?: DataSubjectCommunication | null;
}

export type NotificationDetailField = keyof NotificationDetailsRecordedData;
export const NOTIFICATION_DETAIL_FIELDS: readonly NotificationDetailField[] = [
  'dataSubjectCategories',
  'dataSubjectCategoriesExplanation',
  'recordCount',
  'likelyConsequences',
  'consequencesExplanation',
  'crossBorder',
  'processorNotification',
  'contact',
  'measuresBeforeBreach',
  'protection',
  'dataSubjectCommunication',
];

/** Which version of the prepared AP form a filing copied from: the stream's revision it was built on and its sha256. */
export interface ApNotificationVersion {
  readonly revision: number;
  readonly sha256: string;
}

export type BreachEvent =
  | StreamEvent<'BreachDetected', BreachDetectedData>
  | StreamEvent<'DpoInformed', DpoInformedData>
  | StreamEvent<'DpoAdviceGiven', DpoAdviceGivenData>
  | StreamEvent<'BreachAssessed', BreachAssessedData>
  | StreamEvent<'BreachReportedToAP', BreachReportedToAPData>
  | StreamEvent<'BreachReportSupplemented', BreachReportSupplementedData>
  | StreamEvent<'BreachReportWithdrawn', BreachReportWithdrawnData>
  | StreamEvent<'DataSubjectsNotified', DataSubjectsNotifiedData>
  | StreamEvent<'DataSubjectNotificationWaived', DataSubjectNotificationWaivedData>
  | StreamEvent<'DataSubjectNotificationWaiverRevoked', DataSubjectNotificationWaiverRevokedData>
  | StreamEvent<'RootCauseRecorded', RootCauseRecordedData>
  | StreamEvent<'MeasureTaken', MeasureTakenData>
  | StreamEvent<'LateReasonAssessed', LateReasonAssessedData>
  | StreamEvent<'BreachDetailsCorrected', BreachDetailsCorrectedData>
  | StreamEvent<'BreachLinkedToRecommendation', BreachLinkedToRecommendationData>
  | StreamEvent<'BreachClosed', BreachClosedData>
  | StreamEvent<'PersonalDataErased', PersonalDataErasedData>
  | StreamEvent<'NotificationDetailsRecorded', NotificationDetailsRecordedData>;

export type BreachEventType = BreachEvent['type'];

/** The schema version each type is written with today. */
export const BREACH_EVENT_SCHEMA_VERSIONS: SchemaVersions<BreachEvent> = {
  BreachDetected: 1,
  DpoInformed: 1,
  DpoAdviceGiven: 1,
  BreachAssessed: 1,
  BreachReportedToAP: 1,
  BreachReportSupplemented: 1,
  BreachReportWithdrawn: 1,
  DataSubjectsNotified: 1,
  DataSubjectNotificationWaived: 1,
  DataSubjectNotificationWaiverRevoked: 1,
  RootCauseRecorded: 1,
  MeasureTaken: 1,
  LateReasonAssessed: 1,
  BreachDetailsCorrected: 1,
  BreachLinkedToRecommendation: 1,
  BreachClosed: 1,
  PersonalDataErased: 1,
  NotificationDetailsRecorded: 1,
};

/** The correctable facts that are free text: a correction of one of them carries personal data in `from` and `to`. */
export const PERSONAL_CORRECTABLE_FIELDS = ['title', 'description'] as const satisfies readonly CorrectableField[];
const TEXT_CORRECTIONS = `corrections[field=${PERSONAL_CORRECTABLE_FIELDS.join('|')}]`;

/**
 * The personal fields of each event type (patterns: src/shared/personal-fields.ts): free
 * text about people, names and contact details. They are stored encrypted under the
 * breach's key (AES-256-GCM) and read as "[erased]" once that key is erased. Codes, times,
 * counts, flags, the dienst, the AP's meldnummer and the name of a processor (an
 * organisation) are not personal and stay in the clear, so the figures and the 72-hour
 * clock survive erasure. Why each one is here: README.md, "Personal data".
 */
export const PERSONAL_FIELDS: PersonalFields<BreachEvent> = {
  BreachDetected: ['title', 'description', 'discovery.how'],
  DpoInformed: ['informedBy'],
  DpoAdviceGiven: ['advice'],
  BreachAssessed: ['rationale'],
  BreachReportedToAP: ['lateReason.explanation'],
  BreachReportSupplemented: ['changes'],
  BreachReportWithdrawn: ['reason'],
  DataSubjectsNotified: [],
  DataSubjectNotificationWaived: ['explanation', 'publicCommunication'],
  DataSubjectNotificationWaiverRevoked: ['reason'],
  RootCauseRecorded: ['description'],
  MeasureTaken: ['description'],
  LateReasonAssessed: ['comment'],
  BreachDetailsCorrected: [`${TEXT_CORRECTIONS}.from`, `${TEXT_CORRECTIONS}.to`, 'reason', 'lateReason.explanation'],
  BreachLinkedToRecommendation: [],
  BreachClosed: ['summary'],
  PersonalDataErased: [],
  // Free text about the people and what happened, and the AP contact's name and numbers.
  NotificationDetailsRecorded: [
    'dataSubjectCategoriesExplanation',
    'consequencesExplanation',
    'processorNotification.explanation',
    'contact.name',
    'contact.phone',
    'contact.email',
    'measuresBeforeBreach',
    'protection.description',
    'dataSubjectCommunication.text',
  ],
};

export const breachStreamId = (breachId: string): string => `breach-${breachId}`;
