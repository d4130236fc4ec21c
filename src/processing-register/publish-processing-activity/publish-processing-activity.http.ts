import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { ApiCommand } from '../../http/openapi.js';
import { ProcessingActivityIdPipe, ProcessingCommandResponseSchema, processingCommandResponse, type ProcessingCommandResponse } from '../processing-http.js';
import { PublishProcessingActivityCommand, type PublishProcessingActivity } from './publish-processing-activity.js';

export class PublishProcessingActivityRequest {
  @ApiProperty({ example: '2026-03-01T10:00:00+01:00' })
  @IsIsoDateTime()
  publishedAt!: string;

  toCommand(): PublishProcessingActivity {
    return { publishedAt: this.publishedAt };
  }
}

@ApiTags('processing-activities')
@Controller('processing-activities')
export class PublishProcessingActivityRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':processingActivityId/publication')
  @HttpCode(201)
  @ApiCommand({
    summary: 'Publish a processing activity',
    description: 'Adds it to the published register, once; a retired activity is not published.',
    request: PublishProcessingActivityRequest,
    response: ProcessingCommandResponseSchema,
    example: { publishedAt: '2026-03-01T10:00:00+01:00' },
  })
  async publish(
    @Param('processingActivityId', ProcessingActivityIdPipe) processingActivityId: string,
    @Body() body: PublishProcessingActivityRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProcessingCommandResponse> {
    const outcome = await this.commands.execute<PublishProcessingActivityCommand, CommandOutcome>(new PublishProcessingActivityCommand(processingActivityId, body.toCommand(), envelope));
    return processingCommandResponse(reply, processingActivityId, outcome);
  }
}
