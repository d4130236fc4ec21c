import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { ApNotificationVersionRequest } from '../get-ap-notification/ap-notification-version.request.js';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { precompiledBody } from '../../http/precompiled-body.js';
import { REPORT_PHASES, type ReportPhase } from '../breach.events.js';
import { LateReasonRequest, LINE_MAX } from '../breach-request-parts.js';
import { type ReportBreachToAP, ReportBreachToAPCommand } from './report-breach-to-ap.js';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand } from '../../http/openapi.js';
import { BreachIdPipe, breachCommandResponse, type BreachCommandResponse } from '../breach-http.js';

export class ReportBreachToAPRequest {
  @ApiProperty({ example: '2026-03-04T16:30:00+01:00', description: 'when the report was filed with the AP' })
  @IsIsoDateTime()
  reportedAt!: string;

  @ApiProperty({ example: 'M-2026-004711', description: "the AP's meldnummer" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LINE_MAX)
  apReference!: string;

  @ApiProperty({ enum: REPORT_PHASES, example: 'preliminary', description: 'report early, supplement later' })
  @IsIn(REPORT_PHASES)
  phase!: ReportPhase;

  @ApiPropertyOptional({ type: LateReasonRequest, nullable: true, description: 'mandatory when the report is later than awareAt + 72 hours' })
  @IsOptional()
  @ValidateNested()
  @Type(() => LateReasonRequest)
  lateReason?: LateReasonRequest | null;

  @ApiPropertyOptional({ type: () => ApNotificationVersionRequest, description: 'the version of the prepared form the filing copied (GET /breaches/{id}/ap-notification: version); left out, the current one is recorded' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ApNotificationVersionRequest)
  apNotification?: ApNotificationVersionRequest;

  toCommand(): ReportBreachToAP {
    return {
      reportedAt: this.reportedAt,
      apReference: this.apReference,
      phase: this.phase,
      lateReason: this.lateReason?.toLateReason() ?? null,
      ...(this.apNotification ? { apNotification: { revision: this.apNotification.revision, sha256: this.apNotification.sha256 } } : {}),
    };
  }
}

/** POST /breaches/{id}/ap-reports: a valid body is built by the check derived from these decorators (src/http/precompiled-body.ts). */
precompiledBody(ReportBreachToAPRequest);

@ApiTags('breaches')
@Controller('breaches')
export class ReportBreachToAPRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':breachId/ap-reports')
  @HttpCode(201)
  @ApiCommand({
    summary: 'Record the report of a breach to the AP',
    description: 'The first filing counts for the 72-hour deadline, preliminary or final. A late report must carry its reason (Art. 33(1)).',
    request: ReportBreachToAPRequest,
    example: { reportedAt: '2026-03-05T16:30:00+01:00', apReference: 'M-2026-004711', phase: 'preliminary', lateReason: { code: 'processor-delay', explanation: 'The processor informed us four days after it found the misconfiguration.' } },
  })
  async report(
    @Param('breachId', BreachIdPipe) breachId: string,
    @Body() body: ReportBreachToAPRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BreachCommandResponse> {
    const outcome = await this.commands.execute<ReportBreachToAPCommand, CommandOutcome>(new ReportBreachToAPCommand(breachId, body.toCommand(), envelope));
    return breachCommandResponse(reply, breachId, outcome);
  }
}
