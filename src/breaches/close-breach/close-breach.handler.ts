import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { BreachCommands } from '../breach-commands.js';
import { decideCloseBreach, type CloseBreach } from './close-breach.js';

export class CloseBreachCommand {
  constructor(
    readonly breachId: string,
    readonly payload: CloseBreach,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(CloseBreachCommand)
export class CloseBreachHandler implements ICommandHandler<CloseBreachCommand, CommandOutcome> {
  constructor(private readonly breaches: BreachCommands) {}

  execute({ breachId, payload, envelope }: CloseBreachCommand): Promise<CommandOutcome> {
    return this.breaches.handle(breachId, envelope, (state, context) => decideCloseBreach(payload, state, context));
  }
}
