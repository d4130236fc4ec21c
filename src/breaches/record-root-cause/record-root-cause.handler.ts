import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { BreachCommands } from '../breach-commands.js';
import { decideRecordRootCause, type RecordRootCause } from './record-root-cause.js';

export class RecordRootCauseCommand {
  constructor(
    readonly breachId: string,
    readonly payload: RecordRootCause,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(RecordRootCauseCommand)
export class RecordRootCauseHandler implements ICommandHandler<RecordRootCauseCommand, CommandOutcome> {
  constructor(private readonly breaches: BreachCommands) {}

  execute({ breachId, payload, envelope }: RecordRootCauseCommand): Promise<CommandOutcome> {
    return this.breaches.handle(breachId, envelope, (state, context) => decideRecordRootCause(payload, state, context));
  }
}
