import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { DomainError } from '../../shared/domain-error.js';
import { AuditCommands } from '../audit-commands.js';
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

export class InformDpoOfImplementationCommand {
  constructor(
    readonly auditId: string,
    readonly recommendationId: string,
    readonly payload: Omit<InformDpoOfImplementation, 'recommendationId'>,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(InformDpoOfImplementationCommand)
export class InformDpoOfImplementationHandler implements ICommandHandler<InformDpoOfImplementationCommand, CommandOutcome> {
  constructor(private readonly audits: AuditCommands) {}

  execute({ auditId, recommendationId, payload, envelope }: InformDpoOfImplementationCommand): Promise<CommandOutcome> {
    const command: InformDpoOfImplementation = { ...payload, recommendationId };
    return this.audits.handle(auditId, envelope, (state, context) => decideInformDpoOfImplementation(command, state, context));
  }
}
