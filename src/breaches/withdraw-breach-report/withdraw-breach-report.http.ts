import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { TEXT_MAX } from '../breach-request-parts.js';
import { WITHDRAWAL_GROUNDS, type WithdrawalGround } from '../breach.events.js';
import { type WithdrawBreachReport, WithdrawBreachReportCommand } from './withdraw-breach-report.js';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand } from '../../http/openapi.js';
import { BreachIdPipe, breachCommandResponse, type BreachCommandResponse } from '../breach-http.js';

export class WithdrawBreachReportRequest {
  @ApiProperty({ example: '2026-03-06T11:00:00+01:00', description: 'when the report was withdrawn with the AP; not before the report' })
  @IsIsoDateTime()
  withdrawnAt!: string;

  @ApiProperty({ enum: WITHDRAWAL_GROUNDS, example: 'no-breach', description: '`no-breach`: it turned out not to be a breach; `other`: another reason, explained in `reason`' })
  @IsIn(WITHDRAWAL_GROUNDS)
  ground!: WithdrawalGround;

  @ApiProperty({ example: 'The envelope was returned unopened: no one outside the municipality saw the data.', maxLength: TEXT_MAX, description: 'why the report proved unnecessary' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  reason!: string;

  toCommand(): WithdrawBreachReport {
    return { withdrawnAt: this.withdrawnAt, ground: this.ground, reason: this.reason };
  }
}

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
