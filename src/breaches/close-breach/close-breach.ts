import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '../../shared/domain-error.js';
import type { BreachEvent } from '../breach.events.js';
import { requireNotBefore, requireNotInFuture, requireOpenBreach, requiresRootCause, requireText, type DecisionContext } from '../breach.rules.js';
import type { BreachState } from '../breach.state.js';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { BreachCommands } from '../breach-commands.js';

/**
 * Close the handling of a breach. After closure only what ALLOWED_AFTER_CLOSURE names may
 * still happen: the FG's advice and its verdict on a late-reporting reason (the FG is
 * independent, Art. 38(3)), corrections of recorded facts (Art. 5(1)(d)), links to audit
 * recommendations and the erasure of the personal data. Everything else, closing again
 * included, is refused with `breach-closed`.
 */
export interface CloseBreach {
  readonly closedAt: string;
  readonly summary: string;
}

export function decideCloseBreach(command: CloseBreach, state: BreachState, context: DecisionContext): BreachEvent[] {
  const breach = requireOpenBreach(state);
  requireText('summary', command.summary, 'closure-requires-summary', 'summarise how the breach was handled');
  const { assessment, report } = breach;
  if (!assessment) throw new DomainError('not-assessed', 'the breach has not been assessed: record the risk and the notification decision first');
  // Art. 33(1): a reportable breach is notified to the AP; a withdrawn notification also settles it.
  if (assessment.reportable && report === null) {
    throw new DomainError('not-reported', 'the breach was assessed as reportable but has not been reported to the AP', { assessedAt: assessment.assessedAt });
  }
  // Art. 34(1): the data subjects are told, unless an Art. 34(3) ground was recorded; a revoked
  // waiver (Art. 34(4), or a ground that did not hold) makes the communication owed again.
  const owed = assessment.notifyDataSubjects || breach.waiverRevoked !== null;
  if (owed && breach.dataSubjectsNotifiedAt === null && breach.notificationWaiver === null) {
    throw new DomainError('data-subjects-not-notified', 'the data subjects are owed the communication: record the notification or an Art. 34(3) waiver first', {
      assessedAt: assessment.assessedAt,
      waiverRevoked: breach.waiverRevoked,
    });
  }
  requireNotInFuture('closedAt', command.closedAt, context);
  // Handling cannot end before the last thing recorded of it happened.
  requireNotBefore('closedAt', command.closedAt, 'latestBusinessTime', breach.latestBusinessTime);
  // Why breaches happen is the FG's central question: a reported breach is not closed without
  // its root cause, or an explicit `unknown` with the reason. A report withdrawn because there
  // was no breach after all has no cause to find. (Checked last: an import of history that
  // never recorded causes may close without one, every other check holding.)
  if (requiresRootCause(breach) && breach.rootCause === null) {
    throw new DomainError('closure-requires-root-cause', 'the breach was reported to the AP: record its root cause (or the category `unknown` with the reason) before closing it');
  }
  return [{ type: 'BreachClosed', data: { closedAt: command.closedAt, summary: command.summary.trim() } }];
}

export class CloseBreachCommand {
  constructor(
    readonly breachId: string,
    readonly payload: CloseBreach,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(CloseBreachCommand)
export class CloseBreachHandler implements ICommandHandler<CloseBreachCommand, CommandOutcome> {
  constructor(private readonly breaches: BreachCommands) {}

  execute({ breachId, payload, envelope }: CloseBreachCommand): Promise<CommandOutcome> {
    return this.breaches.handle(breachId, envelope, (state, context) => decideCloseBreach(payload, state, context));
  }
}
