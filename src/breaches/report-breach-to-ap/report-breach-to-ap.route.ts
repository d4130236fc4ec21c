import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand } from '../../http/openapi.js';
import { BreachIdPipe, breachCommandResponse, type BreachCommandResponse } from '../breach-commands.js';
import { ReportBreachToAPCommand } from './report-breach-to-ap.handler.js';
import { ReportBreachToAPRequest } from './report-breach-to-ap.http.js';

@ApiTags('breaches')
@Controller('breaches')
export class ReportBreachToAPRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':breachId/ap-reports')
  @HttpCode(201)
  @ApiCommand({
    summary: 'Record the report of a breach to the AP',
    description: 'The first filing counts for the 72-hour deadline, preliminary or final. A late report must carry its reason (Art. 33(1)).',
    request: ReportBreachToAPRequest,
    example: { reportedAt: '2026-03-05T16:30:00+01:00', apReference: 'M-2026-004711', phase: 'preliminary', lateReason: { code: 'processor-delay', explanation: 'The processor informed us four days after it found the misconfiguration.' } },
  })
  async report(
    @Param('breachId', BreachIdPipe) breachId: string,
    @Body() body: ReportBreachToAPRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BreachCommandResponse> {
    const outcome = await this.commands.execute<ReportBreachToAPCommand, CommandOutcome>(new ReportBreachToAPCommand(breachId, body.toCommand(), envelope));
    return breachCommandResponse(reply, breachId, outcome);
  }
}
