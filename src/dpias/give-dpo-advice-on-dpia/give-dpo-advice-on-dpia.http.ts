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
import { GiveDpoAdviceOnDpiaCommand, type GiveDpoAdviceOnDpia } from './give-dpo-advice-on-dpia.js';

export class GiveDpoAdviceOnDpiaRequest {
  @ApiProperty({ example: 'Limit the retention of recordings to 28 days and log every access.', maxLength: TEXT_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  advice!: string;

  @ApiProperty({ example: '2026-03-02T10:00:00+01:00', description: 'when the FG advised; not before the DPIA started' })
  @IsIsoDateTime()
  advisedAt!: string;

  toCommand(): GiveDpoAdviceOnDpia {
    return { advice: this.advice, advisedAt: this.advisedAt };
  }
}

@ApiTags('dpias')
@Controller('dpias')
export class GiveDpoAdviceOnDpiaRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':dpiaId/dpo-advice')
  @HttpCode(201)
  @ApiCommand({
    summary: 'Record the FG\'s advice on a DPIA',
    description: 'Art. 35(2): the controller must seek the advice of the FG. The FG, being independent, may still advise on a completed DPIA.',
    request: GiveDpoAdviceOnDpiaRequest,
    response: DpiaCommandResponseSchema,
    example: { advice: 'Limit the retention of recordings to 28 days and log every access.', advisedAt: '2026-03-02T10:00:00+01:00' },
  })
  async advise(
    @Param('dpiaId', DpiaIdPipe) dpiaId: string,
    @Body() body: GiveDpoAdviceOnDpiaRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DpiaCommandResponse> {
    const outcome = await this.commands.execute<GiveDpoAdviceOnDpiaCommand, CommandOutcome>(new GiveDpoAdviceOnDpiaCommand(dpiaId, body.toCommand(), envelope));
    return dpiaCommandResponse(reply, dpiaId, outcome);
  }
}
