import type { DpiaEvent } from '../dpia.events.js';
import { requireLiveDpia, requireNotBefore, requireNotInFuture, requireText, type DecisionContext } from '../dpia.rules.js';
import type { DpiaState } from '../dpia.state.js';

/**
 * Record the FG's advice on a DPIA. Art. 35(2): the controller must seek it. The FG is
 * independent, so it may still advise after completion; not on an abandoned DPIA.
 */
export interface GiveDpoAdviceOnDpia {
  readonly advice: string;
  readonly advisedAt: string;
}

export function decideGiveDpoAdviceOnDpia(command: GiveDpoAdviceOnDpia, state: DpiaState, context: DecisionContext): DpiaEvent[] {
  const dpia = requireLiveDpia(state);
  requireText('advice', command.advice, 'advice-requires-text', 'the FG\'s advice must say something');
  requireNotInFuture('advisedAt', command.advisedAt, context);
  requireNotBefore('advisedAt', command.advisedAt, 'startedAt', dpia.facts.startedAt);
  return [{ type: 'DpoAdviceOnDpiaGiven', data: { advice: command.advice.trim(), advisedAt: command.advisedAt } }];
}
