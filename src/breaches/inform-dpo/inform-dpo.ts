import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { BreachEvent } from '../breach.events.js';
import { requireNotBefore, requireNotInFuture, requireBreach, requireText, type DecisionContext } from '../breach.rules.js';
import type { BreachState } from '../breach.state.js';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { BreachCommands } from '../breach-commands.js';

/**
 * Record that the FG was informed of the breach (Art. 38(1): the DPO is "involved, properly
 * and in a timely manner, in all issues which relate to the protection of personal data").
 * The FG may be informed again of every update; the state keeps the first time.
 */
export interface InformDpo {
  readonly informedAt: string;
  /** Who informed the FG (a name or function). */
  readonly informedBy: string;
}

export function decideInformDpo(command: InformDpo, state: BreachState, context: DecisionContext): BreachEvent[] {
  // Allowed after closure: an FG informed late was still informed (ALLOWED_AFTER_CLOSURE).
  const breach = requireBreach(state);
  requireText('informedBy', command.informedBy, 'informant-required', 'say who informed the FG');
  requireNotInFuture('informedAt', command.informedAt, context);
  requireNotBefore('informedAt', command.informedAt, 'awareAt', breach.facts.awareAt);
  // The state keeps the first informing: a later record may not claim an earlier time,
  // or "informed before the report" in the annual figures would rest on the wrong moment.
  requireNotBefore('informedAt', command.informedAt, 'dpoInformedAt', breach.dpoInformedAt);
  return [{ type: 'DpoInformed', data: { informedAt: command.informedAt, informedBy: command.informedBy.trim() } }];
}

export class InformDpoCommand {
  constructor(
    readonly breachId: string,
    readonly payload: InformDpo,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(InformDpoCommand)
export class InformDpoHandler implements ICommandHandler<InformDpoCommand, CommandOutcome> {
  constructor(private readonly breaches: BreachCommands) {}

  execute({ breachId, payload, envelope }: InformDpoCommand): Promise<CommandOutcome> {
    return this.breaches.handle(breachId, envelope, (state, context) => decideInformDpo(payload, state, context));
  }
}
