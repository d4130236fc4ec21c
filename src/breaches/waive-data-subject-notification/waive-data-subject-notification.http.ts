import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { WAIVER_GROUNDS, type WaiverGround } from '../breach.events.js';
import { TEXT_MAX } from '../breach-request-parts.js';
import { type WaiveDataSubjectNotification, WaiveDataSubjectNotificationCommand } from './waive-data-subject-notification.js';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand } from '../../http/openapi.js';
import { BreachIdPipe, breachCommandResponse, type BreachCommandResponse } from '../breach-http.js';

export class WaiveDataSubjectNotificationRequest {
  @ApiProperty({ example: '2026-03-03T11:00:00+01:00', description: 'when it was decided not to notify the data subjects; not before awareAt' })
  @IsIsoDateTime()
  waivedAt!: string;

  @ApiProperty({
    enum: WAIVER_GROUNDS,
    example: 'disproportionate-effort',
    description: 'Art. 34(3): (a) unintelligible-data, (b) high-risk-removed, (c) disproportionate-effort',
  })
  @IsIn(WAIVER_GROUNDS)
  ground!: WaiverGround;

  @ApiProperty({ example: 'No contact details are kept for the visitors whose data was exposed.', maxLength: TEXT_MAX, description: 'why the ground applies' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  explanation!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'A notice on the municipal website and in the local paper on 4 March 2026.',
    maxLength: TEXT_MAX,
    description: 'mandatory with disproportionate-effort (Art. 34(3)(c)); refused with the other grounds',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  publicCommunication?: string | null;

  toCommand(): WaiveDataSubjectNotification {
    return { waivedAt: this.waivedAt, ground: this.ground, explanation: this.explanation, publicCommunication: this.publicCommunication ?? null };
  }
}

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
