import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { AuditCommands } from '../audit-commands.js';
import { decideImplementRecommendation, type ImplementRecommendation } from './implement-recommendation.decide.js';

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
