import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { BreachCommands } from '../breach-commands.js';
import { decideAssessLateReason, type AssessLateReason } from './assess-late-reason.js';

export class AssessLateReasonCommand {
  constructor(
    readonly breachId: string,
    readonly payload: AssessLateReason,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(AssessLateReasonCommand)
export class AssessLateReasonHandler implements ICommandHandler<AssessLateReasonCommand, CommandOutcome> {
  constructor(private readonly breaches: BreachCommands) {}

  execute({ breachId, payload, envelope }: AssessLateReasonCommand): Promise<CommandOutcome> {
    return this.breaches.handle(breachId, envelope, (state, context) => decideAssessLateReason(payload, state, context));
  }
}
