import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { ApiCommand } from '../../http/openapi.js';
import { AuditCommandResponseSchema, AuditIdPipe, auditCommandResponse, type AuditCommandResponse } from '../audit-http.js';
import { FINDING_ID_MAX, TEXT_MAX } from '../audit-request-parts.js';
import type { RecommendationIssuedData } from '../audit.events.js';
import { IssueRecommendationCommand, type IssueRecommendation } from './issue-recommendation.js';

export class IssueRecommendationRequest {
  @ApiPropertyOptional({type: String,  nullable: true, example: 'B1', maxLength: FINDING_ID_MAX, description: 'the finding of this audit it answers, or null' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(FINDING_ID_MAX)
  findingId?: string | null;

  @ApiProperty({ example: 'Inform the FG of every breach within one working day.', maxLength: TEXT_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  description!: string;

  @ApiProperty({ example: 'DSB', description: 'the dienst that implements it: one of the configured diensten (DIENSTEN)' })
  @IsString()
  @IsNotEmpty()
  dienst!: string;

  @ApiProperty({ example: '2026-02-03T10:00:00+01:00', description: 'not before the audit was completed' })
  @IsIsoDateTime()
  issuedAt!: string;

  @ApiPropertyOptional({type: String, format: 'date-time',  nullable: true, example: '2026-09-01T00:00:00+02:00', description: 'when it should be implemented; not before issuedAt' })
  @IsOptional()
  @IsIsoDateTime()
  dueAt?: string | null;

  toCommand(): Omit<IssueRecommendation, 'recommendationId'> {
    return { findingId: this.findingId ?? null, description: this.description, dienst: this.dienst, issuedAt: this.issuedAt, dueAt: this.dueAt ?? null };
  }
}

class IssueRecommendationResponse extends AuditCommandResponseSchema {
  @ApiProperty({ example: '2f4a6c8e-1b3d-5f7a-9c2e-4a6b8c0d2e4f', description: 'the recommendation, derived from the Idempotency-Key: a retry answers with the same id' })
  recommendationId!: string;
}

@ApiTags('audits')
@Controller('audits')
export class IssueRecommendationRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':auditId/recommendations')
  @HttpCode(201)
  @ApiCommand({
    summary: 'Record a recommendation of an audit',
    description: 'For the dienst that implements it, optionally tied to a finding of the audit; issuedAt not before the audit was completed.',
    request: IssueRecommendationRequest,
    response: IssueRecommendationResponse,
    example: { findingId: 'B1', description: 'Inform the FG of every breach within one working day.', dienst: 'DSB', issuedAt: '2026-02-03T10:00:00+01:00', dueAt: '2026-09-01T00:00:00+02:00' },
  })
  async issue(
    @Param('auditId', AuditIdPipe) auditId: string,
    @Body() body: IssueRecommendationRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuditCommandResponse & { recommendationId: string }> {
    const outcome = await this.commands.execute<IssueRecommendationCommand, CommandOutcome>(new IssueRecommendationCommand(auditId, body.toCommand(), envelope));
    // From the stored event, so a replayed retry answers with the id the first attempt recorded.
    const issued = outcome.events[0]?.data as unknown as RecommendationIssuedData;
    return { ...auditCommandResponse(reply, auditId, outcome), recommendationId: issued.recommendationId };
  }
}
