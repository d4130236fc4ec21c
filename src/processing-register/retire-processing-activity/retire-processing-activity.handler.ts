import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { ProcessingCommands } from '../processing-commands.js';
import { decideRetireProcessingActivity, type RetireProcessingActivity } from './retire-processing-activity.decide.js';

export class RetireProcessingActivityCommand {
  constructor(
    readonly processingActivityId: string,
    readonly payload: RetireProcessingActivity,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(RetireProcessingActivityCommand)
export class RetireProcessingActivityHandler implements ICommandHandler<RetireProcessingActivityCommand, CommandOutcome> {
  constructor(private readonly processing: ProcessingCommands) {}

  execute({ processingActivityId, payload, envelope }: RetireProcessingActivityCommand): Promise<CommandOutcome> {
    return this.processing.handle(processingActivityId, envelope, (state, context) => decideRetireProcessingActivity(payload, state, context));
  }
}
