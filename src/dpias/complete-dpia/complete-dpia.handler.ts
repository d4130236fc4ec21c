import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { DpiaCommands } from '../dpia-commands.js';
import { decideCompleteDpia, type CompleteDpia } from './complete-dpia.decide.js';

export class CompleteDpiaCommand {
  constructor(
    readonly dpiaId: string,
    readonly payload: CompleteDpia,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(CompleteDpiaCommand)
export class CompleteDpiaHandler implements ICommandHandler<CompleteDpiaCommand, CommandOutcome> {
  constructor(private readonly dpias: DpiaCommands) {}

  execute({ dpiaId, payload, envelope }: CompleteDpiaCommand): Promise<CommandOutcome> {
    return this.dpias.handle(dpiaId, envelope, (state, context) => decideCompleteDpia(payload, state, context));
  }
}
