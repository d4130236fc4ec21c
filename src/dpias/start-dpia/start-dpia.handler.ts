import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { DpiaCommands } from '../dpia-commands.js';
import { decideStartDpia, type StartDpia } from './start-dpia.decide.js';

export class StartDpiaCommand {
  constructor(
    readonly payload: StartDpia,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(StartDpiaCommand)
export class StartDpiaHandler implements ICommandHandler<StartDpiaCommand, CommandOutcome> {
  constructor(private readonly dpias: DpiaCommands) {}

  execute({ payload, envelope }: StartDpiaCommand): Promise<CommandOutcome> {
    return this.dpias.handle(payload.dpiaId, envelope, (state, context) => decideStartDpia(payload, state, context), true);
  }
}
