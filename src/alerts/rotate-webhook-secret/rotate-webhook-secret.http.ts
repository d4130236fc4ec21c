import { Controller, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { NotFoundError } from '../../shared/domain-error.js';
import type { WebhookSecretRotatedData } from '../alert.events.js';
import { alertingCommandResponse } from '../alerting-commands.js';
import { WebhookSecrets } from '../delivery/webhook-secrets.js';
import { RotateWebhookSecretCommand } from './rotate-webhook-secret.js';

/** A subscription id in a path: anything that is not a UUID names no subscription (404). */
export const SubscriptionIdPipe = new ParseUUIDPipe({ exceptionFactory: () => new NotFoundError('webhook-subscription-not-found', 'there is no webhook subscription with that id') });

@ApiTags('alerts')
@Controller('alerts')
export class RotateWebhookSecretRoute {
  constructor(
    private readonly commands: CommandBus,
    private readonly secrets: WebhookSecrets,
  ) {}

  @Post('webhooks/:subscriptionId/secret-rotations')
  @HttpCode(201)
  @ApiOperation({ summary: 'Give a webhook subscription a new signing secret (answered once, here); deliveries are signed with it from now on. 404 webhook-subscription-not-found; 422 webhook-unsubscribed.' })
  async rotate(@Param('subscriptionId', SubscriptionIdPipe) subscriptionId: string, @CommandRequest() envelope: CommandEnvelope, @Res({ passthrough: true }) reply: FastifyReply): Promise<{ subscriptionId: string; secret: string; revision: number; position: string }> {
    const outcome = await this.commands.execute<RotateWebhookSecretCommand, CommandOutcome>(new RotateWebhookSecretCommand(subscriptionId, envelope));
    const generation = (outcome.events[0]?.data as unknown as WebhookSecretRotatedData).generation;
    return { subscriptionId, secret: this.secrets.secretOf(subscriptionId, generation), ...alertingCommandResponse(reply, outcome) };
  }
}
