import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { DpiaCommands } from '../dpia-commands.js';
import { decideAbandonDpia, type AbandonDpia } from './abandon-dpia.decide.js';

export class AbandonDpiaCommand {
  constructor(
    readonly dpiaId: string,
    readonly payload: AbandonDpia,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(AbandonDpiaCommand)
export class AbandonDpiaHandler implements ICommandHandler<AbandonDpiaCommand, CommandOutcome> {
  constructor(private readonly dpias: DpiaCommands) {}

  execute({ dpiaId, payload, envelope }: AbandonDpiaCommand): Promise<CommandOutcome> {
    return this.dpias.handle(dpiaId, envelope, (state, context) => decideAbandonDpia(payload, state, context));
  }
}
