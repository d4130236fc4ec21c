import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { DomainError } from '../../shared/domain-error.js';
import { BreachCommands } from '../breach-commands.js';
import type { BreachEvent, DataSubjectNotificationWaiverRevokedData } from '../breach.events.js';
import { requireNotBefore, requireNotInFuture, requireOpenBreach, requireText, type DecisionContext } from '../breach.rules.js';
import type { BreachState } from '../breach.state.js';

/**
 * Revoke a waiver of the Art. 34 communication: the AP required the data subjects to be told
 * (Art. 34(4)), or the Art. 34(3) ground turned out not to hold (the data was readable after
 * all, the measures did not remove the high risk). The communication is owed again: closure
 * waits for it (or, when only the ground failed, for a waiver on another ground).
 */
export type RevokeDataSubjectNotificationWaiver = DataSubjectNotificationWaiverRevokedData;

export function decideRevokeDataSubjectNotificationWaiver(command: RevokeDataSubjectNotificationWaiver, state: BreachState, context: DecisionContext): BreachEvent[] {
  const breach = requireOpenBreach(state);
  if (breach.notificationWaiver === null) throw new DomainError('notification-not-waived', 'the communication to the data subjects has not been waived: there is no waiver to revoke');
  // Art. 33(5): the reasoning behind each decision is documented.
  requireText('reason', command.reason, 'revocation-requires-reason', 'say why the waiver is revoked');
  requireNotInFuture('revokedAt', command.revokedAt, context);
  requireNotBefore('revokedAt', command.revokedAt, 'latestBusinessTime', breach.latestBusinessTime);
  return [{ type: 'DataSubjectNotificationWaiverRevoked', data: { revokedAt: command.revokedAt, cause: command.cause, reason: command.reason.trim() } }];
}

export class RevokeDataSubjectNotificationWaiverCommand {
  constructor(
    readonly breachId: string,
    readonly payload: RevokeDataSubjectNotificationWaiver,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(RevokeDataSubjectNotificationWaiverCommand)
export class RevokeDataSubjectNotificationWaiverHandler implements ICommandHandler<RevokeDataSubjectNotificationWaiverCommand, CommandOutcome> {
  constructor(private readonly breaches: BreachCommands) {}

  execute({ breachId, payload, envelope }: RevokeDataSubjectNotificationWaiverCommand): Promise<CommandOutcome> {
    return this.breaches.handle(breachId, envelope, (state, context) => decideRevokeDataSubjectNotificationWaiver(payload, state, context));
  }
}
