import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand } from '../../http/openapi.js';
import { ProcessingActivityIdPipe, ProcessingCommandResponseSchema, processingCommandResponse, type ProcessingCommandResponse } from '../processing-commands.js';
import { RetireProcessingActivityCommand } from './retire-processing-activity.handler.js';
import { RetireProcessingActivityRequest } from './retire-processing-activity.request.js';

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
