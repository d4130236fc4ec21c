import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { DpiaCommands } from '../dpia-commands.js';
import { decideGiveDpoAdviceOnDpia, type GiveDpoAdviceOnDpia } from './give-dpo-advice-on-dpia.decide.js';

export class GiveDpoAdviceOnDpiaCommand {
  constructor(
    readonly dpiaId: string,
    readonly payload: GiveDpoAdviceOnDpia,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(GiveDpoAdviceOnDpiaCommand)
export class GiveDpoAdviceOnDpiaHandler implements ICommandHandler<GiveDpoAdviceOnDpiaCommand, CommandOutcome> {
  constructor(private readonly dpias: DpiaCommands) {}

  execute({ dpiaId, payload, envelope }: GiveDpoAdviceOnDpiaCommand): Promise<CommandOutcome> {
    return this.dpias.handle(dpiaId, envelope, (state, context) => decideGiveDpoAdviceOnDpia(payload, state, context));
  }
}
