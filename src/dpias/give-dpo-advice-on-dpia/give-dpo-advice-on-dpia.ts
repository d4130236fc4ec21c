import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { DpiaCommands } from '../dpia-commands.js';
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

export class GiveDpoAdviceOnDpiaCommand {
  constructor(
    readonly dpiaId: string,
    readonly payload: GiveDpoAdviceOnDpia,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(GiveDpoAdviceOnDpiaCommand)
export class GiveDpoAdviceOnDpiaHandler implements ICommandHandler<GiveDpoAdviceOnDpiaCommand, CommandOutcome> {
  constructor(private readonly dpias: DpiaCommands) {}

  execute({ dpiaId, payload, envelope }: GiveDpoAdviceOnDpiaCommand): Promise<CommandOutcome> {
    return this.dpias.handle(dpiaId, envelope, (state, context) => decideGiveDpoAdviceOnDpia(payload, state, context));
  }
}
