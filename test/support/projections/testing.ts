import type { AuditEvent } from '../../../src/audits/audit.events.js';
import type { BreachDetectedData, BreachEvent, LateReason, Regime, RootCauseCategory } from '../../../src/breaches/breach.events.js';
import type { Actor, StoredEvent } from '../../../src/event-store/event-store.port.js';
import type { JsonObject } from '../../../src/shared/json.js';
import { auditRecommendations, type AuditRecommendationsDocument } from '../../../projections/audit-recommendations.js';
import { breachRegister, type BreachRegisterDocument } from '../../../projections/breach-register.js';
import { businessTimeOf } from '../../../projections/breach-stream.js';
import { detectedFacts } from '../breaches/breach-given.js';
import type { ProjectionDefinition } from '../../../projections/projection.js';

/** Building stored breach events for projection specs: envelopes as the store writes them. */

export const PRIVACY_OFFICER: Actor = { id: 'privacy-officer-1', role: 'privacy-officer' };
export const DPO: Actor = { id: 'fg-1', role: 'dpo' };

export interface Envelope {
  readonly recordedAt?: string;
  readonly actor?: Actor;
  readonly extensions?: JsonObject;
  readonly schemaVersion?: number;
}

/** An event of a stream, with what differs from the default envelope. */
export type StepOf<E extends { readonly type: string }> = E | readonly [E, Envelope];
export type Step = StepOf<BreachEvent>;

export const IMPORT: Envelope = { extensions: { source: 'import', file: 'sha256:0f1e' } };

/**
 * The stored events of `breach-<breachId>`: revisions from 0, positions from `firstPosition`
 * ten apart (positions need not be contiguous). recordedAt defaults to the event's business
 * time, or to the previous event's recordedAt when it has none.
 */
export function breachStream(breachId: string, steps: readonly Step[], firstPosition = 100n): StoredEvent[] {
  return eventStream(`breach-${breachId}`, steps, businessTimeOf, firstPosition);
}

/** The stored events of any stream, as `breachStream` makes them; `timeOf` gives an event's business time (or null). */
export function eventStream<E extends { readonly type: string; readonly data: object }>(streamId: string, steps: readonly StepOf<E>[], timeOf: (event: E) => string | null, firstPosition = 100n): StoredEvent[] {
  let lastRecorded = '';
  return steps.map((step, revision) => {
    const [event, envelope]: readonly [E, Envelope] = Array.isArray(step) ? (step as readonly [E, Envelope]) : [step as E, {}];
    const recordedAt = envelope.recordedAt ?? timeOf(event) ?? lastRecorded;
    lastRecorded = recordedAt;
    return storedEvent(streamId, revision, firstPosition + BigInt(revision) * 10n, event.type, event.data as unknown as JsonObject, { ...envelope, recordedAt });
  });
}

/** The stored events of `audit-<auditId>`, as `breachStream` makes them; recordedAt defaults to each event's own `…At`. */
export function auditStream(auditId: string, steps: readonly StepOf<AuditEvent>[], firstPosition = 100n): StoredEvent[] {
  return eventStream(`audit-${auditId}`, steps, auditTimeOf, firstPosition);
}

function auditTimeOf(event: AuditEvent): string {
  switch (event.type) {
    case 'AuditCompleted':
      return event.data.completedAt;
    case 'RecommendationIssued':
      return event.data.issuedAt;
    case 'RecommendationImplemented':
      return event.data.implementedAt;
    case 'DpoInformedOfImplementation':
      return event.data.informedAt;
    default: {
      const unknown: never = event;
      throw new Error(`unknown audit event ${JSON.stringify(unknown)}`);
    }
  }
}

export function storedEvent(streamId: string, revision: number, position: bigint, type: string, data: JsonObject, envelope: Envelope = {}): StoredEvent {
  const { actor = PRIVACY_OFFICER, extensions, schemaVersion = 1, recordedAt = '2026-01-01T00:00:00.000Z' } = envelope;
  return {
    eventId: `${streamId}-e${revision}`,
    streamId,
    revision,
    position,
    type,
    schemaVersion,
    data,
    metadata: {
      actor,
      commandId: `c-${revision}`,
      correlationId: `c-${revision}`,
      causationId: `c-${revision}`,
      ...(extensions === undefined ? {} : { extensions }),
      recordedAt,
      prevHash: `hash-${revision - 1}`,
      hash: `hash-${streamId}-${revision}`,
    },
  };
}

/** Feeds events to a definition in order, as the runner does; returns the documents by id. */
export function project<D extends JsonObject>(definition: ProjectionDefinition<D>, events: readonly StoredEvent[]): Map<string, D> {
  const documents = new Map<string, D>();
  for (const event of events) {
    const id = definition.documentId(event);
    const next = definition.apply(documents.get(id), event);
    if (next === null) documents.delete(id);
    else documents.set(id, next);
  }
  return documents;
}

/** The one document a single stream gives. */
export function projectOne<D extends JsonObject>(definition: ProjectionDefinition<D>, events: readonly StoredEvent[]): D {
  const documents = [...project(definition, events).values()];
  if (documents.length !== 1) throw new Error(`expected one document, got ${documents.length}`);
  return documents[0] as D;
}

/* ------------------------------------------------------------ breach events */

export function detected(overrides: Partial<BreachDetectedData> = {}): BreachEvent {
  return { type: 'BreachDetected', data: detectedFacts(overrides) };
}

export const dpoInformed = (informedAt: string, informedBy = 'privacy officer'): BreachEvent => ({ type: 'DpoInformed', data: { informedAt, informedBy } });
export const dpoAdvised = (advisedAt: string): BreachEvent => ({ type: 'DpoAdviceGiven', data: { advice: 'Report it preliminarily.', advisedAt } });
export const assessed = (assessedAt: string, reportable = true, overrides: Partial<Extract<BreachEvent, { type: 'BreachAssessed' }>['data']> = {}): BreachEvent => ({
  type: 'BreachAssessed',
  data: {
    assessedAt,
    risk: reportable ? 'high' : 'none',
    severity: reportable ? 'aanzienlijk' : 'verwaarloosbaar',
    reportable,
    notifyDataSubjects: reportable,
    rationale: reportable ? null : 'The data was unintelligible to the recipient.',
    ...overrides,
  },
});
export const reported = (reportedAt: string, deadline: string, late: boolean, lateReason: LateReason | null = null, phase: 'preliminary' | 'final' = 'preliminary'): BreachEvent => ({
  type: 'BreachReportedToAP',
  data: { reportedAt, apReference: 'M-2026-0001', phase, deadline, late, lateReason },
});
export const supplemented = (supplementedAt: string, phase: 'preliminary' | 'final' = 'final'): BreachEvent => ({
  type: 'BreachReportSupplemented',
  data: { supplementedAt, changes: 'The number of data subjects is known.', phase },
});
export const withdrawn = (withdrawnAt: string, ground: 'no-breach' | 'other' = 'no-breach'): BreachEvent => ({
  type: 'BreachReportWithdrawn',
  data: { withdrawnAt, reason: ground === 'no-breach' ? 'It proved not to be a breach.' : 'Filed for the wrong organisation.', ground },
});
export const refiled = (reportedAt: string, deadline: string, late: boolean, apReference = 'M-2026-0002'): BreachEvent => ({
  type: 'BreachReportedToAP',
  data: { reportedAt, apReference, phase: 'final', deadline, late, lateReason: null, refiles: 'M-2026-0001' },
});
export const notified = (notifiedAt: string, count: number): BreachEvent => ({ type: 'DataSubjectsNotified', data: { notifiedAt, count, channel: 'letter' } });
export const waived = (waivedAt: string): BreachEvent => ({
  type: 'DataSubjectNotificationWaived',
  data: { waivedAt, ground: 'high-risk-removed', explanation: 'The letter was returned unopened.', publicCommunication: null },
});
export const rootCause = (category: RootCauseCategory = 'human-error'): BreachEvent => ({ type: 'RootCauseRecorded', data: { category, description: 'An address was copied from the wrong file.' } });
export const measure = (takenAt: string, measureId = 'm-1'): BreachEvent => ({ type: 'MeasureTaken', data: { measureId, description: 'Addresses are checked twice.', purpose: 'prevention', takenAt } });
export const verdict = (assessedAt: string, value: 'accepted' | 'not-accepted' = 'not-accepted'): BreachEvent => ({
  type: 'LateReasonAssessed',
  data: { verdict: value, comment: 'The AP does not accept this reason.', assessedAt },
});
export const closed = (closedAt: string): BreachEvent => ({ type: 'BreachClosed', data: { closedAt, summary: 'Handled.' } });
export const personalDataErased = (erasedAt: string): BreachEvent => ({ type: 'PersonalDataErased', data: { erasedAt, reason: 'The retention period has ended.' } });

/* ------------------------------------------------------------ register rows for the reports */

/** How a synthetic breach went: enough to make a realistic stream of it. */
export interface Scenario {
  readonly breachId: string;
  readonly dienst?: string;
  readonly awareAt?: string;
  /** Hours after awareAt that the FG was informed. */
  readonly dpoAfterHours?: number;
  /** Hours after awareAt of the first filing; absent: not reported. */
  readonly reportAfterHours?: number;
  readonly lateReason?: LateReason | null;
  readonly verdict?: 'accepted' | 'not-accepted';
  readonly notReportable?: boolean;
  /** No assessment recorded at all. */
  readonly unassessed?: boolean;
  readonly notifiedCounts?: readonly number[];
  readonly withdrawn?: boolean;
  readonly withdrawalGround?: 'no-breach' | 'other';
  /** Filed again after the withdrawal. */
  readonly refiled?: boolean;
  readonly imported?: boolean;
  readonly regime?: Regime;
  readonly rootCause?: RootCauseCategory;
  readonly closed?: boolean;
}

const HOUR_MS = 3_600_000;
const plusHours = (time: string, hours: number) => new Date(Date.parse(time) + hours * HOUR_MS).toISOString();

/** The register document a scenario's stream gives, built through the projection itself. */
export function registerRow(scenario: Scenario): BreachRegisterDocument {
  const awareAt = scenario.awareAt ?? '2021-03-01T09:00:00.000Z';
  const deadline = plusHours(awareAt, 72);
  const envelope: Envelope = scenario.imported ? IMPORT : {};
  const steps: Step[] = [[detected({ breachId: scenario.breachId, dienst: scenario.dienst ?? 'SZW', awareAt, ...(scenario.regime ? { regime: scenario.regime } : {}) }), envelope]];
  if (scenario.dpoAfterHours !== undefined) steps.push(dpoInformed(plusHours(awareAt, scenario.dpoAfterHours)));
  if (!scenario.unassessed) steps.push(assessed(plusHours(awareAt, 1), !scenario.notReportable));
  const at = scenario.reportAfterHours;
  if (at !== undefined) {
    const reportedAt = plusHours(awareAt, at);
    steps.push([reported(reportedAt, deadline, at > 72, scenario.lateReason ?? null), envelope]);
    if (scenario.verdict) steps.push(verdict(plusHours(reportedAt, 1), scenario.verdict));
    if (scenario.withdrawn) steps.push(withdrawn(plusHours(reportedAt, 2), scenario.withdrawalGround));
    if (scenario.withdrawn && scenario.refiled) steps.push(refiled(plusHours(reportedAt, 3), deadline, at > 72));
  }
  (scenario.notifiedCounts ?? []).forEach((count, batch) => steps.push(notified(plusHours(awareAt, 100 + batch), count)));
  if (scenario.rootCause) steps.push(rootCause(scenario.rootCause));
  if (scenario.closed) steps.push(closed(plusHours(awareAt, 400)));
  return projectOne(breachRegister, breachStream(scenario.breachId, steps));
}

/* ------------------------------------------------------------ audit documents for the reports */

/** How one recommendation went; absent times: not (yet) happened. */
export interface RecommendationScenario {
  readonly recommendationId: string;
  readonly dienst?: string;
  readonly issuedAt: string;
  readonly dueAt?: string | null;
  readonly implementedAt?: string;
  /** Every time the FG was informed (the log may hold a second one). */
  readonly dpoInformedAt?: readonly string[];
}

export interface AuditScenario {
  readonly auditId: string;
  readonly kind?: 'internal' | 'external';
  readonly regime?: Regime;
  readonly completedAt?: string;
  readonly recommendations?: readonly RecommendationScenario[];
}

/** The audit-recommendations document a scenario's stream gives, built through the projection itself. */
export function auditDocument(scenario: AuditScenario): AuditRecommendationsDocument {
  const { auditId, kind = 'internal', completedAt = '2026-01-15T09:00:00.000Z', recommendations = [], regime } = scenario;
  const steps: AuditEvent[] = [{ type: 'AuditCompleted', data: { auditId, title: `Audit ${auditId}`, kind, ...(regime ? { regime } : {}), auditor: 'Internal Audit Office', scope: 'Everything', completedAt, findings: [] } }];
  for (const { recommendationId, dienst = 'DSB', issuedAt, dueAt = null } of recommendations) {
    steps.push({ type: 'RecommendationIssued', data: { recommendationId, findingId: null, description: `Recommendation ${recommendationId}`, dienst, issuedAt, dueAt } });
  }
  for (const { recommendationId, implementedAt, dpoInformedAt = [] } of recommendations) {
    if (implementedAt !== undefined) steps.push({ type: 'RecommendationImplemented', data: { recommendationId, implementedAt, description: 'Done.' } });
    for (const informedAt of dpoInformedAt) steps.push({ type: 'DpoInformedOfImplementation', data: { recommendationId, informedAt } });
  }
  return projectOne(auditRecommendations, auditStream(auditId, steps));
}
