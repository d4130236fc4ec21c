import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand } from '../../http/openapi.js';
import { DpiaCommandResponseSchema, DpiaIdPipe, dpiaCommandResponse, type DpiaCommandResponse } from '../dpia-commands.js';
import { RequestPriorConsultationCommand } from './request-prior-consultation.handler.js';
import { RequestPriorConsultationRequest } from './request-prior-consultation.request.js';

@ApiTags('dpias')
@Controller('dpias')
export class RequestPriorConsultationRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':dpiaId/prior-consultation-requests')
  @HttpCode(201)
  @ApiCommand({
    summary: 'Record the request for prior consultation of the AP',
    description: 'Art. 36(1): only for a completed DPIA whose high residual risk the measures cannot reduce. The AP answers within 8 weeks (+6).',
    request: RequestPriorConsultationRequest,
    response: DpiaCommandResponseSchema,
    example: { requestedAt: '2026-04-02T11:00:00+02:00', apReference: 'AP-VB-2026-17' },
  })
  async request(
    @Param('dpiaId', DpiaIdPipe) dpiaId: string,
    @Body() body: RequestPriorConsultationRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DpiaCommandResponse> {
    const outcome = await this.commands.execute<RequestPriorConsultationCommand, CommandOutcome>(new RequestPriorConsultationCommand(dpiaId, body.toCommand(), envelope));
    return dpiaCommandResponse(reply, dpiaId, outcome);
  }
}
