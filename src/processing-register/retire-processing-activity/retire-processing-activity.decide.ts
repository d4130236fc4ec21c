import { DomainError } from '../../shared/domain-error.js';
import type { ProcessingEvent } from '../processing.events.js';
import { requireProcessingActivity, requireNotBefore, requireNotInFuture, requireText, type DecisionContext } from '../processing.rules.js';
import type { ProcessingState } from '../processing.state.js';

/** Retire a processing activity that has ended: it leaves the current register; its history stays in the log. */
export interface RetireProcessingActivity {
  readonly retiredAt: string;
  readonly reason: string;
}

export function decideRetireProcessingActivity(command: RetireProcessingActivity, state: ProcessingState, context: DecisionContext): ProcessingEvent[] {
  const activity = requireProcessingActivity(state);
  if (activity.status === 'retired') {
    throw new DomainError('processing-activity-retired', `the processing activity was retired at ${activity.retiredAt}`, { retiredAt: activity.retiredAt });
  }
  requireText('reason', command.reason, 'retirement-requires-reason', 'retiring a processing activity must say why');
  requireNotInFuture('retiredAt', command.retiredAt, context);
  requireNotBefore('retiredAt', command.retiredAt, 'latestBusinessTime', activity.latestBusinessTime);
  return [{ type: 'ProcessingActivityRetired', data: { retiredAt: command.retiredAt, reason: command.reason.trim() } }];
}
