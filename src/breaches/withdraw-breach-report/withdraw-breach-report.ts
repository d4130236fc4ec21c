import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { BreachEvent, WithdrawalGround } from '../breach.events.js';
import { requireNotBefore, requireNotInFuture, requireOpenBreach, requireStandingReport, requireText, type DecisionContext } from '../breach.rules.js';
import type { BreachState } from '../breach.state.js';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { BreachCommands } from '../breach-commands.js';

/**
 * Record that the report to the AP was withdrawn: it turned out not to be a breach, or not
 * one serious enough to report. The AP's rule of thumb: report early, withdraw if it proves
 * unnecessary. The breach stays registered (Art. 33(5)). The ground says which: `no-breach`
 * (it turned out not to be a breach) or `other`; the AP asks for the two apart. A new filing
 * may follow (report-breach-to-ap).
 */
export interface WithdrawBreachReport {
  readonly withdrawnAt: string;
  readonly ground: WithdrawalGround;
  readonly reason: string;
}

export function decideWithdrawBreachReport(command: WithdrawBreachReport, state: BreachState, context: DecisionContext): BreachEvent[] {
  const breach = requireOpenBreach(state);
  const report = requireStandingReport(breach);
  // Art. 33(5): the reasoning behind each decision is documented, and withdrawing is one.
  requireText('reason', command.reason, 'withdrawal-requires-reason', 'a withdrawal must say why the report proved unnecessary');
  requireNotInFuture('withdrawnAt', command.withdrawnAt, context);
  requireNotBefore('withdrawnAt', command.withdrawnAt, 'lastFiledAt', report.lastFiledAt);
  return [{ type: 'BreachReportWithdrawn', data: { withdrawnAt: command.withdrawnAt, reason: command.reason.trim(), ground: command.ground } }];
}

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
