import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { BreachCommands } from '../breach-commands.js';
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
  constructor(private readonly breaches: BreachCommands) {}

  execute({ breachId, payload, envelope }: SupplementBreachReportCommand): Promise<CommandOutcome> {
    return this.breaches.handle(breachId, envelope, (state, context) => decideSupplementBreachReport(payload, state, context));
  }
}
