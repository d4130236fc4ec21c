import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { DomainError } from '../../shared/domain-error.js';
import { DpiaCommands } from '../dpia-commands.js';
import type { DpiaEvent } from '../dpia.events.js';
import { requireCompletedDpia, requireNotBefore, requireNotInFuture, requireText, type DecisionContext } from '../dpia.rules.js';
import type { DpiaState } from '../dpia.state.js';

/**
 * Record the AP's answer to a prior consultation: its written advice, or the powers it used
 * (Art. 36(2): within 8 weeks, extendable by 6). Only then may the processing start.
 */
export interface ConcludePriorConsultation {
  readonly concludedAt: string;
  readonly outcome: string;
  readonly apReference: string;
}

export function decideConcludePriorConsultation(command: ConcludePriorConsultation, state: DpiaState, context: DecisionContext): DpiaEvent[] {
  const dpia = requireCompletedDpia(state);
  const consultation = dpia.priorConsultation;
  if (consultation === null) throw new DomainError('prior-consultation-not-requested', 'the AP has not been asked for prior consultation');
  if (consultation.concludedAt !== null) {
    throw new DomainError('prior-consultation-already-concluded', `the prior consultation was concluded at ${consultation.concludedAt}`, { concludedAt: consultation.concludedAt });
  }
  requireText('outcome', command.outcome, 'conclusion-requires-outcome', 'record what the AP answered');
  requireText('apReference', command.apReference, 'consultation-requires-ap-reference', 'a prior consultation needs the AP\'s reference');
  requireNotInFuture('concludedAt', command.concludedAt, context);
  requireNotBefore('concludedAt', command.concludedAt, 'requestedAt', consultation.requestedAt);
  return [{ type: 'PriorConsultationConcluded', data: { concludedAt: command.concludedAt, outcome: command.outcome.trim(), apReference: command.apReference.trim() } }];
}

export class ConcludePriorConsultationCommand {
  constructor(
    readonly dpiaId: string,
    readonly payload: ConcludePriorConsultation,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(ConcludePriorConsultationCommand)
export class ConcludePriorConsultationHandler implements ICommandHandler<ConcludePriorConsultationCommand, CommandOutcome> {
  constructor(private readonly dpias: DpiaCommands) {}

  execute({ dpiaId, payload, envelope }: ConcludePriorConsultationCommand): Promise<CommandOutcome> {
    return this.dpias.handle(dpiaId, envelope, (state, context) => decideConcludePriorConsultation(payload, state, context));
  }
}
