import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand } from '../../http/openapi.js';
import { DpiaCommandResponseSchema, DpiaIdPipe, dpiaCommandResponse, type DpiaCommandResponse } from '../dpia-commands.js';
import { AbandonDpiaCommand } from './abandon-dpia.handler.js';
import { AbandonDpiaRequest } from './abandon-dpia.request.js';

@ApiTags('dpias')
@Controller('dpias')
export class AbandonDpiaRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':dpiaId/abandonment')
  @HttpCode(201)
  @ApiCommand({
    summary: 'Abandon a DPIA in progress',
    description: 'For a DPIA still being carried out, e.g. when the processing will not go ahead; the reason is mandatory.',
    request: AbandonDpiaRequest,
    response: DpiaCommandResponseSchema,
    example: { abandonedAt: '2026-03-10T10:00:00+01:00', reason: 'The council dropped the project.' },
  })
  async abandon(
    @Param('dpiaId', DpiaIdPipe) dpiaId: string,
    @Body() body: AbandonDpiaRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DpiaCommandResponse> {
    const outcome = await this.commands.execute<AbandonDpiaCommand, CommandOutcome>(new AbandonDpiaCommand(dpiaId, body.toCommand(), envelope));
    return dpiaCommandResponse(reply, dpiaId, outcome);
  }
}
