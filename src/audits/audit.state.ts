import type { AuditCompletedData, AuditEvent } from './audit.events.js';

/** What the rules need to know of one recommendation; the views are built elsewhere (projections). */
export interface RecommendationRecord {
  readonly recommendationId: string;
  readonly findingId: string | null;
  readonly dienst: string;
  readonly issuedAt: string;
  readonly dueAt: string | null;
  readonly implementedAt: string | null;
  readonly dpoInformedAt: string | null;
}

export interface AuditRecord {
  readonly auditId: string;
  readonly facts: Omit<AuditCompletedData, 'auditId'>;
  readonly recommendations: readonly RecommendationRecord[];
}

/** An audit stream starts with the audit's report: `none` → `completed`. */
export type AuditState = { readonly status: 'none' } | ({ readonly status: 'completed' } & AuditRecord);

export type CompletedAudit = Extract<AuditState, { status: 'completed' }>;

export const initialState = (): AuditState => ({ status: 'none' });

function updateRecommendation(state: CompletedAudit, recommendationId: string, change: Partial<RecommendationRecord>): AuditState {
  return {
    ...state,
    recommendations: state.recommendations.map((recommendation) => (recommendation.recommendationId === recommendationId ? { ...recommendation, ...change } : recommendation)),
  };
}

export function evolve(state: AuditState, event: AuditEvent): AuditState {
  if (event.type === 'AuditCompleted') {
    const { auditId, ...facts } = event.data;
    return { status: 'completed', auditId, facts, recommendations: [] };
  }
  if (state.status === 'none') return state; // nothing precedes the completion in a valid stream
  switch (event.type) {
    case 'RecommendationIssued': {
      const { recommendationId, findingId, dienst, issuedAt, dueAt } = event.data;
      return { ...state, recommendations: [...state.recommendations, { recommendationId, findingId, dienst, issuedAt, dueAt, implementedAt: null, dpoInformedAt: null }] };
    }
    case 'RecommendationImplemented':
      return updateRecommendation(state, event.data.recommendationId, { implementedAt: event.data.implementedAt });
    case 'DpoInformedOfImplementation':
      return updateRecommendation(state, event.data.recommendationId, { dpoInformedAt: event.data.informedAt });
    default: {
      const unknown: never = event;
      throw new Error(`unknown audit event ${(unknown as { type: string }).type}`);
    }
  }
}
