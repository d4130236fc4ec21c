import { actorOf, eventRef, readBreachEvent, type ActorRef, type EventRef } from '../../../projections/breach-stream.js';
import type { TimelineCorrection } from '../../../projections/breach-timeline.js';
import type { StoredEvent } from '../../event-store/event-store.port.js';
import type { JsonObject, JsonValue } from '../../shared/json.js';
import { ERASED, mapPersonalValues } from '../../shared/personal-fields.js';
import {
  NOTIFICATION_DETAIL_FIELDS,
  PERSONAL_FIELDS,
  type BreachDetectedData,
  type BreachEvent,
  type BreachEventType,
  type LateReason,
  type NotificationDetailField,
  type NotificationDetailsRecordedData,
} from '../breach.events.js';
import { deadlineOf, isLateReport } from '../breach.rules.js';

/**
 * The dossier of one breach: every fact recorded about it, each with the event that recorded
 * it (stream, revision, position, event id, hash; who and when), and every correction with the
 * original and corrected value, who made it, when and why. Folded from the stream's events as
 * the codec decoded them (pure: no clock, no I/O), so it shows what the log holds and nothing else.
 */

export type Source = { readonly event: EventRef; readonly type: BreachEventType; readonly recordedAt: string; readonly actor: ActorRef };
export type Fact<V> = { readonly value: V; readonly source: Source };
/** An event's data as recorded, with where it comes from. */
export type Recorded<D> = D & { readonly source: Source };

type DetectionFacts = Omit<BreachDetectedData, 'breachId'>;
export type DossierFacts = { readonly [K in keyof DetectionFacts]: Fact<DetectionFacts[K]> };
export type NotificationDetails = { readonly [K in NotificationDetailField]?: Fact<NonNullable<NotificationDetailsRecordedData[K]>> };

/** A correction as the timeline shows it (original, corrected, who, when, why), with the reason for delay it may bring. */
export type DossierCorrection = TimelineCorrection & { readonly lateReason: LateReason | null };

type DataOf<T extends BreachEventType> = Extract<BreachEvent, { type: T }>['data'];

export interface BreachDossier {
  readonly breachId: string;
  /** The revision of the last event the dossier folds in. */
  readonly revision: number;
  /** How the personal fields read: in the clear, redacted for this reader, or erased for everyone. */
  readonly personalData: 'readable' | 'redacted' | 'erased';
  readonly registeredAt: string;
  readonly registeredBy: ActorRef;
  /** The registration's facts with every correction applied; each names the event its value comes from. */
  readonly facts: DossierFacts;
  /** awareAt (as corrected) + 72 hours. */
  readonly deadline: string;
  /** Whether the first filing (as corrected) came after the deadline; null while unreported. */
  readonly reportedLate: boolean | null;
  /** The AP form's answers as they stand, each from the event that last set it, and every event that recorded them. */
  readonly notificationDetails: NotificationDetails;
  readonly notificationDetailsHistory: readonly Recorded<NotificationDetailsRecordedData>[];
  readonly dpoNotifications: readonly Recorded<DataOf<'DpoInformed'>>[];
  readonly dpoAdvice: readonly Recorded<DataOf<'DpoAdviceGiven'>>[];
  /** Every assessment; the last one stands. */
  readonly assessments: readonly Recorded<DataOf<'BreachAssessed'>>[];
  readonly apReports: readonly Recorded<DataOf<'BreachReportedToAP'>>[];
  readonly apReportSupplements: readonly Recorded<DataOf<'BreachReportSupplemented'>>[];
  readonly apReportWithdrawals: readonly Recorded<DataOf<'BreachReportWithdrawn'>>[];
  readonly lateReasonVerdicts: readonly Recorded<DataOf<'LateReasonAssessed'>>[];
  readonly dataSubjectNotifications: readonly Recorded<DataOf<'DataSubjectsNotified'>>[];
  readonly dataSubjectNotificationWaivers: readonly Recorded<DataOf<'DataSubjectNotificationWaived'>>[];
  readonly dataSubjectNotificationWaiverRevocations: readonly Recorded<DataOf<'DataSubjectNotificationWaiverRevoked'>>[];
  /** Audit recommendations this breach led to, or that should have prevented it. */
  readonly recommendationLinks: readonly Recorded<DataOf<'BreachLinkedToRecommendation'>>[];
  readonly rootCauses: readonly Recorded<DataOf<'RootCauseRecorded'>>[];
  readonly measures: readonly Recorded<DataOf<'MeasureTaken'>>[];
  readonly corrections: readonly DossierCorrection[];
  readonly closure: Recorded<DataOf<'BreachClosed'>> | null;
  readonly erasure: Recorded<DataOf<'PersonalDataErased'>> | null;
}

/** What a personal field reads as for a reader who may see that it exists but not what it says (auditors). */
export const REDACTED = '[redacted]';

/**
 * The events with their personal fields replaced: by "[erased]" for everyone once the stream
 * records an erasure (events written before encryption kept plaintext in the log: the dossier
 * blanks them as the views do), and by "[redacted]" for a reader who may not read them.
 */
export function withPersonalFields(events: readonly StoredEvent[], reader: 'readable' | 'redacted'): { events: StoredEvent[]; personalData: BreachDossier['personalData'] } {
  const erased = events.some((event) => event.type === 'PersonalDataErased');
  const replacement = erased ? ERASED : reader === 'redacted' ? REDACTED : null;
  if (replacement === null) return { events: [...events], personalData: 'readable' };
  const blank = (event: StoredEvent): StoredEvent => {
    const patterns = PERSONAL_FIELDS[event.type as BreachEventType] ?? [];
    return { ...event, data: mapPersonalValues(event.data, patterns, () => replacement) };
  };
  return { events: events.map(blank), personalData: erased ? 'erased' : 'redacted' };
}

/** The dossier folded from a breach stream's events, in order; undefined for an empty stream. */
export function breachDossier(stored: readonly StoredEvent[], personalData: BreachDossier['personalData'] = 'readable'): BreachDossier | undefined {
  let dossier: Mutable | undefined;
  for (const event of stored) dossier = fold(dossier, event, personalData);
  if (!dossier) return undefined;
  // The clock starts when a processor informed the municipality, where one did (processorInformedAt).
  const deadline = deadlineOf({ awareAt: dossier.facts.awareAt.value, processorInformedAt: dossier.facts.processorInformedAt?.value ?? null });
  const first = dossier.apReports[0];
  return { ...dossier, deadline, reportedLate: first ? isLateReport(first.reportedAt, deadline) : null };
}

type Mutable = Omit<BreachDossier, 'deadline' | 'reportedLate'>;

function sourceOf(stored: StoredEvent): Source {
  return { event: eventRef(stored), type: stored.type as BreachEventType, recordedAt: stored.metadata.recordedAt, actor: actorOf(stored) };
}

function fold(dossier: Mutable | undefined, stored: StoredEvent, personalData: BreachDossier['personalData']): Mutable {
  const event = readBreachEvent(stored);
  const source = sourceOf(stored);
  if (event.type === 'BreachDetected') return detected(event.data, stored, source, personalData);
  if (!dossier) throw new Error(`${stored.streamId}@${stored.revision}: ${stored.type} before BreachDetected`);
  const recorded = <D extends object>(data: D): Recorded<D> => ({ ...data, source });
  switch (event.type) {
    case 'DpoInformed':
      return { ...dossier, revision: stored.revision, dpoNotifications: [...dossier.dpoNotifications, recorded(event.data)] };
    case 'DpoAdviceGiven':
      return { ...dossier, revision: stored.revision, dpoAdvice: [...dossier.dpoAdvice, recorded(event.data)] };
    case 'BreachAssessed':
      return { ...dossier, revision: stored.revision, assessments: [...dossier.assessments, recorded(event.data)] };
    case 'BreachReportedToAP':
      return { ...dossier, revision: stored.revision, apReports: [...dossier.apReports, recorded(event.data)] };
    case 'BreachReportSupplemented':
      return { ...dossier, revision: stored.revision, apReportSupplements: [...dossier.apReportSupplements, recorded(event.data)] };
    case 'BreachReportWithdrawn':
      return { ...dossier, revision: stored.revision, apReportWithdrawals: [...dossier.apReportWithdrawals, recorded(event.data)] };
    case 'LateReasonAssessed':
      return { ...dossier, revision: stored.revision, lateReasonVerdicts: [...dossier.lateReasonVerdicts, recorded(event.data)] };
    case 'DataSubjectsNotified':
      return { ...dossier, revision: stored.revision, dataSubjectNotifications: [...dossier.dataSubjectNotifications, recorded(event.data)] };
    case 'DataSubjectNotificationWaived':
      return { ...dossier, revision: stored.revision, dataSubjectNotificationWaivers: [...dossier.dataSubjectNotificationWaivers, recorded(event.data)] };
    case 'DataSubjectNotificationWaiverRevoked':
      return { ...dossier, revision: stored.revision, dataSubjectNotificationWaiverRevocations: [...dossier.dataSubjectNotificationWaiverRevocations, recorded(event.data)] };
    case 'BreachLinkedToRecommendation':
      return { ...dossier, revision: stored.revision, recommendationLinks: [...dossier.recommendationLinks, recorded(event.data)] };
    case 'RootCauseRecorded':
      return { ...dossier, revision: stored.revision, rootCauses: [...dossier.rootCauses, recorded(event.data)] };
    case 'MeasureTaken':
      return { ...dossier, revision: stored.revision, measures: [...dossier.measures, recorded(event.data)] };
    case 'BreachDetailsCorrected':
      return corrected(dossier, event.data, stored, source);
    case 'BreachClosed':
      return { ...dossier, revision: stored.revision, closure: recorded(event.data) };
    case 'PersonalDataErased':
      return { ...dossier, revision: stored.revision, erasure: recorded(event.data) };
    case 'NotificationDetailsRecorded':
      return { ...dossier, revision: stored.revision, notificationDetails: detailsAfter(dossier.notificationDetails, event.data, source), notificationDetailsHistory: [...dossier.notificationDetailsHistory, recorded(event.data)] };
    default: {
      const unknown: never = event;
      throw new Error(`unknown breach event ${JSON.stringify(unknown)}`);
    }
  }
}

function detected(data: BreachDetectedData, stored: StoredEvent, source: Source, personalData: BreachDossier['personalData']): Mutable {
  const { breachId, ...facts } = data;
  const withSource = Object.fromEntries(Object.entries(facts).map(([field, value]) => [field, { value, source }])) as unknown as DossierFacts;
  return {
    breachId,
    revision: stored.revision,
    personalData,
    registeredAt: stored.metadata.recordedAt,
    registeredBy: actorOf(stored),
    facts: withSource,
    notificationDetails: {},
    notificationDetailsHistory: [],
    dpoNotifications: [],
    dpoAdvice: [],
    assessments: [],
    apReports: [],
    apReportSupplements: [],
    apReportWithdrawals: [],
    lateReasonVerdicts: [],
    dataSubjectNotifications: [],
    dataSubjectNotificationWaivers: [],
    dataSubjectNotificationWaiverRevocations: [],
    recommendationLinks: [],
    rootCauses: [],
    measures: [],
    corrections: [],
    closure: null,
    erasure: null,
  };
}

/** A corrected fact takes its new value and the correction as its source; the filed report's fields are corrected in place. */
function corrected(dossier: Mutable, data: DataOf<'BreachDetailsCorrected'>, stored: StoredEvent, source: Source): Mutable {
  let facts = dossier.facts;
  let apReports = dossier.apReports;
  for (const correction of data.corrections) {
    if (correction.field === 'reportedAt' || correction.field === 'apReference') {
      // As correctionOutcome (breach.rules.ts) reads it: a corrected reportedAt is the first
      // filing's, the one lateness is judged on; a corrected apReference is the standing
      // filing's meldnummer (after a withdrawal and a re-filing, the re-filing).
      const named = correction.field === 'reportedAt' ? 0 : apReports.length - 1;
      apReports = apReports.map((report, index) => (index === named ? { ...report, [correction.field]: correction.to } : report));
    } else {
      facts = { ...facts, [correction.field]: { value: correction.to, source } };
    }
  }
  const corrections: DossierCorrection[] = data.corrections.map((correction) => ({
    field: correction.field,
    original: correction.from as JsonValue,
    corrected: correction.to as JsonValue,
    reason: data.reason,
    correctedBy: actorOf(stored),
    correctedAt: stored.metadata.recordedAt,
    // A correction that makes the filed report late brings the reason for the delay with it (Art. 33(1)).
    lateReason: data.lateReason,
    event: eventRef(stored),
  }));
  return {
    ...dossier,
    revision: stored.revision,
    facts,
    apReports,
    corrections: [...dossier.corrections, ...corrections],
  };
}

function detailsAfter(details: NotificationDetails, data: NotificationDetailsRecordedData, source: Source): NotificationDetails {
  const next: Record<string, Fact<unknown>> = { ...(details as Record<string, Fact<unknown>>) };
  for (const field of NOTIFICATION_DETAIL_FIELDS) {
    const value = data[field];
    if (value === undefined) continue;
    if (value === null) delete next[field];
    else next[field] = { value, source };
  }
  return next as NotificationDetails;
}

/** The JSON the dossier is sent as (its values are JSON already; this only says so to the type system). */
export const dossierJson = (dossier: BreachDossier): JsonObject => dossier as unknown as JsonObject;
