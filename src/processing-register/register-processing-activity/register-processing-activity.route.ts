import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { v5 as uuidv5 } from 'uuid';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand } from '../../http/openapi.js';
import { ProcessingCommandResponseSchema, processingCommandResponse, type ProcessingCommandResponse } from '../processing-commands.js';
import { REGISTER_PROCESSING_ACTIVITY_EXAMPLE } from '../processing-examples.js';
import { RegisterProcessingActivityCommand } from './register-processing-activity.handler.js';
import { RegisterProcessingActivityRequest } from './register-processing-activity.request.js';

/** Processing-activity ids are derived from the client and its Idempotency-Key, so a retry finds its activity. */
const PROCESSING_ID_NAMESPACE = '7b1f4c2e-9d3a-5e6b-8c0d-1a2b3c4d5e6f';

@ApiTags('processing-activities')
@Controller('processing-activities')
export class RegisterProcessingActivityRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiCommand({
    summary: 'Register a processing activity',
    description: 'Art. 30(1): the record of a processing activity. Every purpose has its lawful basis (Art. 6(1)); the owner is the AD of the dienst, or the GS with the reason no AD can be named.',
    request: RegisterProcessingActivityRequest,
    response: ProcessingCommandResponseSchema,
    creates: true,
    example: REGISTER_PROCESSING_ACTIVITY_EXAMPLE,
  })
  async register(
    @Body() body: RegisterProcessingActivityRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProcessingCommandResponse> {
    const processingActivityId = uuidv5(`${envelope.actor.id}\n${envelope.idempotencyKey}`, PROCESSING_ID_NAMESPACE);
    const outcome = await this.commands.execute<RegisterProcessingActivityCommand, CommandOutcome>(new RegisterProcessingActivityCommand(body.toCommand(processingActivityId), envelope));
    void reply.header('location', `/processing-activities/${processingActivityId}`);
    return processingCommandResponse(reply, processingActivityId, outcome);
  }
}
