import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand } from '../../http/openapi.js';
import { BreachIdPipe, breachCommandResponse, type BreachCommandResponse } from '../breach-commands.js';
import { InformDpoCommand } from './inform-dpo.handler.js';
import { InformDpoRequest } from './inform-dpo.request.js';

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
