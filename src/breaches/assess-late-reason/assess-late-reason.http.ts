import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand } from '../../http/openapi.js';
import { BreachIdPipe, breachCommandResponse, type BreachCommandResponse } from '../breach-commands.js';
import { AssessLateReasonCommand } from './assess-late-reason.handler.js';
import { AssessLateReasonRequest } from './assess-late-reason.request.js';

@ApiTags('breaches')
@Controller('breaches')
export class AssessLateReasonRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':breachId/late-reason-verdicts')
  @HttpCode(201)
  @ApiCommand({
    summary: "Record the FG's verdict on the reason for a late report",
    description: 'Only for a report filed after the 72-hour deadline with its reason. A new verdict replaces the last; the FG is independent, so it is accepted after closure too.',
    request: AssessLateReasonRequest,
    example: { verdict: 'not-accepted', comment: 'Waiting for the investigation is no reason: report preliminarily and supplement later.', assessedAt: '2026-03-07T11:00:00+01:00' },
  })
  async assess(
    @Param('breachId', BreachIdPipe) breachId: string,
    @Body() body: AssessLateReasonRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BreachCommandResponse> {
    const outcome = await this.commands.execute<AssessLateReasonCommand, CommandOutcome>(new AssessLateReasonCommand(breachId, body.toCommand(), envelope));
    return breachCommandResponse(reply, breachId, outcome);
  }
}
