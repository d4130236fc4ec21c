import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand } from '../../http/openapi.js';
import { ProcessingActivityIdPipe, ProcessingCommandResponseSchema, processingCommandResponse, type ProcessingCommandResponse } from '../processing-commands.js';
import { AmendProcessingActivityCommand } from './amend-processing-activity.handler.js';
import { AmendProcessingActivityRequest } from './amend-processing-activity.request.js';

@ApiTags('processing-activities')
@Controller('processing-activities')
export class AmendProcessingActivityRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':processingActivityId/amendments')
  @HttpCode(201)
  @ApiCommand({
    summary: 'Amend a processing activity',
    description: 'Changes registered Art. 30 fields; the old values are taken from the record and stay in the log. The reason is mandatory; a retired activity is not amended.',
    request: AmendProcessingActivityRequest,
    response: ProcessingCommandResponseSchema,
    example: { changes: { retention: 'One year after the permit ends' }, reason: 'The retention period was shortened.', amendedAt: '2026-03-10T10:00:00+01:00' },
  })
  async amend(
    @Param('processingActivityId', ProcessingActivityIdPipe) processingActivityId: string,
    @Body() body: AmendProcessingActivityRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProcessingCommandResponse> {
    const outcome = await this.commands.execute<AmendProcessingActivityCommand, CommandOutcome>(new AmendProcessingActivityCommand(processingActivityId, body.toCommand(), envelope));
    return processingCommandResponse(reply, processingActivityId, outcome);
  }
}
