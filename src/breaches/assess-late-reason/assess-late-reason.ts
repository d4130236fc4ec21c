import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '../../shared/domain-error.js';
import type { BreachEvent, LateReasonVerdict } from '../breach.events.js';
import { requireBreach, requireNotBefore, requireNotInFuture, requireText, type DecisionContext } from '../breach.rules.js';
import type { BreachState } from '../breach.state.js';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { BreachCommands } from '../breach-commands.js';

/**
 * The FG's verdict on the reason a report was late (Art. 33(1): a late notification is
 * "accompanied by reasons for the delay"; the AP does not accept every reason). The FG is
 * independent (Art. 38(3)): a verdict may follow closure, and a new one replaces the last.
 */
export interface AssessLateReason {
  readonly verdict: LateReasonVerdict;
  readonly comment: string;
  readonly assessedAt: string;
}

export function decideAssessLateReason(command: AssessLateReason, state: BreachState, context: DecisionContext): BreachEvent[] {
  const { report } = requireBreach(state);
  if (report === null) throw new DomainError('not-reported', 'the breach has not been reported to the AP, so there is no late reason to judge');
  if (!report.late) throw new DomainError('report-not-late', `the report of ${report.reportedAt} was within the deadline; there is no late reason to judge`, { reportedAt: report.reportedAt });
  // Only imported history can be late without a reason; there is nothing to judge then.
  if (report.lateReason === null) throw new DomainError('no-late-reason', 'the report was late but carries no recorded reason, so there is nothing to judge', { reportedAt: report.reportedAt });
  requireText('comment', command.comment, 'verdict-requires-comment', 'a verdict on a late reason needs the FG\'s comment');
  requireNotInFuture('assessedAt', command.assessedAt, context);
  requireNotBefore('assessedAt', command.assessedAt, 'reportedAt', report.reportedAt);
  return [{ type: 'LateReasonAssessed', data: { verdict: command.verdict, comment: command.comment.trim(), assessedAt: command.assessedAt } }];
}

export class AssessLateReasonCommand {
  constructor(
    readonly breachId: string,
    readonly payload: AssessLateReason,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(AssessLateReasonCommand)
export class AssessLateReasonHandler implements ICommandHandler<AssessLateReasonCommand, CommandOutcome> {
  constructor(private readonly breaches: BreachCommands) {}

  execute({ breachId, payload, envelope }: AssessLateReasonCommand): Promise<CommandOutcome> {
    return this.breaches.handle(breachId, envelope, (state, context) => decideAssessLateReason(payload, state, context));
  }
}
