import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { DomainError } from '../../shared/domain-error.js';
import { ProcessingCommands } from '../processing-commands.js';
import { AMENDABLE_FIELDS, type ProcessingActivityRegisteredData, type ProcessingEvent } from '../processing.events.js';
import { normaliseFacts, requireNotInFuture, requireValidFacts, type DecisionContext } from '../processing.rules.js';
import type { ProcessingState } from '../processing.state.js';

/** Register a processing activity (Art. 30(1)): the controller's record of what it processes, why and how. */
export type RegisterProcessingActivity = ProcessingActivityRegisteredData;

export function decideRegisterProcessingActivity(command: RegisterProcessingActivity, state: ProcessingState, context: DecisionContext): ProcessingEvent[] {
  if (state.status !== 'none') {
    throw new DomainError('processing-activity-already-registered', `processing activity ${command.processingActivityId} has already been registered`);
  }
  const { processingActivityId, registeredAt, ...given } = command;
  const facts = normaliseFacts(given);
  requireValidFacts(facts, new Set(AMENDABLE_FIELDS), context);
  requireNotInFuture('registeredAt', registeredAt, context);
  return [{ type: 'ProcessingActivityRegistered', data: { processingActivityId, ...facts, registeredAt } }];
}

export class RegisterProcessingActivityCommand {
  constructor(
    readonly payload: RegisterProcessingActivity,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(RegisterProcessingActivityCommand)
export class RegisterProcessingActivityHandler implements ICommandHandler<RegisterProcessingActivityCommand, CommandOutcome> {
  constructor(private readonly processing: ProcessingCommands) {}

  execute({ payload, envelope }: RegisterProcessingActivityCommand): Promise<CommandOutcome> {
    return this.processing.handle(payload.processingActivityId, envelope, (state, context) => decideRegisterProcessingActivity(payload, state, context), true);
  }
}
