import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand } from '../../http/openapi.js';
import { AuditCommandResponseSchema, AuditIdPipe, auditCommandResponse, type AuditCommandResponse } from '../audit-commands.js';
import type { RecommendationIssuedData } from '../audit.events.js';
import { IssueRecommendationCommand } from './issue-recommendation.handler.js';
import { IssueRecommendationRequest } from './issue-recommendation.request.js';

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
