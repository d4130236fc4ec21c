import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { BreachCommands } from '../breach-commands.js';
import { decideReportBreachToAP, type ReportBreachToAP } from './report-breach-to-ap.decide.js';

export class ReportBreachToAPCommand {
  constructor(
    readonly breachId: string,
    readonly payload: ReportBreachToAP,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(ReportBreachToAPCommand)
export class ReportBreachToAPHandler implements ICommandHandler<ReportBreachToAPCommand, CommandOutcome> {
  constructor(private readonly breaches: BreachCommands) {}

  execute({ breachId, payload, envelope }: ReportBreachToAPCommand): Promise<CommandOutcome> {
    return this.breaches.handle(breachId, envelope, (state, context) => decideReportBreachToAP(payload, state, context));
  }
}
