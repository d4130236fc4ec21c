import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand } from '../../http/openapi.js';
import { BreachIdPipe, breachCommandResponse, type BreachCommandResponse } from '../breach-commands.js';
import { WithdrawBreachReportCommand } from './withdraw-breach-report.handler.js';
import { WithdrawBreachReportRequest } from './withdraw-breach-report.request.js';

@ApiTags('breaches')
@Controller('breaches')
export class WithdrawBreachReportRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':breachId/ap-report-withdrawals')
  @HttpCode(201)
  @ApiCommand({
    summary: 'Record the withdrawal of the report filed with the AP',
    description: 'Report early, withdraw if it proves unnecessary (the AP). The breach stays registered (Art. 33(5)); the ground (no-breach / other) and the reason are mandatory. A new filing with a new meldnummer may follow.',
    request: WithdrawBreachReportRequest,
    example: { withdrawnAt: '2026-03-06T11:00:00+01:00', ground: 'no-breach', reason: 'The envelope was returned unopened: no one outside the municipality saw the data.' },
  })
  async withdraw(
    @Param('breachId', BreachIdPipe) breachId: string,
    @Body() body: WithdrawBreachReportRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BreachCommandResponse> {
    const outcome = await this.commands.execute<WithdrawBreachReportCommand, CommandOutcome>(new WithdrawBreachReportCommand(breachId, body.toCommand(), envelope));
    return breachCommandResponse(reply, breachId, outcome);
  }
}
