import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { DomainError } from '../../shared/domain-error.js';
import { InquiryCommands } from '../inquiry-commands.js';
import type { InquiryEvent, InquiryReceivedData } from '../inquiry.events.js';
import { requireNotBefore, requireNotInFuture, requireScope, requireText, type DecisionContext } from '../inquiry.rules.js';
import type { InquiryState } from '../inquiry.state.js';

/** Record an inquiry of the AP as received: its question, its scope and when it wants the answer. */
export type ReceiveInquiry = InquiryReceivedData;

export function decideReceiveInquiry(command: ReceiveInquiry, state: InquiryState, context: DecisionContext): InquiryEvent[] {
  if (state.status !== 'none') throw new DomainError('inquiry-already-received', `inquiry ${command.inquiryId} has already been recorded`);
  requireText('apReference', command.apReference, 'inquiry-requires-ap-reference', "record the AP's reference of the inquiry");
  requireText('question', command.question, 'inquiry-requires-question', "record the question in the AP's words");
  requireNotInFuture('receivedAt', command.receivedAt, context);
  requireNotBefore('answerDueAt', command.answerDueAt, 'receivedAt', command.receivedAt);
  const readers = command.readers === null ? null : [...new Set(command.readers)].sort();
  return [{ type: 'InquiryReceived', data: { ...command, apReference: command.apReference.trim(), question: command.question.trim(), scope: requireScope(command.scope), readers } }];
}

export class ReceiveInquiryCommand {
  constructor(
    readonly payload: ReceiveInquiry,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(ReceiveInquiryCommand)
export class ReceiveInquiryHandler implements ICommandHandler<ReceiveInquiryCommand, CommandOutcome> {
  constructor(private readonly inquiries: InquiryCommands) {}

  async execute({ payload, envelope }: ReceiveInquiryCommand): Promise<CommandOutcome> {
    await this.inquiries.requireBreaches(payload.scope.breachIds);
    return this.inquiries.handle(payload.inquiryId, envelope, (state, context) => decideReceiveInquiry(payload, state, context), true);
  }
}
