import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v5 as uuidv5 } from 'uuid';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { DomainError } from '../../shared/domain-error.js';
import { AuditCommands } from '../audit-commands.js';
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

/** Recommendation ids derive from the audit and the command's idempotency key: a retry names the same recommendation. */
const RECOMMENDATION_ID_NAMESPACE = '80f0a7ac-7c38-4c0c-9217-633b46eef14f';
export const recommendationIdFor = (auditId: string, idempotencyKey: string): string => uuidv5(`${auditId}\n${idempotencyKey}`, RECOMMENDATION_ID_NAMESPACE);

export class IssueRecommendationCommand {
  constructor(
    readonly auditId: string,
    readonly payload: Omit<IssueRecommendation, 'recommendationId'>,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(IssueRecommendationCommand)
export class IssueRecommendationHandler implements ICommandHandler<IssueRecommendationCommand, CommandOutcome> {
  constructor(private readonly audits: AuditCommands) {}

  execute({ auditId, payload, envelope }: IssueRecommendationCommand): Promise<CommandOutcome> {
    const command: IssueRecommendation = { ...payload, recommendationId: recommendationIdFor(auditId, envelope.idempotencyKey) };
    return this.audits.handle(auditId, envelope, (state, context) => decideIssueRecommendation(command, state, context));
  }
}
