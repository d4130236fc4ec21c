import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '../../shared/domain-error.js';
import type { BreachEvent, WaiverGround } from '../breach.events.js';
import { requireNotBefore, requireNotInFuture, requireOpenBreach, requireText, type DecisionContext } from '../breach.rules.js';
import type { BreachState } from '../breach.state.js';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { BreachCommands } from '../breach-commands.js';

/**
 * Record that the data subjects are not told, on a ground of Art. 34(3): (a) the data is
 * unintelligible to others, (b) later measures removed the high risk, (c) it would take a
 * disproportionate effort, in which case a public communication informs them instead.
 */
export interface WaiveDataSubjectNotification {
  readonly waivedAt: string;
  readonly ground: WaiverGround;
  readonly explanation: string;
  readonly publicCommunication: string | null;
}

export function decideWaiveDataSubjectNotification(command: WaiveDataSubjectNotification, state: BreachState, context: DecisionContext): BreachEvent[] {
  const breach = requireOpenBreach(state);
  if (breach.dataSubjectsNotifiedAt !== null) {
    throw new DomainError('data-subjects-already-notified', `data subjects were notified from ${breach.dataSubjectsNotifiedAt} on; a communication that happened cannot be waived`, {
      notifiedAt: breach.dataSubjectsNotifiedAt,
    });
  }
  if (breach.notificationWaiver !== null) {
    throw new DomainError('notification-waived', `the communication was already waived on Art. 34(3) ground ${breach.notificationWaiver}`, { ground: breach.notificationWaiver });
  }
  // Art. 34(4): once the AP has required the communication, no Art. 34(3) ground can waive it again.
  if (breach.waiverRevoked === 'ap-required') {
    throw new DomainError('notification-required-by-ap', 'the AP required the communication to the data subjects (Art. 34(4)); it can no longer be waived');
  }
  // Art. 33(5): the reasoning behind each decision is documented.
  requireText('explanation', command.explanation, 'waiver-requires-explanation', 'a waiver must explain why its Art. 34(3) ground applies');
  if (command.ground === 'disproportionate-effort') {
    // Art. 34(3)(c): "there shall instead be a public communication or similar measure".
    requireText('publicCommunication', command.publicCommunication, 'waiver-requires-public-communication', 'with disproportionate effort, a public communication must inform the data subjects instead (Art. 34(3)(c))');
  } else if (command.publicCommunication !== null) {
    // The field records the Art. 34(3)(c) substitute; under (a) or (b) nobody needs informing instead.
    throw new DomainError('public-communication-not-applicable', `a public communication replaces the notification only with disproportionate effort (Art. 34(3)(c)), not with ground ${command.ground}`, {
      ground: command.ground,
    });
  }
  requireNotInFuture('waivedAt', command.waivedAt, context);
  requireNotBefore('waivedAt', command.waivedAt, 'awareAt', breach.facts.awareAt);
  const publicCommunication = command.publicCommunication?.trim() ?? null;
  return [{ type: 'DataSubjectNotificationWaived', data: { waivedAt: command.waivedAt, ground: command.ground, explanation: command.explanation.trim(), publicCommunication } }];
}

export class WaiveDataSubjectNotificationCommand {
  constructor(
    readonly breachId: string,
    readonly payload: WaiveDataSubjectNotification,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(WaiveDataSubjectNotificationCommand)
export class WaiveDataSubjectNotificationHandler implements ICommandHandler<WaiveDataSubjectNotificationCommand, CommandOutcome> {
  constructor(private readonly breaches: BreachCommands) {}

  execute({ breachId, payload, envelope }: WaiveDataSubjectNotificationCommand): Promise<CommandOutcome> {
    return this.breaches.handle(breachId, envelope, (state, context) => decideWaiveDataSubjectNotification(payload, state, context));
  }
}
