import { DomainError } from '../../shared/domain-error.js';
import type { ApNotificationVersion, BreachEvent, ReportPhase } from '../breach.events.js';
import { requireNotBefore, requireNotInFuture, requireOpenBreach, requireStandingReport, requireText, type DecisionContext } from '../breach.rules.js';
import type { BreachState } from '../breach.state.js';

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
