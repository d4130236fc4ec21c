import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { DomainError } from '../../shared/domain-error.js';
import { ProcessingCommands } from '../processing-commands.js';
import type { ProcessingEvent } from '../processing.events.js';
import { requireNotBefore, requireNotInFuture, requireProcessingActivity, requireText, type DecisionContext } from '../processing.rules.js';
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

export class RetireProcessingActivityCommand {
  constructor(
    readonly processingActivityId: string,
    readonly payload: RetireProcessingActivity,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(RetireProcessingActivityCommand)
export class RetireProcessingActivityHandler implements ICommandHandler<RetireProcessingActivityCommand, CommandOutcome> {
  constructor(private readonly processing: ProcessingCommands) {}

  execute({ processingActivityId, payload, envelope }: RetireProcessingActivityCommand): Promise<CommandOutcome> {
    return this.processing.handle(processingActivityId, envelope, (state, context) => decideRetireProcessingActivity(payload, state, context));
  }
}
