import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, Min } from 'class-validator';
import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { NOTIFICATION_CHANNELS, type NotificationChannel } from '../breach.events.js';
import { type NotifyDataSubjects, NotifyDataSubjectsCommand } from './notify-data-subjects.js';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand } from '../../http/openapi.js';
import { BreachIdPipe, breachCommandResponse, type BreachCommandResponse } from '../breach-http.js';

export class NotifyDataSubjectsRequest {
  @ApiProperty({ example: '2026-03-03T11:00:00+01:00', description: 'when this batch of data subjects was notified; not before awareAt' })
  @IsIsoDateTime()
  notifiedAt!: string;

  @ApiProperty({ example: 120, minimum: 1, description: 'how many data subjects this batch reached' })
  @IsInt()
  @Min(1)
  count!: number;

  @ApiProperty({ enum: NOTIFICATION_CHANNELS, example: 'letter' })
  @IsIn(NOTIFICATION_CHANNELS)
  channel!: NotificationChannel;

  toCommand(): NotifyDataSubjects {
    return { notifiedAt: this.notifiedAt, count: this.count, channel: this.channel };
  }
}

@ApiTags('breaches')
@Controller('breaches')
export class NotifyDataSubjectsRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':breachId/data-subject-notifications')
  @HttpCode(201)
  @ApiCommand({
    summary: 'Record a batch of the communication to the data subjects',
    description: 'Art. 34: one request per batch (when, how many, which channel). Refused once the communication was waived on an Art. 34(3) ground.',
    request: NotifyDataSubjectsRequest,
    example: { notifiedAt: '2026-03-03T11:00:00+01:00', count: 120, channel: 'letter' },
  })
  async notify(
    @Param('breachId', BreachIdPipe) breachId: string,
    @Body() body: NotifyDataSubjectsRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BreachCommandResponse> {
    const outcome = await this.commands.execute<NotifyDataSubjectsCommand, CommandOutcome>(new NotifyDataSubjectsCommand(breachId, body.toCommand(), envelope));
    return breachCommandResponse(reply, breachId, outcome);
  }
}
