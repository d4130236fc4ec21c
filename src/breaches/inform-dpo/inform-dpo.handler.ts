import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { BreachCommands } from '../breach-commands.js';
import { decideInformDpo, type InformDpo } from './inform-dpo.js';

export class InformDpoCommand {
  constructor(
    readonly breachId: string,
    readonly payload: InformDpo,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(InformDpoCommand)
export class InformDpoHandler implements ICommandHandler<InformDpoCommand, CommandOutcome> {
  constructor(private readonly breaches: BreachCommands) {}

  execute({ breachId, payload, envelope }: InformDpoCommand): Promise<CommandOutcome> {
    return this.breaches.handle(breachId, envelope, (state, context) => decideInformDpo(payload, state, context));
  }
}
