import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand } from '../../http/openapi.js';
import { DpiaCommandResponseSchema, DpiaIdPipe, dpiaCommandResponse, type DpiaCommandResponse } from '../dpia-commands.js';
import { ConcludePriorConsultationCommand } from './conclude-prior-consultation.handler.js';
import { ConcludePriorConsultationRequest } from './conclude-prior-consultation.request.js';

@ApiTags('dpias')
@Controller('dpias')
export class ConcludePriorConsultationRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':dpiaId/prior-consultation-conclusions')
  @HttpCode(201)
  @ApiCommand({
    summary: 'Record the AP\'s answer to the prior consultation',
    description: 'Art. 36(2): the AP\'s written advice, or the powers it used. Only then may the processing start.',
    request: ConcludePriorConsultationRequest,
    response: DpiaCommandResponseSchema,
    example: { concludedAt: '2026-05-20T11:00:00+02:00', outcome: 'No objection, provided recordings are deleted after 28 days.', apReference: 'AP-VB-2026-17' },
  })
  async conclude(
    @Param('dpiaId', DpiaIdPipe) dpiaId: string,
    @Body() body: ConcludePriorConsultationRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DpiaCommandResponse> {
    const outcome = await this.commands.execute<ConcludePriorConsultationCommand, CommandOutcome>(new ConcludePriorConsultationCommand(dpiaId, body.toCommand(), envelope));
    return dpiaCommandResponse(reply, dpiaId, outcome);
  }
}
