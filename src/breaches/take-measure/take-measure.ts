import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v5 as uuidv5 } from 'uuid';
import { DomainError } from '../../shared/domain-error.js';
import type { BreachEvent, MeasurePurpose } from '../breach.events.js';
import { requireNotBefore, requireNotInFuture, requireOpenBreach, requireText, type DecisionContext } from '../breach.rules.js';
import type { BreachState } from '../breach.state.js';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { BreachCommands } from '../breach-commands.js';

/**
 * Record a measure taken to contain the breach or to prevent a repeat: Art. 33(3)(d) and
 * 33(5) require the measures to be documented. The handler derives measureId from the
 * command's idempotency key, so a retry names the same measure.
 */
export interface TakeMeasure {
  readonly measureId: string;
  readonly description: string;
  readonly purpose: MeasurePurpose;
  readonly takenAt: string;
}

export function decideTakeMeasure(command: TakeMeasure, state: BreachState, context: DecisionContext): BreachEvent[] {
  const breach = requireOpenBreach(state);
  if (breach.measureIds.includes(command.measureId)) {
    throw new DomainError('measure-already-recorded', `measure ${command.measureId} is already recorded`, { measureId: command.measureId });
  }
  requireText('description', command.description, 'measure-requires-description', 'describe the measure');
  requireNotInFuture('takenAt', command.takenAt, context);
  // A measure answers this breach: it cannot precede the organisation's awareness of it.
  requireNotBefore('takenAt', command.takenAt, 'awareAt', breach.facts.awareAt);
  return [{ type: 'MeasureTaken', data: { ...command, description: command.description.trim() } }];
}

/** Measure ids derive from the breach and the command's idempotency key: a retry names the same measure. */
const MEASURE_ID_NAMESPACE = '4e2a9c71-3b5d-5f80-a1c6-d27e8b9f0a34';
export const measureIdFor = (breachId: string, idempotencyKey: string): string => uuidv5(`${breachId}\n${idempotencyKey}`, MEASURE_ID_NAMESPACE);

export class TakeMeasureCommand {
  constructor(
    readonly breachId: string,
    readonly payload: Omit<TakeMeasure, 'measureId'>,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(TakeMeasureCommand)
export class TakeMeasureHandler implements ICommandHandler<TakeMeasureCommand, CommandOutcome> {
  constructor(private readonly breaches: BreachCommands) {}

  execute({ breachId, payload, envelope }: TakeMeasureCommand): Promise<CommandOutcome> {
    const command: TakeMeasure = { ...payload, measureId: measureIdFor(breachId, envelope.idempotencyKey) };
    return this.breaches.handle(breachId, envelope, (state, context) => decideTakeMeasure(command, state, context));
  }
}
