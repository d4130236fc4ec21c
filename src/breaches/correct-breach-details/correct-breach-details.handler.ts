import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { BreachCommands } from '../breach-commands.js';
import { decideCorrectBreachDetails, type CorrectBreachDetails } from './correct-breach-details.js';

export class CorrectBreachDetailsCommand {
  constructor(
    readonly breachId: string,
    readonly payload: CorrectBreachDetails,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(CorrectBreachDetailsCommand)
export class CorrectBreachDetailsHandler implements ICommandHandler<CorrectBreachDetailsCommand, CommandOutcome> {
  constructor(private readonly breaches: BreachCommands) {}

  execute({ breachId, payload, envelope }: CorrectBreachDetailsCommand): Promise<CommandOutcome> {
    return this.breaches.handle(breachId, envelope, (state, context) => decideCorrectBreachDetails(payload, state, context));
  }
}
