import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { BreachCommands } from '../breach-commands.js';
import { decideWaiveDataSubjectNotification, type WaiveDataSubjectNotification } from './waive-data-subject-notification.js';

export class WaiveDataSubjectNotificationCommand {
  constructor(
    readonly breachId: string,
    readonly payload: WaiveDataSubjectNotification,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(WaiveDataSubjectNotificationCommand)
export class WaiveDataSubjectNotificationHandler implements ICommandHandler<WaiveDataSubjectNotificationCommand, CommandOutcome> {
  constructor(private readonly breaches: BreachCommands) {}

  execute({ breachId, payload, envelope }: WaiveDataSubjectNotificationCommand): Promise<CommandOutcome> {
    return this.breaches.handle(breachId, envelope, (state, context) => decideWaiveDataSubjectNotification(payload, state, context));
  }
}
