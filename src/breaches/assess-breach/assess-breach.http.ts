import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { RISK_LEVELS, SEVERITIES, type RiskLevel, type Severity } from '../breach.events.js';
import { TEXT_MAX } from '../breach-request-parts.js';
import { type AssessBreach, AssessBreachCommand } from './assess-breach.js';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand } from '../../http/openapi.js';
import { BreachIdPipe, breachCommandResponse, type BreachCommandResponse } from '../breach-http.js';

export class AssessBreachRequest {
  @ApiProperty({ example: '2026-03-02T13:00:00+01:00', description: 'when the assessment was made; not before awareAt nor before the previous assessment' })
  @IsIsoDateTime()
  assessedAt!: string;

  @ApiProperty({ enum: RISK_LEVELS, example: 'high', description: "risk to the rights and freedoms of the data subjects: 'risk' and 'high' must be reported (Art. 33(1))" })
  @IsIn(RISK_LEVELS)
  risk!: RiskLevel;

  @ApiProperty({ enum: SEVERITIES, example: 'aanzienlijk', description: "the AP's severity scale" })
  @IsIn(SEVERITIES)
  severity!: Severity;

  @ApiProperty({ example: true, description: 'whether the breach must be reported to the AP' })
  @IsBoolean()
  reportable!: boolean;

  @ApiProperty({ example: true, description: 'whether the data subjects are to be notified (Art. 34): only with a high risk' })
  @IsBoolean()
  notifyDataSubjects!: boolean;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: TEXT_MAX,
    example: 'Income data of a named applicant reached a neighbour; the applicant is vulnerable to pressure.',
    description: 'the reasoning (Art. 33(5)); mandatory when not reportable, and when a high risk is not notified (Art. 34(3))',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  rationale?: string | null;

  toCommand(): AssessBreach {
    return {
      assessedAt: this.assessedAt,
      risk: this.risk,
      severity: this.severity,
      reportable: this.reportable,
      notifyDataSubjects: this.notifyDataSubjects,
      rationale: this.rationale ?? null,
    };
  }
}

@ApiTags('breaches')
@Controller('breaches')
export class AssessBreachRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':breachId/assessments')
  @HttpCode(201)
  @ApiCommand({
    summary: 'Assess the risk of a breach and decide on notification',
    description:
      "The latest assessment counts. 'risk' and 'high' must be reported (Art. 33(1)); notifying the data subjects follows a high risk only (Art. 34(1)); " +
      'not reportable needs a rationale (Art. 33(5)). A breach already reported is not reassessed as not reportable: withdraw the report first. Refused once the breach is closed.',
    request: AssessBreachRequest,
    example: {
      assessedAt: '2026-03-02T13:00:00+01:00',
      risk: 'high',
      severity: 'aanzienlijk',
      reportable: true,
      notifyDataSubjects: true,
      rationale: 'Income data of a named applicant reached a neighbour; the applicant is vulnerable to pressure.',
    },
  })
  async assess(
    @Param('breachId', BreachIdPipe) breachId: string,
    @Body() body: AssessBreachRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BreachCommandResponse> {
    const outcome = await this.commands.execute<AssessBreachCommand, CommandOutcome>(new AssessBreachCommand(breachId, body.toCommand(), envelope));
    return breachCommandResponse(reply, breachId, outcome);
  }
}
