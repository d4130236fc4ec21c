import { DomainError } from '../../shared/domain-error.js';
import type { ApNotificationVersion, BreachEvent, LateReason, ReportPhase } from '../breach.events.js';
import { elapsedHours, isLateReport, requireNotBefore, requireNotInFuture, requireOpenBreach, type DecisionContext } from '../breach.rules.js';
import type { BreachState } from '../breach.state.js';

/** Record that the breach was filed with the AP (by a person, through the AP's form). */
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
  if (breach.report) {
    throw new DomainError('already-reported', `the breach was reported to the AP at ${breach.report.reportedAt} (${breach.report.apReference}); file a supplement instead`, {
      reportedAt: breach.report.reportedAt,
    });
  }
  if (breach.assessment && !breach.assessment.reportable) {
    throw new DomainError('assessed-not-reportable', 'the breach was assessed as not reportable; record a new assessment before reporting it');
  }
  requireNotInFuture('reportedAt', command.reportedAt, context);
  requireNotBefore('reportedAt', command.reportedAt, 'awareAt', breach.facts.awareAt);
  const late = isLateReport(command.reportedAt, breach.deadline);
  const hoursAfterAwareness = Math.round(elapsedHours(breach.facts.awareAt, command.reportedAt) * 10) / 10;
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
  return [{ type: 'BreachReportedToAP', data: { ...command, apReference: command.apReference.trim(), deadline: breach.deadline, late } }];
}
