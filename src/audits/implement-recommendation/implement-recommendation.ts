import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { DomainError } from '../../shared/domain-error.js';
import { AuditCommands } from '../audit-commands.js';
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

export class ImplementRecommendationCommand {
  constructor(
    readonly auditId: string,
    readonly recommendationId: string,
    readonly payload: Omit<ImplementRecommendation, 'recommendationId'>,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(ImplementRecommendationCommand)
export class ImplementRecommendationHandler implements ICommandHandler<ImplementRecommendationCommand, CommandOutcome> {
  constructor(private readonly audits: AuditCommands) {}

  execute({ auditId, recommendationId, payload, envelope }: ImplementRecommendationCommand): Promise<CommandOutcome> {
    const command: ImplementRecommendation = { ...payload, recommendationId };
    return this.audits.handle(auditId, envelope, (state, context) => decideImplementRecommendation(command, state, context));
  }
}
