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
import { LINE_MAX, TEXT_MAX } from '../dpia-request-parts.js';
import { ConcludePriorConsultationCommand, type ConcludePriorConsultation } from './conclude-prior-consultation.js';

export class ConcludePriorConsultationRequest {
  @ApiProperty({ example: '2026-05-20T11:00:00+02:00', description: 'when the AP answered; not before the request' })
  @IsIsoDateTime()
  concludedAt!: string;

  @ApiProperty({ example: 'No objection, provided recordings are deleted after 28 days.', maxLength: TEXT_MAX, description: 'the AP\'s written advice, or the powers it used (Art. 36(2))' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  outcome!: string;

  @ApiProperty({ example: 'AP-VB-2026-17', maxLength: LINE_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LINE_MAX)
  apReference!: string;

  toCommand(): ConcludePriorConsultation {
    return { concludedAt: this.concludedAt, outcome: this.outcome, apReference: this.apReference };
  }
}

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
