import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { AuditCommands } from '../audit-commands.js';
import { decideInformDpoOfImplementation, type InformDpoOfImplementation } from './inform-dpo-of-implementation.decide.js';

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
