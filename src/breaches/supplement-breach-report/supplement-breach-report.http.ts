import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { ApNotificationVersionRequest } from '../get-ap-notification/ap-notification-version.request.js';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { REPORT_PHASES, type ReportPhase } from '../breach.events.js';
import { TEXT_MAX } from '../breach-request-parts.js';
import { type SupplementBreachReport, SupplementBreachReportCommand } from './supplement-breach-report.js';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand } from '../../http/openapi.js';
import { BreachIdPipe, breachCommandResponse, type BreachCommandResponse } from '../breach-http.js';

export class SupplementBreachReportRequest {
  @ApiProperty({ example: '2026-03-06T11:00:00+01:00', description: 'when the supplement was filed with the AP; not before the report' })
  @IsIsoDateTime()
  supplementedAt!: string;

  @ApiProperty({ example: 'The letter was retrieved from the neighbour unopened; one data subject, no further recipients.', maxLength: TEXT_MAX, description: 'what changed since the last filing' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  changes!: string;

  @ApiProperty({ enum: REPORT_PHASES, example: 'final', description: 'the phase of the report after this supplement; a final report stays final' })
  @IsIn(REPORT_PHASES)
  phase!: ReportPhase;

  @ApiPropertyOptional({ type: () => ApNotificationVersionRequest, description: 'the version of the prepared form the follow-up filing copied (GET /breaches/{id}/ap-notification: version); left out, the current one is recorded' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ApNotificationVersionRequest)
  apNotification?: ApNotificationVersionRequest;

  toCommand(): SupplementBreachReport {
    return {
      supplementedAt: this.supplementedAt,
      changes: this.changes,
      phase: this.phase,
      ...(this.apNotification ? { apNotification: { revision: this.apNotification.revision, sha256: this.apNotification.sha256 } } : {}),
    };
  }
}

@ApiTags('breaches')
@Controller('breaches')
export class SupplementBreachReportRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':breachId/ap-report-supplements')
  @HttpCode(201)
  @ApiCommand({
    summary: 'Record a supplement to the report filed with the AP',
    description: 'A follow-up filing (vervolgmelding, Art. 33(4)): report early, supplement later. Needs a report that was not withdrawn; a final report cannot become preliminary again.',
    request: SupplementBreachReportRequest,
    example: { supplementedAt: '2026-03-06T11:00:00+01:00', changes: 'The letter was retrieved from the neighbour unopened; one data subject, no further recipients.', phase: 'final' },
  })
  async supplement(
    @Param('breachId', BreachIdPipe) breachId: string,
    @Body() body: SupplementBreachReportRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BreachCommandResponse> {
    const outcome = await this.commands.execute<SupplementBreachReportCommand, CommandOutcome>(new SupplementBreachReportCommand(breachId, body.toCommand(), envelope));
    return breachCommandResponse(reply, breachId, outcome);
  }
}
