import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { TEXT_MAX } from '../breach-request-parts.js';
import { type GiveDpoAdvice, GiveDpoAdviceCommand } from './give-dpo-advice.js';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand } from '../../http/openapi.js';
import { BreachIdPipe, breachCommandResponse, type BreachCommandResponse } from '../breach-http.js';

export class GiveDpoAdviceRequest {
  @ApiProperty({ example: 'Report preliminarily to the AP today, supplement once the processor has answered, and inform the applicant.', maxLength: TEXT_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  advice!: string;

  @ApiProperty({ example: '2026-03-02T15:00:00+01:00', description: 'when the FG advised; not before the FG was first informed' })
  @IsIsoDateTime()
  advisedAt!: string;

  toCommand(): GiveDpoAdvice {
    return { advice: this.advice, advisedAt: this.advisedAt };
  }
}

@ApiTags('breaches')
@Controller('breaches')
export class GiveDpoAdviceRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':breachId/dpo-advice')
  @HttpCode(201)
  @ApiCommand({
    summary: "Record the FG's (DPO's) advice on the breach",
    description: 'The FG must have been recorded as informed first. The FG is independent (Art. 38(3)): advice is accepted after closure too.',
    request: GiveDpoAdviceRequest,
    example: { advice: 'Report preliminarily to the AP today, supplement once the processor has answered, and inform the applicant.', advisedAt: '2026-03-02T15:00:00+01:00' },
  })
  async advise(
    @Param('breachId', BreachIdPipe) breachId: string,
    @Body() body: GiveDpoAdviceRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BreachCommandResponse> {
    const outcome = await this.commands.execute<GiveDpoAdviceCommand, CommandOutcome>(new GiveDpoAdviceCommand(breachId, body.toCommand(), envelope));
    return breachCommandResponse(reply, breachId, outcome);
  }
}
