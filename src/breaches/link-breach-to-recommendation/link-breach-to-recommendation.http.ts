import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import type { FastifyReply } from 'fastify';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { ApiCommand } from '../../http/openapi.js';
import { BreachIdPipe, breachCommandResponse, type BreachCommandResponse } from '../breach-http.js';
import { RECOMMENDATION_RELATIONS, type RecommendationRelation } from '../breach.events.js';
import { LinkBreachToRecommendationCommand, type LinkBreachToRecommendation } from './link-breach-to-recommendation.js';

export class LinkBreachToRecommendationRequest {
  @ApiProperty({ example: '5f1c2b9e-8d3a-4e7b-9c1d-2a3b4c5d6e7f', description: 'the audit that issued the recommendation' })
  @IsUUID()
  auditId!: string;

  @ApiProperty({ example: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', description: 'the recommendation, as issued by the audit' })
  @IsUUID()
  recommendationId!: string;

  @ApiProperty({ enum: RECOMMENDATION_RELATIONS, example: 'should-have-prevented', description: '`led-to`: the breach led to the recommendation; `should-have-prevented`: implemented, it should have prevented the breach' })
  @IsIn(RECOMMENDATION_RELATIONS)
  relation!: RecommendationRelation;

  @ApiProperty({ example: '2026-04-02T10:00:00+02:00', description: 'when the link was established; not before awareAt' })
  @IsIsoDateTime()
  linkedAt!: string;

  toCommand(): LinkBreachToRecommendation {
    return { auditId: this.auditId.toLowerCase(), recommendationId: this.recommendationId.toLowerCase(), relation: this.relation, linkedAt: this.linkedAt };
  }
}

@ApiTags('breaches')
@Controller('breaches')
export class LinkBreachToRecommendationRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':breachId/recommendation-links')
  @HttpCode(201)
  @ApiCommand({
    summary: 'Link the breach to an audit recommendation',
    description: 'The recommendation the breach led to, or the one that should have prevented it (the cause analysis shows both). Also after closure.',
    request: LinkBreachToRecommendationRequest,
    example: { auditId: '5f1c2b9e-8d3a-4e7b-9c1d-2a3b4c5d6e7f', recommendationId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', relation: 'should-have-prevented', linkedAt: '2026-04-02T10:00:00+02:00' },
  })
  async link(
    @Param('breachId', BreachIdPipe) breachId: string,
    @Body() body: LinkBreachToRecommendationRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BreachCommandResponse> {
    const outcome = await this.commands.execute<LinkBreachToRecommendationCommand, CommandOutcome>(new LinkBreachToRecommendationCommand(breachId, body.toCommand(), envelope));
    return breachCommandResponse(reply, breachId, outcome);
  }
}
