import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand } from '../../http/openapi.js';
import { DpiaCommandResponseSchema, DpiaIdPipe, dpiaCommandResponse, type DpiaCommandResponse } from '../dpia-commands.js';
import { CompleteDpiaCommand } from './complete-dpia.handler.js';
import { CompleteDpiaRequest } from './complete-dpia.request.js';

@ApiTags('dpias')
@Controller('dpias')
export class CompleteDpiaRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':dpiaId/completion')
  @HttpCode(201)
  @ApiCommand({
    summary: 'Complete a DPIA',
    description: 'Records the residual risk, conclusion and measures, and what was done with the FG\'s advice. Without advice: adviceFollowed no-advice and a reason (flagged). A high residual risk the measures cannot reduce requires prior consultation of the AP (Art. 36) before the processing starts.',
    request: CompleteDpiaRequest,
    response: DpiaCommandResponseSchema,
    example: { completedAt: '2026-04-01T11:00:00+02:00', residualRisk: 'medium', conclusion: 'Acceptable with the measures below.', measures: ['Recordings deleted after 28 days', 'Every access logged'], adviceFollowed: 'followed', withoutAdviceReason: null, measuresCannotReduceRisk: false },
  })
  async complete(
    @Param('dpiaId', DpiaIdPipe) dpiaId: string,
    @Body() body: CompleteDpiaRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DpiaCommandResponse> {
    const outcome = await this.commands.execute<CompleteDpiaCommand, CommandOutcome>(new CompleteDpiaCommand(dpiaId, body.toCommand(), envelope));
    return dpiaCommandResponse(reply, dpiaId, outcome);
  }
}
