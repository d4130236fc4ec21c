import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { BreachCommands } from '../breach-commands.js';
import { decideGiveDpoAdvice, type GiveDpoAdvice } from './give-dpo-advice.js';

export class GiveDpoAdviceCommand {
  constructor(
    readonly breachId: string,
    readonly payload: GiveDpoAdvice,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(GiveDpoAdviceCommand)
export class GiveDpoAdviceHandler implements ICommandHandler<GiveDpoAdviceCommand, CommandOutcome> {
  constructor(private readonly breaches: BreachCommands) {}

  execute({ breachId, payload, envelope }: GiveDpoAdviceCommand): Promise<CommandOutcome> {
    return this.breaches.handle(breachId, envelope, (state, context) => decideGiveDpoAdvice(payload, state, context));
  }
}
