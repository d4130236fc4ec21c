import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand } from '../../http/openapi.js';
import type { WebhookSubscribedData } from '../alert.events.js';
import { alertingCommandResponse } from '../alerting-commands.js';
import { WebhookSecrets } from '../delivery/webhook-secrets.js';
import { SubscribeWebhookCommand } from './subscribe-webhook.js';

export class SubscribeWebhookRequest {
  @ApiProperty({ example: 'https://meldingen.example.nl/hooks/privacy', maxLength: 2000, description: 'https (http only with ALERT_WEBHOOK_ALLOW_HTTP=true); no credentials in it' })
  @IsString()
  @MaxLength(2000)
  url!: string;

  @ApiPropertyOptional({ type: [String], nullable: true, example: ['breach-at-risk-24h', 'breach-overdue'], description: 'the rules it receives; absent or null: every rule' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { each: true })
  ruleIds?: string[] | null;

  @ApiPropertyOptional({ default: false, description: 'whether its payloads may carry personal data (a breach title); otherwise ids, dienst and times only' })
  @IsOptional()
  @IsBoolean()
  personalData?: boolean;

  @ApiPropertyOptional({ example: 'Teams channel of the privacy officers', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class WebhookSubscribedSchema {
  @ApiProperty({ example: '9a0d2c4e-1f3b-4c5d-8e7f-0a1b2c3d4e5f' }) subscriptionId!: string;
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'the signing secret (Standard Webhooks); shown here and after a rotation only' }) secret!: string;
  @ApiProperty({ example: 1 }) revision!: number;
  @ApiProperty({ example: '1042' }) position!: string;
}

@ApiTags('alerts')
@Controller('alerts')
export class SubscribeWebhookRoute {
  constructor(
    private readonly commands: CommandBus,
    private readonly secrets: WebhookSecrets,
  ) {}

  @Post('webhooks')
  @HttpCode(201)
  @ApiCommand({
    summary: 'Subscribe a webhook to alerts',
    description: 'Deliveries are signed as the Standard Webhooks specification describes (webhook-id, webhook-timestamp, webhook-signature) with the secret this answer carries; keep it, it is not shown again. Refusals (422): webhook-url-invalid (not a URL, or carrying credentials, a query or a fragment: the URL is recorded in the log and shown with every alert), webhook-url-not-https, unknown-alert-rule.',
    request: SubscribeWebhookRequest,
    response: WebhookSubscribedSchema,
    creates: true,
    example: { url: 'https://meldingen.example.nl/hooks/privacy', ruleIds: ['breach-at-risk-24h', 'breach-overdue'], personalData: false, description: 'Teams channel of the privacy officers' },
  })
  async subscribe(@Body() body: SubscribeWebhookRequest, @CommandRequest() envelope: CommandEnvelope, @Res({ passthrough: true }) reply: FastifyReply): Promise<WebhookSubscribedSchema> {
    const payload = { subscriptionId: randomUUID(), url: body.url, ruleIds: body.ruleIds ?? null, personalData: body.personalData ?? false, description: body.description ?? '' };
    const outcome = await this.commands.execute<SubscribeWebhookCommand, CommandOutcome>(new SubscribeWebhookCommand(payload, envelope));
    // A retry is answered from the first attempt's event: the same subscription, the same secret.
    const subscriptionId = (outcome.events[0]?.data as unknown as WebhookSubscribedData | undefined)?.subscriptionId ?? payload.subscriptionId;
    return { subscriptionId, secret: this.secrets.secretOf(subscriptionId, 1), ...alertingCommandResponse(reply, outcome) };
  }
}
