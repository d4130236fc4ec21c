import { DomainError } from '../../shared/domain-error.js';
import type { BreachEvent } from '../breach.events.js';
import { requireNotBefore, requireNotInFuture, requireOpenBreach, requireText, type DecisionContext } from '../breach.rules.js';
import type { BreachState } from '../breach.state.js';

/**
 * Close the handling of a breach. After closure only what ALLOWED_AFTER_CLOSURE names may
 * still happen: the FG's advice and its verdict on a late-reporting reason (the FG is
 * independent, Art. 38(3)), and corrections of recorded facts (Art. 5(1)(d)). Everything
 * else, closing again included, is refused with `breach-closed`.
 */
export interface CloseBreach {
  readonly closedAt: string;
  readonly summary: string;
}

export function decideCloseBreach(command: CloseBreach, state: BreachState, context: DecisionContext): BreachEvent[] {
  const breach = requireOpenBreach(state);
  requireText('summary', command.summary, 'closure-requires-summary', 'summarise how the breach was handled');
  const { assessment, report } = breach;
  if (!assessment) throw new DomainError('not-assessed', 'the breach has not been assessed: record the risk and the notification decision first');
  // Art. 33(1): a reportable breach is notified to the AP; a withdrawn notification also settles it.
  if (assessment.reportable && report === null) {
    throw new DomainError('not-reported', 'the breach was assessed as reportable but has not been reported to the AP', { assessedAt: assessment.assessedAt });
  }
  // Art. 34(1): the data subjects are told, unless an Art. 34(3) ground was recorded.
  if (assessment.notifyDataSubjects && breach.dataSubjectsNotifiedAt === null && breach.notificationWaiver === null) {
    throw new DomainError('data-subjects-not-notified', 'the assessment says to notify the data subjects: record the notification or an Art. 34(3) waiver first', {
      assessedAt: assessment.assessedAt,
    });
  }
  requireNotInFuture('closedAt', command.closedAt, context);
  // Handling cannot end before the last thing recorded of it happened.
  requireNotBefore('closedAt', command.closedAt, 'latestBusinessTime', breach.latestBusinessTime);
  return [{ type: 'BreachClosed', data: { closedAt: command.closedAt, summary: command.summary.trim() } }];
}
