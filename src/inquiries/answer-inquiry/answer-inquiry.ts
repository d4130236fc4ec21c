import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { DomainError } from '../../shared/domain-error.js';
import { InquiryAnswers } from '../answer/inquiry-answers.js';
import { InquiryCommands } from '../inquiry-commands.js';
import type { InquiryAnsweredData, InquiryEvent } from '../inquiry.events.js';
import { requireNotBefore, requireNotInFuture, requireOpenInquiry, sameScope, type DecisionContext } from '../inquiry.rules.js';
import type { InquiryState } from '../inquiry.state.js';

/**
 * Record that the inquiry was answered: the sha256 of the answer bundle and the signed
 * checkpoint it is anchored to, so the answer the AP holds can be matched to the log, and the
 * log to the answer, for ever after. The bundle was built for the scope as it stood; a scope
 * changed meanwhile needs a new answer.
 */
export type AnswerInquiry = InquiryAnsweredData;

export function decideAnswerInquiry(command: AnswerInquiry, state: InquiryState, context: DecisionContext): InquiryEvent[] {
  const inquiry = requireOpenInquiry(state);
  if (!sameScope(command.scope, inquiry.scope)) throw new DomainError('inquiry-scope-changed', 'the scope changed while the answer was prepared: answer again');
  requireNotInFuture('answeredAt', command.answeredAt, context);
  requireNotBefore('answeredAt', command.answeredAt, 'receivedAt', inquiry.receivedAt);
  return [{ type: 'InquiryAnswered', data: command }];
}

export class AnswerInquiryCommand {
  constructor(
    readonly inquiryId: string,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(AnswerInquiryCommand)
export class AnswerInquiryHandler implements ICommandHandler<AnswerInquiryCommand, CommandOutcome> {
  constructor(
    private readonly inquiries: InquiryCommands,
    private readonly answers: InquiryAnswers,
  ) {}

  async execute({ inquiryId, envelope }: AnswerInquiryCommand): Promise<CommandOutcome> {
    // A retry is answered from the stream, without building (and checkpointing) again.
    const retry = await this.inquiries.alreadyHandled(inquiryId, envelope);
    if (!retry) await this.inquiries.requirePreparable(inquiryId, envelope);
    const prepared = retry ? undefined : await this.answers.prepare(inquiryId, envelope.actor);
    return this.inquiries.handle(inquiryId, envelope, (state, context) => {
      if (!prepared) throw new DomainError('inquiry-not-received', 'the inquiry has not been recorded');
      return decideAnswerInquiry(prepared, state, context);
    });
  }
}
