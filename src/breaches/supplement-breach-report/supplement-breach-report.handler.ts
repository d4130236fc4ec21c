import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { BreachCommands } from '../breach-commands.js';
import { ApNotifications, filedVersion } from '../get-ap-notification/get-ap-notification.js';
import { decideSupplementBreachReport, type SupplementBreachReport } from './supplement-breach-report.decide.js';

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

  async execute({ breachId, payload, envelope }: SupplementBreachReportCommand): Promise<CommandOutcome> {
    // A follow-up filing is told to the AP too: it records the version of the prepared answers it copied.
    const command = { ...payload, apNotification: await filedVersion(this.notifications, breachId, payload.apNotification) };
    return this.breaches.handle(breachId, envelope, (state, context) => decideSupplementBreachReport(command, state, context));
  }
}
