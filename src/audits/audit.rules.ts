import { DomainError } from '../shared/domain-error.js';
import type { AuditState, CompletedAudit, RecommendationRecord } from './audit.state.js';

/**
 * The rules of docs/domain.md "Audits and recommendations", by their names there.
 * Pure functions: every time comes in as an argument. The time, text and dienst checks are
 * every slice's (src/shared/decision.rules.ts: one meaning of "not in the future beyond
 * skew" for the whole service).
 */
export { requireKnownDienst, requireNotBefore, requireNotInFuture, requireText, type DecisionContext } from '../shared/decision.rules.js';

/** The audit exists (the handler answers 404 before decide when it does not). */
export function requireAudit(state: AuditState): CompletedAudit {
  if (state.status === 'none') throw new DomainError('audit-not-completed', 'the audit has not been recorded');
  return state;
}

/** The recommendation was issued in this audit. */
export function requireRecommendation(audit: CompletedAudit, recommendationId: string): RecommendationRecord {
  const recommendation = audit.recommendations.find((candidate) => candidate.recommendationId === recommendationId);
  if (recommendation === undefined) {
    throw new DomainError('unknown-recommendation', `audit ${audit.auditId} has no recommendation ${recommendationId}`, { recommendationId });
  }
  return recommendation;
}

/** The recommendation has been implemented (the FG is informed of an implementation, not of a plan). */
export function requireImplemented(recommendation: RecommendationRecord): RecommendationRecord & { readonly implementedAt: string } {
  const { implementedAt } = recommendation;
  if (implementedAt === null) {
    throw new DomainError('recommendation-not-implemented', `recommendation ${recommendation.recommendationId} has not been implemented`, {
      recommendationId: recommendation.recommendationId,
    });
  }
  return { ...recommendation, implementedAt };
}

/** Whether a recommendation is still open: not implemented, or implemented without the FG being told (docs/domain.md: the FG's complaint). */
export function isOpen(recommendation: RecommendationRecord): boolean {
  return recommendation.implementedAt === null || recommendation.dpoInformedAt === null;
}
