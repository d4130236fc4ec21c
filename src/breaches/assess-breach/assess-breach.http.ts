import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand } from '../../http/openapi.js';
import { BreachIdPipe, breachCommandResponse, type BreachCommandResponse } from '../breach-commands.js';
import { AssessBreachCommand } from './assess-breach.handler.js';
import { AssessBreachRequest } from './assess-breach.request.js';

@ApiTags('breaches')
@Controller('breaches')
export class AssessBreachRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':breachId/assessments')
  @HttpCode(201)
  @ApiCommand({
    summary: 'Assess the risk of a breach and decide on notification',
    description:
      "The latest assessment counts. 'risk' and 'high' must be reported (Art. 33(1)); notifying the data subjects follows a high risk only (Art. 34(1)); " +
      'not reportable needs a rationale (Art. 33(5)). A breach already reported is not reassessed as not reportable: withdraw the report first. Refused once the breach is closed.',
    request: AssessBreachRequest,
    example: {
      assessedAt: '2026-03-02T13:00:00+01:00',
      risk: 'high',
      severity: 'aanzienlijk',
      reportable: true,
      notifyDataSubjects: true,
      rationale: 'Income data of a named applicant reached a neighbour; the applicant is vulnerable to pressure.',
    },
  })
  async assess(
    @Param('breachId', BreachIdPipe) breachId: string,
    @Body() body: AssessBreachRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BreachCommandResponse> {
    const outcome = await this.commands.execute<AssessBreachCommand, CommandOutcome>(new AssessBreachCommand(breachId, body.toCommand(), envelope));
    return breachCommandResponse(reply, breachId, outcome);
  }
}
