import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { BreachCommands } from '../breach-commands.js';
import { ApNotifications } from '../get-ap-notification/get-ap-notification.js';
import { decideSupplementBreachReport, type SupplementBreachReport } from './supplement-breach-report.js';

export class SupplementBreachReportCommand {
  constructor(
    readonly breachId: string,
    readonly payload: SupplementBreachReport,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(SupplementBreachReportCommand)
export class SupplementBreachReportHandler implements ICommandHandler<SupplementBreachReportCommand, CommandOutcome> {
  constructor(
    private readonly breaches: BreachCommands,
    private readonly notifications: ApNotifications,
  ) {}

  execute({ breachId, payload, envelope }: SupplementBreachReportCommand): Promise<CommandOutcome> {
    // A follow-up filing is told to the AP too: it records the version of the prepared answers it copied.
    return this.breaches.handle(breachId, envelope, (state, context, history) =>
      decideSupplementBreachReport({ ...payload, apNotification: this.notifications.filedVersion(breachId, history.events, payload.apNotification, context.now) }, state, context),
    );
  }
}
