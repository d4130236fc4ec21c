import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Inject } from '@nestjs/common';
import { decideSubscribeWebhook, type SubscribeWebhook } from '../alert.rules.js';
import { AlertingCommands } from '../alerting-commands.js';

/** Subscribe a webhook to alert rules (all, or those named); its secret is derived, never recorded. */
export class SubscribeWebhookCommand {
  constructor(
    readonly payload: SubscribeWebhook,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(SubscribeWebhookCommand)
export class SubscribeWebhookHandler implements ICommandHandler<SubscribeWebhookCommand, CommandOutcome> {
  constructor(
    private readonly commands: AlertingCommands,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  execute({ payload, envelope }: SubscribeWebhookCommand): Promise<CommandOutcome> {
    return this.commands.handle(envelope, (state, configured) => decideSubscribeWebhook(payload, state, configured, this.config.alerts.webhookAllowHttp));
  }
}
