import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { ProcessingCommands } from '../processing-commands.js';
import { decidePublishProcessingActivity, type PublishProcessingActivity } from './publish-processing-activity.decide.js';

export class PublishProcessingActivityCommand {
  constructor(
    readonly processingActivityId: string,
    readonly payload: PublishProcessingActivity,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(PublishProcessingActivityCommand)
export class PublishProcessingActivityHandler implements ICommandHandler<PublishProcessingActivityCommand, CommandOutcome> {
  constructor(private readonly processing: ProcessingCommands) {}

  execute({ processingActivityId, payload, envelope }: PublishProcessingActivityCommand): Promise<CommandOutcome> {
    return this.processing.handle(processingActivityId, envelope, (state, context) => decidePublishProcessingActivity(payload, state, context));
  }
}
