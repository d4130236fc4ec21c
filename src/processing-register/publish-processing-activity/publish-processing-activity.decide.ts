import { DomainError } from '../../shared/domain-error.js';
import type { ProcessingEvent } from '../processing.events.js';
import { requireLiveProcessingActivity, requireNotBefore, requireNotInFuture, type DecisionContext } from '../processing.rules.js';
import type { ProcessingState } from '../processing.state.js';

/** Publish a processing activity: it joins the public register (the municipality's "top 40"). Once; amendments follow it there. */
export interface PublishProcessingActivity {
  readonly publishedAt: string;
}

export function decidePublishProcessingActivity(command: PublishProcessingActivity, state: ProcessingState, context: DecisionContext): ProcessingEvent[] {
  const activity = requireLiveProcessingActivity(state);
  if (activity.publishedAt !== null) {
    throw new DomainError('processing-activity-already-published', `the processing activity was published at ${activity.publishedAt}`, { publishedAt: activity.publishedAt });
  }
  requireNotInFuture('publishedAt', command.publishedAt, context);
  requireNotBefore('publishedAt', command.publishedAt, 'latestBusinessTime', activity.latestBusinessTime);
  return [{ type: 'ProcessingActivityPublished', data: { publishedAt: command.publishedAt } }];
}
