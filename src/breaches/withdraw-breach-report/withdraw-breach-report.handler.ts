import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { BreachCommands } from '../breach-commands.js';
import { decideWithdrawBreachReport, type WithdrawBreachReport } from './withdraw-breach-report.js';

export class WithdrawBreachReportCommand {
  constructor(
    readonly breachId: string,
    readonly payload: WithdrawBreachReport,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(WithdrawBreachReportCommand)
export class WithdrawBreachReportHandler implements ICommandHandler<WithdrawBreachReportCommand, CommandOutcome> {
  constructor(private readonly breaches: BreachCommands) {}

  execute({ breachId, payload, envelope }: WithdrawBreachReportCommand): Promise<CommandOutcome> {
    return this.breaches.handle(breachId, envelope, (state, context) => decideWithdrawBreachReport(payload, state, context));
  }
}
