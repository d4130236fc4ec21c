import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { TEXT_MAX } from '../breach-request-parts.js';
import { type CloseBreach, CloseBreachCommand } from './close-breach.js';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand } from '../../http/openapi.js';
import { BreachIdPipe, breachCommandResponse, type BreachCommandResponse } from '../breach-http.js';

export class CloseBreachRequest {
  @ApiProperty({ example: '2026-03-20T16:00:00+01:00', description: 'when handling ended; not before the latest time recorded for the breach' })
  @IsIsoDateTime()
  closedAt!: string;

  @ApiProperty({ example: 'Letter retrieved, data subject informed, address check added to the sending procedure.', maxLength: TEXT_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  summary!: string;

  toCommand(): CloseBreach {
    return { closedAt: this.closedAt, summary: this.summary.trim() };
  }
}

@ApiTags('breaches')
@Controller('breaches')
export class CloseBreachRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':breachId/closure')
  @HttpCode(201)
  @ApiCommand({
    summary: 'Close the handling of a breach',
    description:
      'Requires an assessment; a reportable breach reported to the AP (or the report withdrawn); and, when the assessment says so, the data subjects notified or an Art. 34(3) waiver. ' +
      'After closure only the FG’s advice, late-reason verdicts and corrections may follow.',
    request: CloseBreachRequest,
    example: { closedAt: '2026-03-20T16:00:00+01:00', summary: 'Letter retrieved, data subject informed, address check added to the sending procedure.' },
  })
  async close(
    @Param('breachId', BreachIdPipe) breachId: string,
    @Body() body: CloseBreachRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BreachCommandResponse> {
    const outcome = await this.commands.execute<CloseBreachCommand, CommandOutcome>(new CloseBreachCommand(breachId, body.toCommand(), envelope));
    return breachCommandResponse(reply, breachId, outcome);
  }
}
