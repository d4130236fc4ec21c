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
import { DpiaCommandResponseSchema, DpiaIdPipe, dpiaCommandResponse, type DpiaCommandResponse } from '../dpia-http.js';
import { LINE_MAX } from '../dpia-request-parts.js';
import { RequestPriorConsultationCommand, type RequestPriorConsultation } from './request-prior-consultation.js';

export class RequestPriorConsultationRequest {
  @ApiProperty({ example: '2026-04-02T11:00:00+02:00', description: 'when the AP was asked; not before the completion' })
  @IsIsoDateTime()
  requestedAt!: string;

  @ApiProperty({ example: 'AP-VB-2026-17', maxLength: LINE_MAX, description: 'the AP\'s reference' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LINE_MAX)
  apReference!: string;

  toCommand(): RequestPriorConsultation {
    return { requestedAt: this.requestedAt, apReference: this.apReference };
  }
}

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
