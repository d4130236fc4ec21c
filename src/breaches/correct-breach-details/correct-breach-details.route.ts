import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand } from '../../http/openapi.js';
import { BreachIdPipe, breachCommandResponse, type BreachCommandResponse } from '../breach-commands.js';
import { CorrectBreachDetailsCommand } from './correct-breach-details.handler.js';
import { CorrectBreachDetailsRequest } from './correct-breach-details.http.js';

@ApiTags('breaches')
@Controller('breaches')
export class CorrectBreachDetailsRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':breachId/corrections')
  @HttpCode(201)
  @ApiCommand({
    summary: 'Correct recorded facts of a breach',
    description:
      'Name the fields to correct with their new values; the old values are taken from the record. A corrected awareAt moves the deadline: ' +
      'when that makes the filed report late and it carries no reason, the correction must carry one (Art. 33(1)). Allowed after closure (Art. 5(1)(d)).',
    request: CorrectBreachDetailsRequest,
    example: {
      corrections: { awareAt: '2026-03-01T10:00:00+01:00', dataSubjects: { kind: 'range', min: 2, max: 5 } },
      reason: 'The service desk logged the call a day after it came in.',
      lateReason: { code: 'internal-escalation', explanation: 'The service desk did not pass the call on to the privacy officers.' },
    },
  })
  async correct(
    @Param('breachId', BreachIdPipe) breachId: string,
    @Body() body: CorrectBreachDetailsRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BreachCommandResponse> {
    const outcome = await this.commands.execute<CorrectBreachDetailsCommand, CommandOutcome>(new CorrectBreachDetailsCommand(breachId, body.toCommand(), envelope));
    return breachCommandResponse(reply, breachId, outcome);
  }
}
