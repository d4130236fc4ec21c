import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '../../shared/domain-error.js';
import type { BreachDetectedData, BreachEvent } from '../breach.events.js';
import { regimeOf, requireDataSubjectRange, requireKnownDienst, requireNotBefore, requireNotInFuture, requireProcessorForInformedAt, type DecisionContext } from '../breach.rules.js';
import type { BreachState } from '../breach.state.js';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { BreachCommands } from '../breach-commands.js';

/**
 * Register a (possible) breach. Every breach is registered, reported or not (Art. 33(5)).
 * A breach a processor reported may carry the moment the processor informed the
 * municipality: the 72-hour clock starts there. The regime defaults to the AVG.
 */
export type RegisterBreach = BreachDetectedData;

export function decideRegisterBreach(command: RegisterBreach, state: BreachState, context: DecisionContext): BreachEvent[] {
  if (state.status !== 'none') throw new DomainError('breach-already-registered', `breach ${command.breachId} is already registered`);
  requireKnownDienst(command.dienst, context);
  requireNotInFuture('awareAt', command.awareAt, context);
  if (command.occurredFrom !== null) requireNotInFuture('occurredFrom', command.occurredFrom, context);
  if (command.occurredTo !== null) requireNotInFuture('occurredTo', command.occurredTo, context);
  if (command.occurredTo !== null) requireNotBefore('occurredTo', command.occurredTo, 'occurredFrom', command.occurredFrom);
  // One cannot become aware of a breach before it began.
  requireNotBefore('awareAt', command.awareAt, 'occurredFrom', command.occurredFrom);
  if (command.dataSubjects.kind === 'range') requireDataSubjectRange(command.dataSubjects.min, command.dataSubjects.max);
  requireProcessorForInformedAt(command.processorInformedAt, command.discovery.processor, context);
  return [{ type: 'BreachDetected', data: { ...command, processorInformedAt: command.processorInformedAt ?? null, regime: regimeOf(command) } }];
}

export class RegisterBreachCommand {
  constructor(
    readonly payload: RegisterBreach,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(RegisterBreachCommand)
export class RegisterBreachHandler implements ICommandHandler<RegisterBreachCommand, CommandOutcome> {
  constructor(private readonly breaches: BreachCommands) {}

  execute({ payload, envelope }: RegisterBreachCommand): Promise<CommandOutcome> {
    return this.breaches.handle(payload.breachId, envelope, (state, context) => decideRegisterBreach(payload, state, context), true);
  }
}
