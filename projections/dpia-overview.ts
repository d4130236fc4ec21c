import type { StoredEvent } from '../src/event-store/event-store.port.js';
import { DPIA_EVENT_SCHEMA_VERSIONS, type AdviceFollowed, type DpiaEvent, type ResidualRisk } from '../src/dpias/dpia.events.js';
import { requiresPriorConsultation, reviewDueAt } from '../src/dpias/dpia.rules.js';
import { amsterdamYear, isImported, replayed, UnprojectableEventError } from './breach-stream.js';
import type { ProjectionDefinition } from './projection.js';
import { evidenceOf, idInCategory, readCategoryEvent, type EvidenceEntry, type StreamReader } from './stream.js';

/**
 * `dpia-overview.v2`: one document per DPIA (Art. 35, 36), with what the FG's overview asks
 * of it (docs/domain.md "DPIAs"): its dienst and status, when it started and was completed, the
 * residual risk, whether the FG advised before completion, whether the AP was consulted when
 * Art. 36 requires it, when its review falls due — and every event it was built from, so a
 * figure in a report can be traced to the log. The year questions (pivot, trend, reviews due)
 * are answered at query time from these documents (governance-reports.ts).
 */

export const DPIA_CATEGORY = 'dpia';

export const DPIA_STREAM: StreamReader<DpiaEvent> = { category: DPIA_CATEGORY, schemaVersions: DPIA_EVENT_SCHEMA_VERSIONS };

export type DpiaStatus = 'in-progress' | 'completed' | 'abandoned';

export type PriorConsultationView = {
  readonly requestedAt: string;
  readonly apReference: string;
  readonly concludedAt: string | null;
  readonly outcome: string | null;
};

export type DpiaOverviewDocument = {
  readonly dpiaId: string;
  readonly title: string;
  readonly dienst: string;
  readonly processingActivityId: string | null;
  readonly owner: string;
  readonly status: DpiaStatus;
  readonly startedAt: string;
  /** Calendar years in Europe/Amsterdam, as the annual report counts them. */
  readonly startedYear: number;
  /** The FG's first advice (Art. 35(2)), if any. */
  readonly dpoAdvisedAt: string | null;
  readonly completedAt: string | null;
  readonly completedYear: number | null;
  readonly residualRisk: ResidualRisk | null;
  readonly adviceFollowed: AdviceFollowed | null;
  /** Null until completed; true when completed without the FG's advice (its reason below). */
  readonly completedWithoutDpoAdvice: boolean | null;
  readonly withoutAdviceReason: string | null;
  /** Why the FG's advice was not (or partly not) followed (WP248 rev.01, WP243 rev.01). */
  readonly adviceNotFollowedJustification: string | null;
  readonly measuresCannotReduceRisk: boolean | null;
  /** Art. 36(1): high residual risk that the measures cannot reduce. */
  readonly priorConsultationRequired: boolean;
  readonly priorConsultation: PriorConsultationView | null;
  /** A completed DPIA with a high residual risk for which the AP was not (yet) consulted. */
  readonly highRiskWithoutPriorConsultation: boolean;
  readonly abandonedAt: string | null;
  readonly abandonedYear: number | null;
  readonly abandonReason: string | null;
  readonly lastReviewedAt: string | null;
  /** Three years after completion or the last review (the DPIA's own clock; amendments of the processing come on top, at query time). */
  readonly reviewDueAt: string | null;
  readonly imported: boolean;
  readonly events: readonly EvidenceEntry[];
  readonly revision: number;
  readonly lastPosition: string;
};

type Patch = Partial<DpiaOverviewDocument>;

function businessTimeOf(event: DpiaEvent): string {
  switch (event.type) {
    case 'DpiaStarted':
      return event.data.startedAt;
    case 'DpoAdviceOnDpiaGiven':
      return event.data.advisedAt;
    case 'DpiaCompleted':
      return event.data.completedAt;
    case 'PriorConsultationRequested':
      return event.data.requestedAt;
    case 'PriorConsultationConcluded':
      return event.data.concludedAt;
    case 'DpiaAbandoned':
      return event.data.abandonedAt;
    case 'DpiaReviewed':
      return event.data.reviewedAt;
    default: {
      const unknown: never = event;
      throw new Error(`unknown DPIA event ${JSON.stringify(unknown)}`);
    }
  }
}

/** What an event (other than the start) changes in the document. */
function patchOf(document: DpiaOverviewDocument, event: Exclude<DpiaEvent, { type: 'DpiaStarted' }>): Patch {
  switch (event.type) {
    case 'DpoAdviceOnDpiaGiven':
      return { dpoAdvisedAt: document.dpoAdvisedAt ?? event.data.advisedAt };
    case 'DpiaCompleted': {
      const { completedAt, residualRisk, adviceFollowed, withoutAdviceReason, measuresCannotReduceRisk, adviceNotFollowedJustification } = event.data;
      return {
        status: 'completed',
        completedAt,
        completedYear: amsterdamYear(completedAt),
        residualRisk,
        adviceFollowed,
        completedWithoutDpoAdvice: adviceFollowed === 'no-advice',
        withoutAdviceReason,
        adviceNotFollowedJustification: adviceNotFollowedJustification ?? null,
        measuresCannotReduceRisk,
        priorConsultationRequired: requiresPriorConsultation(residualRisk, measuresCannotReduceRisk),
        reviewDueAt: reviewDueAt(completedAt),
      };
    }
    case 'PriorConsultationRequested':
      return { priorConsultation: { requestedAt: event.data.requestedAt, apReference: event.data.apReference, concludedAt: null, outcome: null } };
    case 'PriorConsultationConcluded':
      return document.priorConsultation === null ? {} : { priorConsultation: { ...document.priorConsultation, concludedAt: event.data.concludedAt, outcome: event.data.outcome } };
    case 'DpiaAbandoned':
      return { status: 'abandoned', abandonedAt: event.data.abandonedAt, abandonedYear: amsterdamYear(event.data.abandonedAt), abandonReason: event.data.reason };
    case 'DpiaReviewed':
      return { lastReviewedAt: event.data.reviewedAt, reviewDueAt: event.data.nextReviewDue };
    default: {
      const unknown: never = event;
      throw new Error(`unknown DPIA event ${JSON.stringify(unknown)}`);
    }
  }
}

export function evolveDpiaOverview(document: DpiaOverviewDocument | undefined, stored: StoredEvent): DpiaOverviewDocument {
  const event = readCategoryEvent(DPIA_STREAM, stored);
  const evidence = evidenceOf(stored, businessTimeOf(event));
  const position = { revision: stored.revision, lastPosition: stored.position.toString() };
  if (event.type === 'DpiaStarted') {
    const { dpiaId, title, dienst, processingActivityId, owner, startedAt } = event.data;
    return {
      dpiaId,
      title,
      dienst,
      processingActivityId,
      owner,
      status: 'in-progress',
      startedAt,
      startedYear: amsterdamYear(startedAt),
      dpoAdvisedAt: null,
      completedAt: null,
      completedYear: null,
      residualRisk: null,
      adviceFollowed: null,
      completedWithoutDpoAdvice: null,
      withoutAdviceReason: null,
      adviceNotFollowedJustification: null,
      measuresCannotReduceRisk: null,
      priorConsultationRequired: false,
      priorConsultation: null,
      highRiskWithoutPriorConsultation: false,
      abandonedAt: null,
      abandonedYear: null,
      abandonReason: null,
      lastReviewedAt: null,
      reviewDueAt: null,
      imported: isImported(stored),
      events: [evidence],
      ...position,
    };
  }
  if (document === undefined) throw new UnprojectableEventError(stored, 'the stream does not start with DpiaStarted');
  const next = { ...document, ...patchOf(document, event), events: [...document.events, evidence], ...position };
  return { ...next, highRiskWithoutPriorConsultation: next.status === 'completed' && next.residualRisk === 'high' && next.priorConsultation === null };
}

export const dpiaOverview: ProjectionDefinition<DpiaOverviewDocument> = {
  // v2: the justification of advice not followed.
  name: 'dpia-overview.v2',
  category: DPIA_CATEGORY,
  indexes: ['dienst', 'status', 'startedAt', 'startedYear', 'completedYear', 'processingActivityId', 'completedWithoutDpoAdvice', 'highRiskWithoutPriorConsultation', 'reviewDueAt'],
  documentId: idInCategory(DPIA_CATEGORY),
  documentPerStream: true,
  apply(document, event) {
    return replayed(document, event) ?? evolveDpiaOverview(document, event);
  },
};
