import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { BreachEvent, RootCauseCategory } from '../breach.events.js';
import { requireOpenBreach, requireText, type DecisionContext } from '../breach.rules.js';
import type { BreachState } from '../breach.state.js';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { BreachCommands } from '../breach-commands.js';

/**
 * Record an underlying cause of the breach. Art. 33(5): the register documents the facts,
 * effects and remedial action, and the causes are what the organisation learns from; a
 * breach may have several causes, so each is its own event. The category `unknown` is an
 * explicit answer (closure of a reported breach accepts it); its description says why the
 * cause could not be found.
 */
export interface RecordRootCause {
  readonly category: RootCauseCategory;
  readonly description: string;
}

export function decideRecordRootCause(command: RecordRootCause, state: BreachState, _context: DecisionContext): BreachEvent[] {
  requireOpenBreach(state);
  requireText('description', command.description, 'root-cause-requires-description', command.category === 'unknown' ? 'say why the root cause is unknown' : 'describe the root cause');
  return [{ type: 'RootCauseRecorded', data: { category: command.category, description: command.description.trim() } }];
}

export class RecordRootCauseCommand {
  constructor(
    readonly breachId: string,
    readonly payload: RecordRootCause,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(RecordRootCauseCommand)
export class RecordRootCauseHandler implements ICommandHandler<RecordRootCauseCommand, CommandOutcome> {
  constructor(private readonly breaches: BreachCommands) {}

  execute({ breachId, payload, envelope }: RecordRootCauseCommand): Promise<CommandOutcome> {
    return this.breaches.handle(breachId, envelope, (state, context) => decideRecordRootCause(payload, state, context));
  }
}
