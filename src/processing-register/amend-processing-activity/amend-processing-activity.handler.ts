import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { ProcessingCommands } from '../processing-commands.js';
import { decideAmendProcessingActivity, type AmendProcessingActivity } from './amend-processing-activity.decide.js';

export class AmendProcessingActivityCommand {
  constructor(
    readonly processingActivityId: string,
    readonly payload: AmendProcessingActivity,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(AmendProcessingActivityCommand)
export class AmendProcessingActivityHandler implements ICommandHandler<AmendProcessingActivityCommand, CommandOutcome> {
  constructor(private readonly processing: ProcessingCommands) {}

  execute({ processingActivityId, payload, envelope }: AmendProcessingActivityCommand): Promise<CommandOutcome> {
    return this.processing.handle(processingActivityId, envelope, (state, context) => decideAmendProcessingActivity(payload, state, context));
  }
}
