import { DomainError } from '../../shared/domain-error.js';
import type { BreachDetectedData, BreachEvent } from '../breach.events.js';
import { requireNotBefore, requireNotInFuture, type DecisionContext } from '../breach.rules.js';
import type { BreachState } from '../breach.state.js';

/** Register a (possible) breach. Every breach is registered, reported or not (Art. 33(5)). */
export type RegisterBreach = BreachDetectedData;

export function decideRegisterBreach(command: RegisterBreach, state: BreachState, context: DecisionContext): BreachEvent[] {
  if (state.status !== 'none') throw new DomainError('breach-already-registered', `breach ${command.breachId} is already registered`);
  if (!context.diensten.includes(command.dienst)) {
    throw new DomainError('unknown-dienst', `dienst ${command.dienst} is not one of ${context.diensten.join(', ')}`, { dienst: command.dienst, diensten: [...context.diensten] });
  }
  requireNotInFuture('awareAt', command.awareAt, context);
  if (command.occurredFrom !== null) requireNotInFuture('occurredFrom', command.occurredFrom, context);
  if (command.occurredTo !== null) requireNotInFuture('occurredTo', command.occurredTo, context);
  if (command.occurredTo !== null) requireNotBefore('occurredTo', command.occurredTo, 'occurredFrom', command.occurredFrom);
  // One cannot become aware of a breach before it began.
  requireNotBefore('awareAt', command.awareAt, 'occurredFrom', command.occurredFrom);
  const subjects = command.dataSubjects;
  if (subjects.kind === 'range' && subjects.min > subjects.max) {
    throw new DomainError('invalid-data-subject-range', `the number of data subjects cannot range from ${subjects.min} down to ${subjects.max}`);
  }
  return [{ type: 'BreachDetected', data: command }];
}
