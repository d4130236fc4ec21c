import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { DpiaCommands } from '../dpia-commands.js';
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

export class AbandonDpiaCommand {
  constructor(
    readonly dpiaId: string,
    readonly payload: AbandonDpia,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(AbandonDpiaCommand)
export class AbandonDpiaHandler implements ICommandHandler<AbandonDpiaCommand, CommandOutcome> {
  constructor(private readonly dpias: DpiaCommands) {}

  execute({ dpiaId, payload, envelope }: AbandonDpiaCommand): Promise<CommandOutcome> {
    return this.dpias.handle(dpiaId, envelope, (state, context) => decideAbandonDpia(payload, state, context));
  }
}
