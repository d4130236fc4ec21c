import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '../../shared/domain-error.js';
import type { ApNotificationVersion, BreachEvent, ReportPhase } from '../breach.events.js';
import { requireNotBefore, requireNotInFuture, requireOpenBreach, requireStandingReport, requireText, type DecisionContext } from '../breach.rules.js';
import type { BreachState } from '../breach.state.js';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { BreachCommands } from '../breach-commands.js';
import { ApNotifications } from '../get-ap-notification/get-ap-notification.js';

/**
 * Record a follow-up filing with the AP (vervolgmelding). Art. 33(4): information that is not
 * available at first "may be provided in phases without undue further delay".
 */
export interface SupplementBreachReport {
  readonly supplementedAt: string;
  readonly changes: string;
  readonly phase: ReportPhase;
  /** Which version of the prepared AP form was filed (get-ap-notification/): the handler checks it against the log. */
  readonly apNotification?: ApNotificationVersion;
}

export function decideSupplementBreachReport(command: SupplementBreachReport, state: BreachState, context: DecisionContext): BreachEvent[] {
  const breach = requireOpenBreach(state);
  const report = requireStandingReport(breach);
  // Phases only move forward: once the AP has the final report, a supplement amends it.
  if (report.phase === 'final' && command.phase === 'preliminary') {
    throw new DomainError('report-already-final', `the report ${report.apReference} is final; a supplement to it cannot make it preliminary again`, {
      apReference: report.apReference,
      phase: report.phase,
    });
  }
  requireText('changes', command.changes, 'supplement-requires-changes', 'a supplement must say what changed since the last filing');
  requireNotInFuture('supplementedAt', command.supplementedAt, context);
  requireNotBefore('supplementedAt', command.supplementedAt, 'lastFiledAt', report.lastFiledAt);
  return [{ type: 'BreachReportSupplemented', data: { ...command, changes: command.changes.trim() } }];
}

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
