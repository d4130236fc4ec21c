import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand } from '../../http/openapi.js';
import { BreachIdPipe, breachCommandResponse, type BreachCommandResponse } from '../breach-commands.js';
import { SupplementBreachReportCommand } from './supplement-breach-report.handler.js';
import { SupplementBreachReportRequest } from './supplement-breach-report.request.js';

@ApiTags('breaches')
@Controller('breaches')
export class SupplementBreachReportRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':breachId/ap-report-supplements')
  @HttpCode(201)
  @ApiCommand({
    summary: 'Record a supplement to the report filed with the AP',
    description: 'A follow-up filing (vervolgmelding, Art. 33(4)): report early, supplement later. Needs a report that was not withdrawn; a final report cannot become preliminary again.',
    request: SupplementBreachReportRequest,
    example: { supplementedAt: '2026-03-06T11:00:00+01:00', changes: 'The letter was retrieved from the neighbour unopened; one data subject, no further recipients.', phase: 'final' },
  })
  async supplement(
    @Param('breachId', BreachIdPipe) breachId: string,
    @Body() body: SupplementBreachReportRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BreachCommandResponse> {
    const outcome = await this.commands.execute<SupplementBreachReportCommand, CommandOutcome>(new SupplementBreachReportCommand(breachId, body.toCommand(), envelope));
    return breachCommandResponse(reply, breachId, outcome);
  }
}
