import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand } from '../../http/openapi.js';
import { AlertingCommandResponseSchema, alertingCommandResponse } from '../alerting-commands.js';
import { SubscriptionIdPipe } from '../rotate-webhook-secret/rotate-webhook-secret.http.js';
import { UnsubscribeWebhookCommand } from './unsubscribe-webhook.js';

export class UnsubscribeWebhookRequest {
  @ApiProperty({ example: 'The channel was replaced.', maxLength: 2000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

@ApiTags('alerts')
@Controller('alerts')
export class UnsubscribeWebhookRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post('webhooks/:subscriptionId/cancellation')
  @HttpCode(201)
  @ApiCommand({
    summary: 'Cancel a webhook subscription',
    description: '404 webhook-subscription-not-found. Refusals (422): webhook-unsubscribed, unsubscription-requires-reason.',
    request: UnsubscribeWebhookRequest,
    response: AlertingCommandResponseSchema,
    example: { reason: 'The channel was replaced.' },
  })
  async cancel(@Param('subscriptionId', SubscriptionIdPipe) subscriptionId: string, @Body() body: UnsubscribeWebhookRequest, @CommandRequest() envelope: CommandEnvelope, @Res({ passthrough: true }) reply: FastifyReply): Promise<{ subscriptionId: string; revision: number; position: string }> {
    const outcome = await this.commands.execute<UnsubscribeWebhookCommand, CommandOutcome>(new UnsubscribeWebhookCommand(subscriptionId, body.reason, envelope));
    return { subscriptionId, ...alertingCommandResponse(reply, outcome) };
  }
}
