import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '../../shared/domain-error.js';
import type { BreachEvent, NotificationChannel } from '../breach.events.js';
import { requireNotBefore, requireNotInFuture, requireOpenBreach, type DecisionContext } from '../breach.rules.js';
import type { BreachState } from '../breach.state.js';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { BreachCommands } from '../breach-commands.js';

/**
 * Record one batch of the Art. 34 communication to the data subjects. A large breach is
 * communicated in several batches (by letter, then by e-mail, ...): one command per batch.
 */
export interface NotifyDataSubjects {
  readonly notifiedAt: string;
  readonly count: number;
  readonly channel: NotificationChannel;
}

export function decideNotifyDataSubjects(command: NotifyDataSubjects, state: BreachState, context: DecisionContext): BreachEvent[] {
  const breach = requireOpenBreach(state);
  // Art. 34(3): with a recorded ground the communication "shall not be required"; recording
  // both would leave the register contradicting itself.
  if (breach.notificationWaiver !== null) {
    throw new DomainError('notification-waived', `the communication to the data subjects was waived on Art. 34(3) ground ${breach.notificationWaiver}`, {
      ground: breach.notificationWaiver,
    });
  }
  if (!Number.isInteger(command.count) || command.count < 1) {
    throw new DomainError('invalid-notification-count', `a batch notifies at least one data subject, not ${command.count}`, { count: command.count });
  }
  requireNotInFuture('notifiedAt', command.notifiedAt, context);
  requireNotBefore('notifiedAt', command.notifiedAt, 'awareAt', breach.facts.awareAt);
  return [{ type: 'DataSubjectsNotified', data: { notifiedAt: command.notifiedAt, count: command.count, channel: command.channel } }];
}

export class NotifyDataSubjectsCommand {
  constructor(
    readonly breachId: string,
    readonly payload: NotifyDataSubjects,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(NotifyDataSubjectsCommand)
export class NotifyDataSubjectsHandler implements ICommandHandler<NotifyDataSubjectsCommand, CommandOutcome> {
  constructor(private readonly breaches: BreachCommands) {}

  execute({ breachId, payload, envelope }: NotifyDataSubjectsCommand): Promise<CommandOutcome> {
    return this.breaches.handle(breachId, envelope, (state, context) => decideNotifyDataSubjects(payload, state, context));
  }
}
