import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { LINE_MAX } from '../breach-request-parts.js';
import { type InformDpo, InformDpoCommand } from './inform-dpo.js';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand } from '../../http/openapi.js';
import { BreachIdPipe, breachCommandResponse, type BreachCommandResponse } from '../breach-http.js';

export class InformDpoRequest {
  @ApiProperty({ example: '2026-03-02T12:00:00+01:00', description: 'when the FG was informed; not before awareAt' })
  @IsIsoDateTime()
  informedAt!: string;

  @ApiProperty({ example: 'privacy officer SZW', description: 'who informed the FG (a name or function)', maxLength: LINE_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LINE_MAX)
  informedBy!: string;

  toCommand(): InformDpo {
    return { informedAt: this.informedAt, informedBy: this.informedBy };
  }
}

@ApiTags('breaches')
@Controller('breaches')
export class InformDpoRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':breachId/dpo-notifications')
  @HttpCode(201)
  @ApiCommand({
    summary: 'Record that the FG (DPO) was informed of the breach',
    description: 'May be recorded again for every update the FG is informed of; the first one counts as the moment the FG was informed. Refused once the breach is closed.',
    request: InformDpoRequest,
    example: { informedAt: '2026-03-02T12:00:00+01:00', informedBy: 'privacy officer SZW' },
  })
  async inform(
    @Param('breachId', BreachIdPipe) breachId: string,
    @Body() body: InformDpoRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BreachCommandResponse> {
    const outcome = await this.commands.execute<InformDpoCommand, CommandOutcome>(new InformDpoCommand(breachId, body.toCommand(), envelope));
    return breachCommandResponse(reply, breachId, outcome);
  }
}
