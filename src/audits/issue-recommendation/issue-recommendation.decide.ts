import { DomainError } from '../../shared/domain-error.js';
import type { AuditEvent, RecommendationIssuedData } from '../audit.events.js';
import { requireAudit, requireKnownDienst, requireNotBefore, requireNotInFuture, requireText, type DecisionContext } from '../audit.rules.js';
import type { AuditState } from '../audit.state.js';

/**
 * Record a recommendation of the audit, for the dienst that has to implement it. The handler
 * derives recommendationId from the command's idempotency key, so a retry names the same one.
 */
export type IssueRecommendation = RecommendationIssuedData;

export function decideIssueRecommendation(command: IssueRecommendation, state: AuditState, context: DecisionContext): AuditEvent[] {
  const audit = requireAudit(state);
  if (audit.recommendations.some((recommendation) => recommendation.recommendationId === command.recommendationId)) {
    throw new DomainError('recommendation-already-issued', `recommendation ${command.recommendationId} has already been issued`, { recommendationId: command.recommendationId });
  }
  const findingId = command.findingId?.trim() ?? null;
  if (findingId !== null && !audit.facts.findings.some((finding) => finding.findingId === findingId)) {
    throw new DomainError('unknown-finding', `audit ${audit.auditId} has no finding ${findingId}`, { findingId });
  }
  requireKnownDienst(command.dienst, context);
  requireText('description', command.description, 'recommendation-requires-description', 'describe the recommendation');
  requireNotInFuture('issuedAt', command.issuedAt, context);
  // A recommendation comes from the audit's report: not before the audit was completed.
  requireNotBefore('issuedAt', command.issuedAt, 'completedAt', audit.facts.completedAt);
  // A due date lies ahead of the recommendation (it may lie in the future).
  if (command.dueAt !== null) requireNotBefore('dueAt', command.dueAt, 'issuedAt', command.issuedAt);
  return [{ type: 'RecommendationIssued', data: { ...command, findingId, description: command.description.trim() } }];
}
