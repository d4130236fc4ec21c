import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { ProcessingCommands } from '../processing-commands.js';
import { decideRegisterProcessingActivity, type RegisterProcessingActivity } from './register-processing-activity.decide.js';

export class RegisterProcessingActivityCommand {
  constructor(
    readonly payload: RegisterProcessingActivity,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(RegisterProcessingActivityCommand)
export class RegisterProcessingActivityHandler implements ICommandHandler<RegisterProcessingActivityCommand, CommandOutcome> {
  constructor(private readonly processing: ProcessingCommands) {}

  execute({ payload, envelope }: RegisterProcessingActivityCommand): Promise<CommandOutcome> {
    return this.processing.handle(payload.processingActivityId, envelope, (state, context) => decideRegisterProcessingActivity(payload, state, context), true);
  }
}
