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
import { TEXT_MAX } from '../dpia-request-parts.js';
import { AbandonDpiaCommand, type AbandonDpia } from './abandon-dpia.js';

export class AbandonDpiaRequest {
  @ApiProperty({ example: '2026-03-10T10:00:00+01:00' })
  @IsIsoDateTime()
  abandonedAt!: string;

  @ApiProperty({ example: 'The council dropped the project.', maxLength: TEXT_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  reason!: string;

  toCommand(): AbandonDpia {
    return { abandonedAt: this.abandonedAt, reason: this.reason };
  }
}

@ApiTags('dpias')
@Controller('dpias')
export class AbandonDpiaRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':dpiaId/abandonment')
  @HttpCode(201)
  @ApiCommand({
    summary: 'Abandon a DPIA in progress',
    description: 'For a DPIA still being carried out, e.g. when the processing will not go ahead; the reason is mandatory.',
    request: AbandonDpiaRequest,
    response: DpiaCommandResponseSchema,
    example: { abandonedAt: '2026-03-10T10:00:00+01:00', reason: 'The council dropped the project.' },
  })
  async abandon(
    @Param('dpiaId', DpiaIdPipe) dpiaId: string,
    @Body() body: AbandonDpiaRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DpiaCommandResponse> {
    const outcome = await this.commands.execute<AbandonDpiaCommand, CommandOutcome>(new AbandonDpiaCommand(dpiaId, body.toCommand(), envelope));
    return dpiaCommandResponse(reply, dpiaId, outcome);
  }
}
