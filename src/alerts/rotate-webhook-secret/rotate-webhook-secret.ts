import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { decideRotateWebhookSecret } from '../alert.rules.js';
import { AlertingCommands, requireKnownSubscription } from '../alerting-commands.js';

/** A new secret for a subscription (the old one stops signing at once): a new generation, recorded. */
export class RotateWebhookSecretCommand {
  constructor(
    readonly subscriptionId: string,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(RotateWebhookSecretCommand)
export class RotateWebhookSecretHandler implements ICommandHandler<RotateWebhookSecretCommand, CommandOutcome> {
  constructor(private readonly commands: AlertingCommands) {}

  execute({ subscriptionId, envelope }: RotateWebhookSecretCommand): Promise<CommandOutcome> {
    return this.commands.handle(envelope, (state) => {
      requireKnownSubscription(state, subscriptionId);
      return decideRotateWebhookSecret(subscriptionId, state);
    });
  }
}
