import { AUDIT_EVENT_SCHEMA_VERSIONS, type AuditCompletedData, type AuditEvent, type AuditFinding, type RecommendationIssuedData } from '../src/audits/audit.events.js';
import { isOpen } from '../src/audits/audit.rules.js';
import type { Regime } from '../src/shared/regime.rules.js';
import { regimeOf } from '../src/shared/regime.rules.js';
import type { StoredEvent } from '../src/event-store/event-store.port.js';
import type { ProjectionDefinition } from './projection.js';
import { amsterdamYear, eventRef, readStreamEvent, replayed, streamSubjectOf, UnprojectableEventError, type EventRef } from './stream.js';

/**
 * One audit and what became of its recommendations (docs/domain.md "Audits and recommendations":
 * audits end and nobody knows whether anything was implemented). Every fact carries the
 * event it comes from, so an answer to the FG or the AP can be checked against an export of
 * the log. The open-recommendation view and the yearly figures are computed from these
 * documents at query time (audit-reports.ts): ages and overdue depend on the clock.
 *
 * Free text (findings, descriptions, the auditor) is in the clear: an audit is about the
 * organisation, not about people, and its stream has no personal-data scheme.
 */

export const AUDIT_CATEGORY = 'audit';

/** A recommendation as issued (`RecommendationIssued`), and what became of it. */
export type RecommendationView = Readonly<RecommendationIssuedData> & {
  readonly implementedAt: string | null;
  /** What the dienst did, as recorded with the implementation. */
  readonly implementationDescription: string | null;
  readonly dpoInformedAt: string | null;
  /** Implemented and the FG informed of it: the only way a recommendation stops being open. */
  readonly settled: boolean;
  readonly events: { readonly issued: EventRef; readonly implemented: EventRef | null; readonly dpoInformed: EventRef | null };
};

/** The audit's report as recorded (`AuditCompleted`), and its recommendations. */
export type AuditRecommendationsDocument = Readonly<Omit<AuditCompletedData, 'findings' | 'regime'>> & {
  /** AVG or Wpg; a document from before the regime was recorded lacks it (read as the AVG). */
  readonly regime?: Regime;
  readonly findings: readonly Readonly<AuditFinding>[];
  /** The calendar year of completedAt in Europe/Amsterdam, as the breach figures count years. */
  readonly year: number;
  /** When the service recorded the audit (its own clock). */
  readonly recordedAt: string;
  readonly recommendations: readonly RecommendationView[];
  /** How many recommendations are not settled (queries select the audits with open ones by it). */
  readonly openRecommendations: number;
  readonly events: { readonly completed: EventRef };
  /** The stream revision of the last event folded in. */
  readonly revision: number;
  readonly lastPosition: string;
};

/** Today's shape of a stored audit event; refuses other categories, unknown types and other schema versions. */
export function readAuditEvent(event: StoredEvent): AuditEvent {
  return readStreamEvent<AuditEvent>(event, AUDIT_CATEGORY, AUDIT_EVENT_SCHEMA_VERSIONS);
}

/** The audit a stream belongs to: `audit-<uuid>` → `<uuid>`. */
export function auditIdOf(event: StoredEvent): string {
  return streamSubjectOf(event, AUDIT_CATEGORY);
}

/** (document | undefined, event) -> document; throws on anything it cannot place. */
export function evolveAuditRecommendations(document: AuditRecommendationsDocument | undefined, stored: StoredEvent): AuditRecommendationsDocument {
  const event = readAuditEvent(stored);
  const next = document === undefined ? completed(event, stored) : evolve(document, event, stored);
  return { ...next, openRecommendations: next.recommendations.filter((r) => !r.settled).length, revision: stored.revision, lastPosition: stored.position.toString() };
}

function completed(event: AuditEvent, stored: StoredEvent): AuditRecommendationsDocument {
  if (event.type !== 'AuditCompleted') throw new UnprojectableEventError(stored, 'an audit stream starts with AuditCompleted');
  const { auditId, title, kind, auditor, scope, completedAt, findings } = event.data;
  const regime = regimeOf(event.data);
  if (auditId !== auditIdOf(stored)) throw new UnprojectableEventError(stored, `AuditCompleted names audit ${auditId}`);
  return {
    auditId,
    title,
    kind,
    regime,
    auditor,
    scope,
    completedAt,
    year: amsterdamYear(completedAt),
    findings: findings.map(({ findingId, description }) => ({ findingId, description })),
    recordedAt: stored.metadata.recordedAt,
    recommendations: [],
    openRecommendations: 0,
    events: { completed: eventRef(stored) },
    revision: 0,
    lastPosition: '0',
  };
}

function evolve(document: AuditRecommendationsDocument, event: AuditEvent, stored: StoredEvent): AuditRecommendationsDocument {
  switch (event.type) {
    case 'AuditCompleted':
      throw new UnprojectableEventError(stored, 'the audit was already completed');
    case 'RecommendationIssued': {
      const { recommendationId, findingId, description, dienst, issuedAt, dueAt } = event.data;
      if (document.recommendations.some((r) => r.recommendationId === recommendationId)) throw new UnprojectableEventError(stored, `recommendation ${recommendationId} was already issued`);
      const issued: RecommendationView = {
        recommendationId,
        findingId,
        description,
        dienst,
        issuedAt,
        dueAt,
        implementedAt: null,
        implementationDescription: null,
        dpoInformedAt: null,
        settled: false,
        events: { issued: eventRef(stored), implemented: null, dpoInformed: null },
      };
      return { ...document, recommendations: [...document.recommendations, issued] };
    }
    // The commands refuse a second implementation or a second informing; should the log hold
    // one anyway (an import), the first stands, as the first DpoInformed does for a breach.
    case 'RecommendationImplemented':
      return update(document, event.data.recommendationId, stored, (r) =>
        r.implementedAt !== null ? r : { ...r, implementedAt: event.data.implementedAt, implementationDescription: event.data.description, events: { ...r.events, implemented: eventRef(stored) } },
      );
    case 'DpoInformedOfImplementation':
      return update(document, event.data.recommendationId, stored, (r) => (r.dpoInformedAt !== null ? r : { ...r, dpoInformedAt: event.data.informedAt, events: { ...r.events, dpoInformed: eventRef(stored) } }));
    default: {
      const unknown: never = event;
      throw new UnprojectableEventError(stored, `unknown audit event ${JSON.stringify(unknown)}`);
    }
  }
}

/** Changes one recommendation; a recommendation the audit never issued is a broken stream. */
function update(
  document: AuditRecommendationsDocument,
  recommendationId: string,
  stored: StoredEvent,
  change: (recommendation: RecommendationView) => RecommendationView,
): AuditRecommendationsDocument {
  if (!document.recommendations.some((r) => r.recommendationId === recommendationId)) throw new UnprojectableEventError(stored, `no recommendation ${recommendationId} was issued`);
  const recommendations = document.recommendations.map((r) => {
    if (r.recommendationId !== recommendationId) return r;
    const next = change(r);
    return { ...next, settled: !isOpen(next) };
  });
  return { ...document, recommendations };
}

export const auditRecommendations: ProjectionDefinition<AuditRecommendationsDocument> = {
  name: 'audit-recommendations.v1',
  category: AUDIT_CATEGORY,
  indexes: ['year', 'kind', 'completedAt', 'openRecommendations'],
  documentId: auditIdOf,
  documentPerStream: true,
  apply(document, event) {
    return replayed(document, event) ?? evolveAuditRecommendations(document, event);
  },
};

/** An audit in the list (GET /audits): its facts without the texts of findings and recommendations, and where its recommendations stand. */
export type AuditListItem = Readonly<Omit<AuditCompletedData, 'findings'>> & {
  readonly year: number;
  readonly recordedAt: string;
  readonly findingCount: number;
  readonly recommendations: { readonly issued: number; readonly implemented: number; readonly dpoInformed: number; readonly open: number };
  readonly lastPosition: string;
};

export function toAuditListItem(document: AuditRecommendationsDocument): AuditListItem {
  const { findings, recommendations, openRecommendations, events: _events, revision: _revision, ...facts } = document;
  return {
    ...facts,
    findingCount: findings.length,
    recommendations: {
      issued: recommendations.length,
      implemented: recommendations.filter((r) => r.implementedAt !== null).length,
      dpoInformed: recommendations.filter((r) => r.dpoInformedAt !== null).length,
      open: openRecommendations,
    },
  };
}
