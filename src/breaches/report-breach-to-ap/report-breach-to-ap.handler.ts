import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { BreachCommands } from '../breach-commands.js';
import { ApNotifications } from '../get-ap-notification/get-ap-notification.js';
import { decideReportBreachToAP, type ReportBreachToAP } from './report-breach-to-ap.js';

export class ReportBreachToAPCommand {
  constructor(
    readonly breachId: string,
    readonly payload: ReportBreachToAP,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(ReportBreachToAPCommand)
export class ReportBreachToAPHandler implements ICommandHandler<ReportBreachToAPCommand, CommandOutcome> {
  constructor(
    private readonly breaches: BreachCommands,
    private readonly notifications: ApNotifications,
  ) {}

  execute({ breachId, payload, envelope }: ReportBreachToAPCommand): Promise<CommandOutcome> {
    // What was told to the AP stays provable: the filing records the version of the prepared answers it copied.
    return this.breaches.handle(breachId, envelope, (state, context, history) =>
      decideReportBreachToAP({ ...payload, apNotification: this.notifications.filedVersion(breachId, history.events, payload.apNotification, context.now) }, state, context),
    );
  }
}
