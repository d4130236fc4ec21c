import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { DomainError } from '../../shared/domain-error.js';
import { DpiaCommands } from '../dpia-commands.js';
import type { DpiaEvent } from '../dpia.events.js';
import { requireCompletedDpia, requireNotBefore, requireNotInFuture, requireText, type DecisionContext } from '../dpia.rules.js';
import type { DpiaState } from '../dpia.state.js';

/** Record that the AP was asked for prior consultation (Art. 36(1)), through its own channel. */
export interface RequestPriorConsultation {
  readonly requestedAt: string;
  readonly apReference: string;
}

export function decideRequestPriorConsultation(command: RequestPriorConsultation, state: DpiaState, context: DecisionContext): DpiaEvent[] {
  const dpia = requireCompletedDpia(state);
  // Art. 36(1) consultation is for a high residual risk the measures cannot reduce; the AP takes no other.
  if (!dpia.priorConsultationRequired) {
    throw new DomainError('prior-consultation-not-required', `the residual risk is ${dpia.residualRisk} and the measures reduce it: Art. 36 does not apply`, { residualRisk: dpia.residualRisk });
  }
  if (dpia.priorConsultation !== null) {
    throw new DomainError('prior-consultation-already-requested', `the AP was consulted at ${dpia.priorConsultation.requestedAt} (${dpia.priorConsultation.apReference})`, {
      requestedAt: dpia.priorConsultation.requestedAt,
      apReference: dpia.priorConsultation.apReference,
    });
  }
  requireText('apReference', command.apReference, 'consultation-requires-ap-reference', 'a prior consultation needs the AP\'s reference');
  requireNotInFuture('requestedAt', command.requestedAt, context);
  requireNotBefore('requestedAt', command.requestedAt, 'completedAt', dpia.completedAt);
  return [{ type: 'PriorConsultationRequested', data: { requestedAt: command.requestedAt, apReference: command.apReference.trim() } }];
}

export class RequestPriorConsultationCommand {
  constructor(
    readonly dpiaId: string,
    readonly payload: RequestPriorConsultation,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(RequestPriorConsultationCommand)
export class RequestPriorConsultationHandler implements ICommandHandler<RequestPriorConsultationCommand, CommandOutcome> {
  constructor(private readonly dpias: DpiaCommands) {}

  execute({ dpiaId, payload, envelope }: RequestPriorConsultationCommand): Promise<CommandOutcome> {
    return this.dpias.handle(dpiaId, envelope, (state, context) => decideRequestPriorConsultation(payload, state, context));
  }
}
