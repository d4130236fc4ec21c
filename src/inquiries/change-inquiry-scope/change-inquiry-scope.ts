import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { DomainError } from '../../shared/domain-error.js';
import { InquiryCommands } from '../inquiry-commands.js';
import type { InquiryEvent, InquiryScopeChangedData } from '../inquiry.events.js';
import { requireNotBefore, requireNotInFuture, requireOpenInquiry, requireScope, requireText, sameScope, type DecisionContext } from '../inquiry.rules.js';
import type { InquiryState } from '../inquiry.state.js';

/**
 * Widen or narrow what an open inquiry is about (the AP asks further, or about less), or who at
 * the AP may read. Takes effect at once for the AP's reads; the access log records it.
 */
export type ChangeInquiryScope = InquiryScopeChangedData;

export function decideChangeInquiryScope(command: ChangeInquiryScope, state: InquiryState, context: DecisionContext): InquiryEvent[] {
  const inquiry = requireOpenInquiry(state);
  requireText('reason', command.reason, 'scope-change-requires-reason', 'say why the scope changes');
  requireNotInFuture('changedAt', command.changedAt, context);
  requireNotBefore('changedAt', command.changedAt, 'receivedAt', inquiry.receivedAt);
  const scope = requireScope(command.scope);
  const readers = command.readers === null ? null : [...new Set(command.readers)].sort();
  if (sameScope(scope, inquiry.scope) && JSON.stringify(readers) === JSON.stringify(inquiry.readers)) {
    throw new DomainError('scope-unchanged', 'the scope and the readers are already these');
  }
  return [{ type: 'InquiryScopeChanged', data: { changedAt: command.changedAt, scope, readers, reason: command.reason.trim() } }];
}

export class ChangeInquiryScopeCommand {
  constructor(
    readonly inquiryId: string,
    readonly payload: ChangeInquiryScope,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(ChangeInquiryScopeCommand)
export class ChangeInquiryScopeHandler implements ICommandHandler<ChangeInquiryScopeCommand, CommandOutcome> {
  constructor(private readonly inquiries: InquiryCommands) {}

  async execute({ inquiryId, payload, envelope }: ChangeInquiryScopeCommand): Promise<CommandOutcome> {
    await this.inquiries.requireBreaches(payload.scope.breachIds);
    return this.inquiries.handle(inquiryId, envelope, (state, context) => decideChangeInquiryScope(payload, state, context));
  }
}
