import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '../../shared/domain-error.js';
import type { BreachEvent } from '../breach.events.js';
import { requireBreach, requireNotBefore, requireNotInFuture, requireText, type DecisionContext } from '../breach.rules.js';
import type { BreachState } from '../breach.state.js';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { BreachCommands } from '../breach-commands.js';

/**
 * Record the FG's advice on the breach (Art. 39(1)(a): the DPO informs and advises the
 * controller). The FG is independent (Art. 38(3)), so advice is accepted after closure too,
 * and as often as the FG gives it.
 */
export interface GiveDpoAdvice {
  readonly advice: string;
  readonly advisedAt: string;
}

export function decideGiveDpoAdvice(command: GiveDpoAdvice, state: BreachState, context: DecisionContext): BreachEvent[] {
  const breach = requireBreach(state);
  // The FG advises on what it was told: the register must show that it was informed first.
  if (breach.dpoInformedAt === null) {
    throw new DomainError('dpo-not-informed', 'the FG has not been recorded as informed of this breach; record that first');
  }
  requireText('advice', command.advice, 'advice-required', 'the advice itself must be recorded');
  requireNotInFuture('advisedAt', command.advisedAt, context);
  requireNotBefore('advisedAt', command.advisedAt, 'dpoInformedAt', breach.dpoInformedAt);
  return [{ type: 'DpoAdviceGiven', data: { advice: command.advice.trim(), advisedAt: command.advisedAt } }];
}

export class GiveDpoAdviceCommand {
  constructor(
    readonly breachId: string,
    readonly payload: GiveDpoAdvice,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(GiveDpoAdviceCommand)
export class GiveDpoAdviceHandler implements ICommandHandler<GiveDpoAdviceCommand, CommandOutcome> {
  constructor(private readonly breaches: BreachCommands) {}

  execute({ breachId, payload, envelope }: GiveDpoAdviceCommand): Promise<CommandOutcome> {
    return this.breaches.handle(breachId, envelope, (state, context) => decideGiveDpoAdvice(payload, state, context));
  }
}
