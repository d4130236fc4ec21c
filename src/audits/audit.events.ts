/**
 * The events of an audit stream (`audit-<uuid>`): the stored contract. Names and fields follow
 * docs/domain.md "Audits and recommendations". Times are UTC ISO-8601 strings.
 * Who did it lives in the envelope's metadata, never here. Only optional fields may be added to
 * a version; anything else is a new schemaVersion with an upcaster. Documented in README.md.
 */

import type { Regime } from '../shared/regime.rules.js';
import type { SchemaVersions, StreamEvent } from '../shared/stream-events.js';

/** The Wpg: a yearly internal and a four-yearly external audit. */
export type AuditKind = 'internal' | 'external';
export const AUDIT_KINDS: readonly AuditKind[] = ['internal', 'external'];

export interface AuditFinding {
  /** The finding's reference in the audit report, unique within the audit. */
  readonly findingId: string;
  readonly description: string;
}

export interface AuditCompletedData {
  readonly auditId: string;
  readonly title: string;
  readonly kind: AuditKind;
  /** Who carried out the audit (the auditor or the audit firm); recorded by the officers from the report. */
  readonly auditor: string;
  readonly scope: string;
  readonly completedAt: string;
  readonly findings: readonly AuditFinding[];
  /**
   * The processing audited: under the AVG, or the Wpg (police data, e.g. processed by BOAs).
   * The annual report's Wpg check counts only audits tagged `wpg`. Absent: the AVG.
   */
  readonly regime?: Regime;
}

export interface RecommendationIssuedData {
  readonly recommendationId: string;
  /** The finding it answers, or null for a recommendation not tied to one finding. */
  readonly findingId: string | null;
  readonly description: string;
  /** The dienst that has to implement it. */
  readonly dienst: string;
  readonly issuedAt: string;
  readonly dueAt: string | null;
}

export interface RecommendationImplementedData {
  readonly recommendationId: string;
  readonly implementedAt: string;
  /** What was done. */
  readonly description: string;
}

export interface DpoInformedOfImplementationData {
  readonly recommendationId: string;
  readonly informedAt: string;
}

export type AuditEvent =
  | StreamEvent<'AuditCompleted', AuditCompletedData>
  | StreamEvent<'RecommendationIssued', RecommendationIssuedData>
  | StreamEvent<'RecommendationImplemented', RecommendationImplementedData>
  | StreamEvent<'DpoInformedOfImplementation', DpoInformedOfImplementationData>;

export type AuditEventType = AuditEvent['type'];

/** The schema version each type is written with today. */
export const AUDIT_EVENT_SCHEMA_VERSIONS: SchemaVersions<AuditEvent> = {
  AuditCompleted: 1,
  RecommendationIssued: 1,
  RecommendationImplemented: 1,
  DpoInformedOfImplementation: 1,
};

export const auditStreamId = (auditId: string): string => `audit-${auditId}`;
