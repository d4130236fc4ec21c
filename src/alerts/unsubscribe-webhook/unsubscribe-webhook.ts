import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { decideUnsubscribeWebhook } from '../alert.rules.js';
import { AlertingCommands, requireKnownSubscription } from '../alerting-commands.js';

/** Cancel a webhook subscription, with the reason; nothing more is sent to it, retries pending included. */
export class UnsubscribeWebhookCommand {
  constructor(
    readonly subscriptionId: string,
    readonly reason: string,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(UnsubscribeWebhookCommand)
export class UnsubscribeWebhookHandler implements ICommandHandler<UnsubscribeWebhookCommand, CommandOutcome> {
  constructor(private readonly commands: AlertingCommands) {}

  execute({ subscriptionId, reason, envelope }: UnsubscribeWebhookCommand): Promise<CommandOutcome> {
    return this.commands.handle(envelope, (state) => {
      requireKnownSubscription(state, subscriptionId);
      return decideUnsubscribeWebhook(subscriptionId, reason, state);
    });
  }
}
