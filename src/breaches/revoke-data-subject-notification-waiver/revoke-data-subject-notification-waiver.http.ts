import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { ApiCommand } from '../../http/openapi.js';
import { BreachIdPipe, breachCommandResponse, type BreachCommandResponse } from '../breach-http.js';
import { TEXT_MAX } from '../breach-request-parts.js';
import { WAIVER_REVOCATION_CAUSES, type WaiverRevocationCause } from '../breach.events.js';
import { RevokeDataSubjectNotificationWaiverCommand, type RevokeDataSubjectNotificationWaiver } from './revoke-data-subject-notification-waiver.js';

export class RevokeDataSubjectNotificationWaiverRequest {
  @ApiProperty({ example: '2026-03-20T10:00:00+01:00', description: 'when the waiver was revoked; not before the last recorded step' })
  @IsIsoDateTime()
  revokedAt!: string;

  @ApiProperty({ enum: WAIVER_REVOCATION_CAUSES, example: 'ap-required', description: '`ap-required`: the AP required the communication (Art. 34(4)); `ground-does-not-hold`: the Art. 34(3) ground turned out not to apply' })
  @IsIn(WAIVER_REVOCATION_CAUSES)
  cause!: WaiverRevocationCause;

  @ApiProperty({ example: 'The AP wrote on 19 March that the encryption key was on the same laptop.', maxLength: TEXT_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  reason!: string;

  toCommand(): RevokeDataSubjectNotificationWaiver {
    return { revokedAt: this.revokedAt, cause: this.cause, reason: this.reason };
  }
}

@ApiTags('breaches')
@Controller('breaches')
export class RevokeDataSubjectNotificationWaiverRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':breachId/data-subject-notification-waiver-revocations')
  @HttpCode(201)
  @ApiCommand({
    summary: 'Revoke the waiver of the communication to the data subjects',
    description: 'The AP required the communication (Art. 34(4)), or the Art. 34(3) ground did not hold: the communication is owed again before closure.',
    request: RevokeDataSubjectNotificationWaiverRequest,
    example: { revokedAt: '2026-03-20T10:00:00+01:00', cause: 'ap-required', reason: 'The AP wrote on 19 March that the encryption key was on the same laptop.' },
  })
  async revoke(
    @Param('breachId', BreachIdPipe) breachId: string,
    @Body() body: RevokeDataSubjectNotificationWaiverRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BreachCommandResponse> {
    const outcome = await this.commands.execute<RevokeDataSubjectNotificationWaiverCommand, CommandOutcome>(
      new RevokeDataSubjectNotificationWaiverCommand(breachId, body.toCommand(), envelope),
    );
    return breachCommandResponse(reply, breachId, outcome);
  }
}
