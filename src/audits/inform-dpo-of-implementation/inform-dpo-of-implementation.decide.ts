import { DomainError } from '../../shared/domain-error.js';
import type { AuditEvent, DpoInformedOfImplementationData } from '../audit.events.js';
import { requireAudit, requireImplemented, requireNotBefore, requireNotInFuture, requireRecommendation, type DecisionContext } from '../audit.rules.js';
import type { AuditState } from '../audit.state.js';

/**
 * Record that the FG was informed of a recommendation's implementation (docs/domain.md: audits end
 * and nobody knows whether anything was implemented). Only an implemented recommendation.
 */
export type InformDpoOfImplementation = DpoInformedOfImplementationData;

export function decideInformDpoOfImplementation(command: InformDpoOfImplementation, state: AuditState, context: DecisionContext): AuditEvent[] {
  const recommendation = requireImplemented(requireRecommendation(requireAudit(state), command.recommendationId));
  if (recommendation.dpoInformedAt !== null) {
    throw new DomainError('dpo-already-informed-of-implementation', `the FG was informed of recommendation ${command.recommendationId} at ${recommendation.dpoInformedAt}`, {
      recommendationId: command.recommendationId,
      informedAt: recommendation.dpoInformedAt,
    });
  }
  requireNotInFuture('informedAt', command.informedAt, context);
  requireNotBefore('informedAt', command.informedAt, 'implementedAt', recommendation.implementedAt);
  return [{ type: 'DpoInformedOfImplementation', data: { ...command } }];
}
