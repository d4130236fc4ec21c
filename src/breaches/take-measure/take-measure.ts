import { DomainError } from '../../shared/domain-error.js';
import type { BreachEvent, MeasurePurpose } from '../breach.events.js';
import { requireNotBefore, requireNotInFuture, requireOpenBreach, requireText, type DecisionContext } from '../breach.rules.js';
import type { BreachState } from '../breach.state.js';

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
