import { DomainError } from '../../shared/domain-error.js';
import type { AuditEvent, RecommendationImplementedData } from '../audit.events.js';
import { requireAudit, requireNotBefore, requireNotInFuture, requireRecommendation, requireText, type DecisionContext } from '../audit.rules.js';
import type { AuditState } from '../audit.state.js';

/** Record that a recommendation was implemented, and how. */
export type ImplementRecommendation = RecommendationImplementedData;

export function decideImplementRecommendation(command: ImplementRecommendation, state: AuditState, context: DecisionContext): AuditEvent[] {
  const recommendation = requireRecommendation(requireAudit(state), command.recommendationId);
  if (recommendation.implementedAt !== null) {
    throw new DomainError('recommendation-already-implemented', `recommendation ${command.recommendationId} was implemented at ${recommendation.implementedAt}`, {
      recommendationId: command.recommendationId,
      implementedAt: recommendation.implementedAt,
    });
  }
  requireText('description', command.description, 'implementation-requires-description', 'say how the recommendation was implemented');
  requireNotInFuture('implementedAt', command.implementedAt, context);
  requireNotBefore('implementedAt', command.implementedAt, 'issuedAt', recommendation.issuedAt);
  return [{ type: 'RecommendationImplemented', data: { ...command, description: command.description.trim() } }];
}
