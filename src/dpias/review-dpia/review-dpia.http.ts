import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { ApiCommand } from '../../http/openapi.js';
import { DpiaCommandResponseSchema, DpiaIdPipe, dpiaCommandResponse, type DpiaCommandResponse } from '../dpia-http.js';
import { TEXT_MAX } from '../dpia-request-parts.js';
import { ReviewDpiaCommand, type ReviewDpia } from './review-dpia.js';

export class ReviewDpiaRequest {
  @ApiProperty({ example: '2029-03-01T10:00:00+01:00' })
  @IsIsoDateTime()
  reviewedAt!: string;

  @ApiProperty({ example: 'The processing is unchanged; the measures work.', maxLength: TEXT_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  outcome!: string;

  @ApiPropertyOptional({type: String, format: 'date-time',  nullable: true, example: null, description: 'the next review; at most three years on, which is the default' })
  @IsOptional()
  @IsIsoDateTime()
  nextReviewDue?: string | null;

  toCommand(): ReviewDpia {
    return { reviewedAt: this.reviewedAt, outcome: this.outcome, nextReviewDue: this.nextReviewDue ?? null };
  }
}

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
