import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { LINE_MAX } from '../breach-request-parts.js';
import { type ErasePersonalData, ErasePersonalDataCommand } from './erase-personal-data.js';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand } from '../../http/openapi.js';
import { BreachIdPipe, breachCommandResponse, type BreachCommandResponse } from '../breach-http.js';

export class ErasePersonalDataRequest {
  @ApiProperty({
    example: 'The retention period of the breach register (5 years after closure) has ended.',
    maxLength: LINE_MAX,
    description: 'why the personal data is erased; stored in the clear as the record of the erasure, so it must not itself hold personal data',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LINE_MAX)
  reason!: string;

  toCommand(): ErasePersonalData {
    return { reason: this.reason };
  }
}

@ApiTags('breaches')
@Controller('breaches')
export class ErasePersonalDataRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':breachId/personal-data-erasure')
  @HttpCode(201)
  @ApiCommand({
    summary: "Erase a breach's personal data (the FG or the CPO)",
    description:
      "Records PersonalDataErased, then deletes the breach's key. From then on every personal field of its events (titles, descriptions, names, free text) " +
      'reads "[erased]" in every view and every rebuild, while the log, its hash chains and the figures stay intact. Allowed after closure; ' +
      'afterwards no command may record personal data about the breach (422 personal-data-erased). A second erasure is refused with ' +
      '422 personal-data-already-erased; a retry with the same Idempotency-Key gets the original answer.',
    request: ErasePersonalDataRequest,
    example: { reason: 'The retention period of the breach register (5 years after closure) has ended.' },
  })
  async erase(
    @Param('breachId', BreachIdPipe) breachId: string,
    @Body() body: ErasePersonalDataRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BreachCommandResponse> {
    const outcome = await this.commands.execute<ErasePersonalDataCommand, CommandOutcome>(new ErasePersonalDataCommand(breachId, body.toCommand(), envelope));
    return breachCommandResponse(reply, breachId, outcome);
  }
}
