import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { DomainError } from '../../shared/domain-error.js';
import { ProcessingCommands } from '../processing-commands.js';
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

export class PublishProcessingActivityCommand {
  constructor(
    readonly processingActivityId: string,
    readonly payload: PublishProcessingActivity,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(PublishProcessingActivityCommand)
export class PublishProcessingActivityHandler implements ICommandHandler<PublishProcessingActivityCommand, CommandOutcome> {
  constructor(private readonly processing: ProcessingCommands) {}

  execute({ processingActivityId, payload, envelope }: PublishProcessingActivityCommand): Promise<CommandOutcome> {
    return this.processing.handle(processingActivityId, envelope, (state, context) => decidePublishProcessingActivity(payload, state, context));
  }
}
