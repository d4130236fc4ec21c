import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { DomainError } from '../../shared/domain-error.js';
import { ProcessingCommands } from '../processing-commands.js';
import type { AmendableField, Amendment, ProcessingEvent, ProcessingFacts } from '../processing.events.js';
import { canonical, normaliseFacts, requireLiveProcessingActivity, requireNotBefore, requireNotInFuture, requireText, requireValidFacts, type DecisionContext } from '../processing.rules.js';
import type { ProcessingState } from '../processing.state.js';

/** A field to amend and its new value; the old value is taken from the record, never from the client. */
export type FactChange = { readonly [F in AmendableField]: { readonly field: F; readonly to: ProcessingFacts[F] } }[AmendableField];

/**
 * Amend a registered processing activity: the register must stay current (Art. 30(1)).
 * The old values stay in the log; a retired activity is not amended.
 */
export interface AmendProcessingActivity {
  readonly changes: readonly FactChange[];
  readonly reason: string;
  readonly amendedAt: string;
}

export function decideAmendProcessingActivity(command: AmendProcessingActivity, state: ProcessingState, context: DecisionContext): ProcessingEvent[] {
  const activity = requireLiveProcessingActivity(state);
  requireText('reason', command.reason, 'amendment-requires-reason', 'say why the processing activity is amended');
  if (command.changes.length === 0) throw new DomainError('nothing-to-amend', 'name at least one field to amend');
  command.changes.forEach(({ field }, index) => {
    if (command.changes.slice(0, index).some((other) => other.field === field)) throw new DomainError('field-amended-twice', `${field} is amended twice in one amendment`, { field });
  });
  const before = activity.facts;
  const proposed = normaliseFacts(command.changes.reduce<ProcessingFacts>((facts, change) => ({ ...facts, [change.field]: change.to }), before));
  const changes = command.changes.map(({ field }) => toAmendment(field, before, proposed));
  requireValidFacts(proposed, new Set(command.changes.map((change) => change.field)), context);
  requireNotInFuture('amendedAt', command.amendedAt, context);
  requireNotBefore('amendedAt', command.amendedAt, 'latestBusinessTime', activity.latestBusinessTime);
  return [{ type: 'ProcessingActivityAmended', data: { changes, reason: command.reason.trim(), amendedAt: command.amendedAt } }];
}

function toAmendment(field: AmendableField, before: ProcessingFacts, after: ProcessingFacts): Amendment {
  if (canonical(before[field]) === canonical(after[field])) throw new DomainError('amendment-changes-nothing', `${field} already has the value given`, { field });
  return { field, from: before[field], to: after[field] } as Amendment;
}

export class AmendProcessingActivityCommand {
  constructor(
    readonly processingActivityId: string,
    readonly payload: AmendProcessingActivity,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(AmendProcessingActivityCommand)
export class AmendProcessingActivityHandler implements ICommandHandler<AmendProcessingActivityCommand, CommandOutcome> {
  constructor(private readonly processing: ProcessingCommands) {}

  execute({ processingActivityId, payload, envelope }: AmendProcessingActivityCommand): Promise<CommandOutcome> {
    return this.processing.handle(processingActivityId, envelope, (state, context) => decideAmendProcessingActivity(payload, state, context));
  }
}
