import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand } from '../../http/openapi.js';
import { DpiaCommandResponseSchema, DpiaIdPipe, dpiaCommandResponse, type DpiaCommandResponse } from '../dpia-commands.js';
import { ReviewDpiaCommand } from './review-dpia.handler.js';
import { ReviewDpiaRequest } from './review-dpia.request.js';

@ApiTags('dpias')
@Controller('dpias')
export class ReviewDpiaRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':dpiaId/reviews')
  @HttpCode(201)
  @ApiCommand({
    summary: 'Record a review of a completed DPIA',
    description: 'At least every three years, or when the processing changes. nextReviewDue defaults to three years on and may not be later. Refused while a required prior consultation is not concluded.',
    request: ReviewDpiaRequest,
    response: DpiaCommandResponseSchema,
    example: { reviewedAt: '2029-03-01T10:00:00+01:00', outcome: 'The processing is unchanged; the measures work.', nextReviewDue: null },
  })
  async review(
    @Param('dpiaId', DpiaIdPipe) dpiaId: string,
    @Body() body: ReviewDpiaRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DpiaCommandResponse> {
    const outcome = await this.commands.execute<ReviewDpiaCommand, CommandOutcome>(new ReviewDpiaCommand(dpiaId, body.toCommand(), envelope));
    return dpiaCommandResponse(reply, dpiaId, outcome);
  }
}
