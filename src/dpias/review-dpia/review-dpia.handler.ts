import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { DpiaCommands } from '../dpia-commands.js';
import { decideReviewDpia, type ReviewDpia } from './review-dpia.decide.js';

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
