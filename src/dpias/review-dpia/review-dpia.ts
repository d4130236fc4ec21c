import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { DomainError } from '../../shared/domain-error.js';
import { DpiaCommands } from '../dpia-commands.js';
import type { DpiaEvent } from '../dpia.events.js';
import { requireCompletedDpia, requireNotBefore, requireNotInFuture, requireProcessingMayStart, requireText, reviewDueAt, type DecisionContext } from '../dpia.rules.js';
import type { DpiaState } from '../dpia.state.js';

/**
 * Record a review of a completed DPIA: at least every three years, or when the processing
 * changes (docs/domain.md). The next review is three years on unless an earlier date is set.
 */
export interface ReviewDpia {
  readonly reviewedAt: string;
  readonly outcome: string;
  /** Earlier than the three-year limit when the DPIA itself calls for it; null: the limit. */
  readonly nextReviewDue: string | null;
}

export function decideReviewDpia(command: ReviewDpia, state: DpiaState, context: DecisionContext): DpiaEvent[] {
  const dpia = requireCompletedDpia(state);
  requireProcessingMayStart(dpia);
  requireText('outcome', command.outcome, 'review-requires-outcome', 'a review must record its outcome');
  requireNotInFuture('reviewedAt', command.reviewedAt, context);
  requireNotBefore('reviewedAt', command.reviewedAt, 'latestBusinessTime', dpia.latestBusinessTime);
  const limit = reviewDueAt(command.reviewedAt);
  const nextReviewDue = command.nextReviewDue ?? limit;
  requireNotBefore('nextReviewDue', nextReviewDue, 'reviewedAt', command.reviewedAt);
  if (Date.parse(nextReviewDue) > Date.parse(limit)) {
    throw new DomainError('review-interval-too-long', `the next review is due by ${limit} at the latest (every three years)`, { field: 'nextReviewDue', value: nextReviewDue, limit });
  }
  return [{ type: 'DpiaReviewed', data: { reviewedAt: command.reviewedAt, outcome: command.outcome.trim(), nextReviewDue } }];
}

export class ReviewDpiaCommand {
  constructor(
    readonly dpiaId: string,
    readonly payload: ReviewDpia,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(ReviewDpiaCommand)
export class ReviewDpiaHandler implements ICommandHandler<ReviewDpiaCommand, CommandOutcome> {
  constructor(private readonly dpias: DpiaCommands) {}

  execute({ dpiaId, payload, envelope }: ReviewDpiaCommand): Promise<CommandOutcome> {
    return this.dpias.handle(dpiaId, envelope, (state, context) => decideReviewDpia(payload, state, context));
  }
}
