import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { BreachCommands } from '../breach-commands.js';
import { decideNotifyDataSubjects, type NotifyDataSubjects } from './notify-data-subjects.js';

export class NotifyDataSubjectsCommand {
  constructor(
    readonly breachId: string,
    readonly payload: NotifyDataSubjects,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(NotifyDataSubjectsCommand)
export class NotifyDataSubjectsHandler implements ICommandHandler<NotifyDataSubjectsCommand, CommandOutcome> {
  constructor(private readonly breaches: BreachCommands) {}

  execute({ breachId, payload, envelope }: NotifyDataSubjectsCommand): Promise<CommandOutcome> {
    return this.breaches.handle(breachId, envelope, (state, context) => decideNotifyDataSubjects(payload, state, context));
  }
}
