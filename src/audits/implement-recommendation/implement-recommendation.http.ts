import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { ApiCommand } from '../../http/openapi.js';
import { AuditCommandResponseSchema, AuditIdPipe, auditCommandResponse, type AuditCommandResponse } from '../audit-http.js';
import { TEXT_MAX } from '../audit-request-parts.js';
import { ImplementRecommendationCommand, type ImplementRecommendation } from './implement-recommendation.js';

export class ImplementRecommendationRequest {
  @ApiProperty({ example: '2026-04-01T11:00:00+02:00', description: 'not before the recommendation was issued' })
  @IsIsoDateTime()
  implementedAt!: string;

  @ApiProperty({ example: 'The breach procedure now sends every registration to the FG.', maxLength: TEXT_MAX, description: 'what was done' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  description!: string;

  toCommand(): Omit<ImplementRecommendation, 'recommendationId'> {
    return { implementedAt: this.implementedAt, description: this.description };
  }
}

@ApiTags('audits')
@Controller('audits')
export class ImplementRecommendationRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':auditId/recommendations/:recommendationId/implementation')
  @HttpCode(201)
  @ApiCommand({
    summary: 'Record that a recommendation was implemented',
    description: 'How it was implemented; implementedAt not before the recommendation was issued. An unknown recommendation, or one already implemented, is refused.',
    request: ImplementRecommendationRequest,
    response: AuditCommandResponseSchema,
    example: { implementedAt: '2026-04-01T11:00:00+02:00', description: 'The breach procedure now sends every registration to the FG.' },
  })
  async implement(
    @Param('auditId', AuditIdPipe) auditId: string,
    @Param('recommendationId') recommendationId: string,
    @Body() body: ImplementRecommendationRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuditCommandResponse> {
    const outcome = await this.commands.execute<ImplementRecommendationCommand, CommandOutcome>(new ImplementRecommendationCommand(auditId, recommendationId, body.toCommand(), envelope));
    return auditCommandResponse(reply, auditId, outcome);
  }
}
