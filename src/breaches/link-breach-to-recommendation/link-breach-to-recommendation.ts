import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { auditModel } from '../../audits/audit-commands.js';
import { auditStreamId } from '../../audits/audit.events.js';
import type { AuditState } from '../../audits/audit.state.js';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import { loadState, type CommandOutcome } from '../../command-handling/handle-command.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { DomainError } from '../../shared/domain-error.js';
import { BreachCommands } from '../breach-commands.js';
import type { BreachEvent, BreachLinkedToRecommendationData } from '../breach.events.js';
import { requireBreach, requireNotBefore, requireNotInFuture, type DecisionContext } from '../breach.rules.js';
import { recommendationLinkKey, type BreachState } from '../breach.state.js';

/**
 * Link a breach to an audit recommendation: the one it led to, or the one that should have
 * prevented it. The FG's question is why breaches happen and keep happening; the link shows
 * whether what an audit recommended was done before the breach, and what a breach changed.
 * Allowed after closure: the audit often comes later.
 */
export type LinkBreachToRecommendation = BreachLinkedToRecommendationData;

/** The audit as the command found it: a recommendation must exist there to be linked. */
export function decideLinkBreachToRecommendation(command: LinkBreachToRecommendation, audit: AuditState, state: BreachState, context: DecisionContext): BreachEvent[] {
  const breach = requireBreach(state);
  const recommendation = audit.status === 'completed' ? audit.recommendations.find((r) => r.recommendationId === command.recommendationId) : undefined;
  if (recommendation === undefined) {
    throw new DomainError('recommendation-not-found', `audit ${command.auditId} holds no recommendation ${command.recommendationId}`, {
      auditId: command.auditId,
      recommendationId: command.recommendationId,
    });
  }
  if (breach.recommendationLinks.includes(recommendationLinkKey(command.auditId, command.recommendationId, command.relation))) {
    throw new DomainError('recommendation-already-linked', `the breach is already linked to recommendation ${command.recommendationId} as ${command.relation}`, {
      recommendationId: command.recommendationId,
      relation: command.relation,
    });
  }
  // A recommendation issued before the breach was known can have been meant to prevent it, not be its result.
  if (command.relation === 'led-to') requireNotBefore('issuedAt', recommendation.issuedAt, 'awareAt', breach.facts.awareAt);
  requireNotInFuture('linkedAt', command.linkedAt, context);
  requireNotBefore('linkedAt', command.linkedAt, 'awareAt', breach.facts.awareAt);
  requireNotBefore('linkedAt', command.linkedAt, 'issuedAt', recommendation.issuedAt);
  const { auditId, recommendationId, relation, linkedAt } = command;
  return [{ type: 'BreachLinkedToRecommendation', data: { auditId, recommendationId, relation, linkedAt } }];
}

export class LinkBreachToRecommendationCommand {
  constructor(
    readonly breachId: string,
    readonly payload: LinkBreachToRecommendation,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(LinkBreachToRecommendationCommand)
export class LinkBreachToRecommendationHandler implements ICommandHandler<LinkBreachToRecommendationCommand, CommandOutcome> {
  constructor(
    private readonly breaches: BreachCommands,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ breachId, payload, envelope }: LinkBreachToRecommendationCommand): Promise<CommandOutcome> {
    // Read, not locked: that a recommendation was issued cannot be undone.
    const audit = await loadState(this.store, auditStreamId(payload.auditId), auditModel);
    return this.breaches.handle(breachId, envelope, (state, context) => decideLinkBreachToRecommendation(payload, audit, state, context));
  }
}
