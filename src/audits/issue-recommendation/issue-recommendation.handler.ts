import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v5 as uuidv5 } from 'uuid';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { AuditCommands } from '../audit-commands.js';
import { decideIssueRecommendation, type IssueRecommendation } from './issue-recommendation.decide.js';

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
