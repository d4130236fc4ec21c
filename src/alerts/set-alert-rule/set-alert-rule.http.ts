import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import type { FastifyReply } from 'fastify';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand } from '../../http/openapi.js';
import { ALERT_KINDS, RECIPIENT_ROLES, type AlertKind, type RecipientRole } from '../alert.events.js';
import type { SetAlertRule } from '../alert.rules.js';
import { AlertingCommandResponseSchema, alertingCommandResponse } from '../alerting-commands.js';
import { SetAlertRuleCommand } from './set-alert-rule.js';

export class SetAlertRuleRequest {
  @ApiProperty({ example: 'breach-at-risk-12h', description: 'lower-case letters, digits and dashes; an id of the configuration replaces that rule' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/)
  ruleId!: string;

  @ApiProperty({ enum: ALERT_KINDS })
  @IsIn(ALERT_KINDS)
  kind!: AlertKind;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 12, description: 'breach-at-risk: hours before the deadline (1–71); dpo-not-informed: hours after awareness (1–720); inquiry-answer-due, dpia-review-due, recommendation-due: hours before their date (0–8760, default 0); none for breach-registered and breach-overdue' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  hours?: number | null;

  @ApiProperty({ enum: RECIPIENT_ROLES, isArray: true, example: ['privacy-officers', 'fg'], description: 'who gets it by e-mail (the addresses come from configuration); webhooks subscribe to rules themselves' })
  @IsArray()
  @ArrayMaxSize(3)
  @IsIn(RECIPIENT_ROLES, { each: true })
  recipients!: RecipientRole[];

  @ApiProperty({ example: true })
  @IsBoolean()
  enabled!: boolean;

  @ApiProperty({ example: 'The FG asked for a warning halfway through the last day.', maxLength: 2000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;

  toCommand(): SetAlertRule {
    return { ruleId: this.ruleId, kind: this.kind, hours: this.hours ?? null, recipients: this.recipients, enabled: this.enabled, reason: this.reason };
  }
}

@ApiTags('alerts')
@Controller('alerts')
export class SetAlertRuleRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post('rules')
  @HttpCode(201)
  @ApiCommand({
    summary: 'Set an alert rule (add one, or replace a rule of the configuration by its id)',
    description: 'Refusals (422): alert-rule-requires-reason, alert-rule-requires-hours, alert-rule-hours-not-applicable, alert-rule-hours-out-of-range, alert-rule-kind-fixed, alert-rule-unchanged.',
    request: SetAlertRuleRequest,
    response: AlertingCommandResponseSchema,
    example: { ruleId: 'breach-at-risk-12h', kind: 'breach-at-risk', hours: 12, recipients: ['privacy-officers', 'fg'], enabled: true, reason: 'The FG asked for a warning halfway through the last day.' },
  })
  async set(@Body() body: SetAlertRuleRequest, @CommandRequest() envelope: CommandEnvelope, @Res({ passthrough: true }) reply: FastifyReply): Promise<{ ruleId: string; revision: number; position: string }> {
    const outcome = await this.commands.execute<SetAlertRuleCommand, CommandOutcome>(new SetAlertRuleCommand(body.toCommand(), envelope));
    return { ruleId: body.ruleId, ...alertingCommandResponse(reply, outcome) };
  }
}
