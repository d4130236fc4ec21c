import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { ApiCommand } from '../../http/openapi.js';
import { ProcessingActivityIdPipe, ProcessingCommandResponseSchema, processingCommandResponse, type ProcessingCommandResponse } from '../processing-http.js';
import { TEXT_MAX } from '../processing-request-parts.js';
import { RetireProcessingActivityCommand, type RetireProcessingActivity } from './retire-processing-activity.js';

export class RetireProcessingActivityRequest {
  @ApiProperty({ example: '2026-04-01T11:00:00+02:00' })
  @IsIsoDateTime()
  retiredAt!: string;

  @ApiProperty({ example: 'Parking permits are now issued by the region.', maxLength: TEXT_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  reason!: string;

  toCommand(): RetireProcessingActivity {
    return { retiredAt: this.retiredAt, reason: this.reason };
  }
}

@ApiTags('processing-activities')
@Controller('processing-activities')
export class RetireProcessingActivityRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':processingActivityId/retirement')
  @HttpCode(201)
  @ApiCommand({
    summary: 'Retire a processing activity',
    description: 'The processing has ended: it leaves the current register; the reason is mandatory.',
    request: RetireProcessingActivityRequest,
    response: ProcessingCommandResponseSchema,
    example: { retiredAt: '2026-04-01T11:00:00+02:00', reason: 'Parking permits are now issued by the region.' },
  })
  async retire(
    @Param('processingActivityId', ProcessingActivityIdPipe) processingActivityId: string,
    @Body() body: RetireProcessingActivityRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProcessingCommandResponse> {
    const outcome = await this.commands.execute<RetireProcessingActivityCommand, CommandOutcome>(new RetireProcessingActivityCommand(processingActivityId, body.toCommand(), envelope));
    return processingCommandResponse(reply, processingActivityId, outcome);
  }
}
