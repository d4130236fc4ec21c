import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand } from '../../http/openapi.js';
import { BreachIdPipe, breachCommandResponse, type BreachCommandResponse } from '../breach-commands.js';
import { WaiveDataSubjectNotificationCommand } from './waive-data-subject-notification.handler.js';
import { WaiveDataSubjectNotificationRequest } from './waive-data-subject-notification.request.js';

@ApiTags('breaches')
@Controller('breaches')
export class WaiveDataSubjectNotificationRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':breachId/data-subject-notification-waivers')
  @HttpCode(201)
  @ApiCommand({
    summary: 'Record that the data subjects are not notified, on an Art. 34(3) ground',
    description:
      'Grounds: (a) unintelligible-data, (b) high-risk-removed, (c) disproportionate-effort, which requires a public communication instead. ' +
      'Refused once data subjects were notified, or when a waiver is already recorded.',
    request: WaiveDataSubjectNotificationRequest,
    example: {
      waivedAt: '2026-03-03T11:00:00+01:00',
      ground: 'disproportionate-effort',
      explanation: 'No contact details are kept for the visitors whose data was exposed.',
      publicCommunication: 'A notice on the municipal website and in the local paper on 4 March 2026.',
    },
  })
  async waive(
    @Param('breachId', BreachIdPipe) breachId: string,
    @Body() body: WaiveDataSubjectNotificationRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BreachCommandResponse> {
    const outcome = await this.commands.execute<WaiveDataSubjectNotificationCommand, CommandOutcome>(new WaiveDataSubjectNotificationCommand(breachId, body.toCommand(), envelope));
    return breachCommandResponse(reply, breachId, outcome);
  }
}
