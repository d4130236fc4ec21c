import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '../../shared/domain-error.js';
import type { ApNotificationVersion, BreachEvent, LateReason, ReportPhase } from '../breach.events.js';
import { clockStart, elapsedHours, isLateReport, requireNotBefore, requireNotInFuture, requireOpenBreach, type DecisionContext } from '../breach.rules.js';
import type { BreachState, FiledReport } from '../breach.state.js';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { BreachCommands } from '../breach-commands.js';
import { ApNotifications } from '../get-ap-notification/get-ap-notification.js';

/**
 * Record that the breach was filed with the AP (by a person, through the AP's form). After a
 * withdrawal the municipality may file again, under a new meldnummer (AP practice); the first
 * filing still decides whether the breach was reported late.
 */
export interface ReportBreachToAP {
  readonly reportedAt: string;
  readonly apReference: string;
  readonly phase: ReportPhase;
  readonly lateReason: LateReason | null;
  /** Which version of the prepared AP form was filed (get-ap-notification/): the handler checks it against the log. */
  readonly apNotification?: ApNotificationVersion;
}

export function decideReportBreachToAP(command: ReportBreachToAP, state: BreachState, context: DecisionContext): BreachEvent[] {
  const breach = requireOpenBreach(state);
  if (breach.assessment && !breach.assessment.reportable) {
    throw new DomainError('assessed-not-reportable', 'the breach was assessed as not reportable; record a new assessment before reporting it');
  }
  requireNotInFuture('reportedAt', command.reportedAt, context);
  const apReference = command.apReference.trim();
  if (breach.report) return [refiling(command, apReference, breach.report, breach.deadline)];
  requireNotBefore('reportedAt', command.reportedAt, 'awareAt', breach.facts.awareAt);
  const late = isLateReport(command.reportedAt, breach.deadline);
  const hoursAfterAwareness = Math.round(elapsedHours(clockStart(breach.facts), command.reportedAt) * 10) / 10;
  // Art. 33(1): a notification after 72 hours "shall be accompanied by reasons for the delay".
  if (late && command.lateReason === null) {
    throw new DomainError('late-report-requires-reason', `the report comes ${hoursAfterAwareness} hours after awareness, past the deadline of ${breach.deadline}: give the reason for the delay`, {
      deadline: breach.deadline,
      reportedAt: command.reportedAt,
      hoursAfterAwareness,
    });
  }
  if (!late && command.lateReason !== null) {
    throw new DomainError('report-not-late', `the report is within the deadline of ${breach.deadline}; a reason for delay does not apply`, { deadline: breach.deadline });
  }
  return [{ type: 'BreachReportedToAP', data: { ...command, apReference, deadline: breach.deadline, late } }];
}

/**
 * A new filing after a withdrawal, with a new meldnummer. A standing report is supplemented,
 * not filed again. The first filing decides lateness (and carried its reason), so the new
 * one repeats that judgement and carries no reason of its own.
 */
function refiling(command: ReportBreachToAP, apReference: string, report: FiledReport, deadline: string): BreachEvent {
  if (report.withdrawnAt === null) {
    throw new DomainError('already-reported', `the breach was reported to the AP at ${report.reportedAt} (${report.apReference}); file a supplement instead`, {
      reportedAt: report.reportedAt,
    });
  }
  if (report.apReferences.includes(apReference)) {
    throw new DomainError('ap-reference-already-used', `meldnummer ${apReference} was used by an earlier filing of this breach; a new filing gets a new meldnummer`, { apReference });
  }
  if (command.lateReason !== null) {
    throw new DomainError('late-reason-not-applicable', `the first filing (${report.firstReportedAt}) decides lateness and carries its reason; a new filing after a withdrawal carries none`, {
      firstReportedAt: report.firstReportedAt,
    });
  }
  requireNotBefore('reportedAt', command.reportedAt, 'withdrawnAt', report.withdrawnAt);
  return {
    type: 'BreachReportedToAP',
    data: {
      reportedAt: command.reportedAt,
      apReference,
      phase: command.phase,
      deadline,
      late: report.late,
      lateReason: null,
      refiles: report.apReference,
      ...(command.apNotification ? { apNotification: command.apNotification } : {}),
    },
  };
}

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
