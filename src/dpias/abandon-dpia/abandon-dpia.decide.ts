import type { DpiaEvent } from '../dpia.events.js';
import { requireDpiaInProgress, requireNotBefore, requireNotInFuture, requireText, type DecisionContext } from '../dpia.rules.js';
import type { DpiaState } from '../dpia.state.js';

/**
 * Abandon a DPIA that is still being carried out, e.g. because the processing will not go
 * ahead. A completed DPIA is not abandoned: its outcome stays on record and is reviewed.
 */
export interface AbandonDpia {
  readonly abandonedAt: string;
  readonly reason: string;
}

export function decideAbandonDpia(command: AbandonDpia, state: DpiaState, context: DecisionContext): DpiaEvent[] {
  const dpia = requireDpiaInProgress(state);
  requireText('reason', command.reason, 'abandonment-requires-reason', 'abandoning a DPIA must say why');
  requireNotInFuture('abandonedAt', command.abandonedAt, context);
  requireNotBefore('abandonedAt', command.abandonedAt, 'latestBusinessTime', dpia.latestBusinessTime);
  return [{ type: 'DpiaAbandoned', data: { abandonedAt: command.abandonedAt, reason: command.reason.trim() } }];
}
