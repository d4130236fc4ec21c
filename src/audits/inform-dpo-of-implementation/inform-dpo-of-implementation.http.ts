import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { ApiCommand } from '../../http/openapi.js';
import { AuditCommandResponseSchema, AuditIdPipe, auditCommandResponse, type AuditCommandResponse } from '../audit-http.js';
import { InformDpoOfImplementationCommand, type InformDpoOfImplementation } from './inform-dpo-of-implementation.js';

export class InformDpoOfImplementationRequest {
  @ApiProperty({ example: '2026-04-02T11:00:00+02:00', description: 'not before the implementation' })
  @IsIsoDateTime()
  informedAt!: string;

  toCommand(): Omit<InformDpoOfImplementation, 'recommendationId'> {
    return { informedAt: this.informedAt };
  }
}

@ApiTags('audits')
@Controller('audits')
export class InformDpoOfImplementationRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':auditId/recommendations/:recommendationId/dpo-notification')
  @HttpCode(201)
  @ApiCommand({
    summary: 'Record that the FG was informed of an implemented recommendation',
    description: 'Only an implemented recommendation, once; informedAt not before the implementation.',
    request: InformDpoOfImplementationRequest,
    response: AuditCommandResponseSchema,
    example: { informedAt: '2026-04-02T11:00:00+02:00' },
  })
  async inform(
    @Param('auditId', AuditIdPipe) auditId: string,
    @Param('recommendationId') recommendationId: string,
    @Body() body: InformDpoOfImplementationRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuditCommandResponse> {
    const outcome = await this.commands.execute<InformDpoOfImplementationCommand, CommandOutcome>(new InformDpoOfImplementationCommand(auditId, recommendationId, body.toCommand(), envelope));
    return auditCommandResponse(reply, auditId, outcome);
  }
}
