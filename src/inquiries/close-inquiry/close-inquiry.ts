import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { InquiryCommands } from '../inquiry-commands.js';
import type { InquiryClosedData, InquiryEvent } from '../inquiry.events.js';
import { requireNotBefore, requireNotInFuture, requireOpenInquiry, requireText, type DecisionContext } from '../inquiry.rules.js';
import type { InquiryState } from '../inquiry.state.js';

/**
 * Close an inquiry: answered and settled, or withdrawn by the AP. From then on the AP reads
 * none of its breaches under it (docs/domain.md: "While an inquiry is open, the AP reads exactly
 * the breaches in its scope").
 */
export type CloseInquiry = InquiryClosedData;

export function decideCloseInquiry(command: CloseInquiry, state: InquiryState, context: DecisionContext): InquiryEvent[] {
  const inquiry = requireOpenInquiry(state);
  requireText('reason', command.reason, 'closure-requires-reason', 'say why the inquiry is closed (answered, withdrawn by the AP, …)');
  requireNotInFuture('closedAt', command.closedAt, context);
  requireNotBefore('closedAt', command.closedAt, 'the last act on the inquiry', inquiry.lastActAt);
  return [{ type: 'InquiryClosed', data: { closedAt: command.closedAt, reason: command.reason.trim() } }];
}

export class CloseInquiryCommand {
  constructor(
    readonly inquiryId: string,
    readonly payload: CloseInquiry,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(CloseInquiryCommand)
export class CloseInquiryHandler implements ICommandHandler<CloseInquiryCommand, CommandOutcome> {
  constructor(private readonly inquiries: InquiryCommands) {}

  execute({ inquiryId, payload, envelope }: CloseInquiryCommand): Promise<CommandOutcome> {
    return this.inquiries.handle(inquiryId, envelope, (state, context) => decideCloseInquiry(payload, state, context));
  }
}
