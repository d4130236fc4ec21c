import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { BreachCommands } from '../breach-commands.js';
import { decideRegisterBreach, type RegisterBreach } from './register-breach.js';

export class RegisterBreachCommand {
  constructor(
    readonly payload: RegisterBreach,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(RegisterBreachCommand)
export class RegisterBreachHandler implements ICommandHandler<RegisterBreachCommand, CommandOutcome> {
  constructor(private readonly breaches: BreachCommands) {}

  execute({ payload, envelope }: RegisterBreachCommand): Promise<CommandOutcome> {
    return this.breaches.handle(payload.breachId, envelope, (state, context) => decideRegisterBreach(payload, state, context), true);
  }
}
