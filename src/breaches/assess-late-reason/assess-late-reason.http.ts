import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { LATE_REASON_VERDICTS, type LateReasonVerdict } from '../breach.events.js';
import { TEXT_MAX } from '../breach-request-parts.js';
import { type AssessLateReason, AssessLateReasonCommand } from './assess-late-reason.js';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand } from '../../http/openapi.js';
import { BreachIdPipe, breachCommandResponse, type BreachCommandResponse } from '../breach-http.js';

export class AssessLateReasonRequest {
  @ApiProperty({ enum: LATE_REASON_VERDICTS, example: 'not-accepted', description: "the FG's verdict on the reason given for the late report" })
  @IsIn(LATE_REASON_VERDICTS)
  verdict!: LateReasonVerdict;

  @ApiProperty({ example: 'Waiting for the investigation is no reason: report preliminarily and supplement later.', maxLength: TEXT_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  comment!: string;

  @ApiProperty({ example: '2026-03-07T11:00:00+01:00', description: 'when the FG judged the reason; not before the report' })
  @IsIsoDateTime()
  assessedAt!: string;

  toCommand(): AssessLateReason {
    return { verdict: this.verdict, comment: this.comment, assessedAt: this.assessedAt };
  }
}

@ApiTags('breaches')
@Controller('breaches')
export class AssessLateReasonRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':breachId/late-reason-verdicts')
  @HttpCode(201)
  @ApiCommand({
    summary: "Record the FG's verdict on the reason for a late report",
    description: 'Only for a report filed after the 72-hour deadline with its reason. A new verdict replaces the last; the FG is independent, so it is accepted after closure too.',
    request: AssessLateReasonRequest,
    example: { verdict: 'not-accepted', comment: 'Waiting for the investigation is no reason: report preliminarily and supplement later.', assessedAt: '2026-03-07T11:00:00+01:00' },
  })
  async assess(
    @Param('breachId', BreachIdPipe) breachId: string,
    @Body() body: AssessLateReasonRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BreachCommandResponse> {
    const outcome = await this.commands.execute<AssessLateReasonCommand, CommandOutcome>(new AssessLateReasonCommand(breachId, body.toCommand(), envelope));
    return breachCommandResponse(reply, breachId, outcome);
  }
}
