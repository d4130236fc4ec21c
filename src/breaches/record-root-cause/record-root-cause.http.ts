import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { ROOT_CAUSE_CATEGORIES, type RootCauseCategory } from '../breach.events.js';
import { TEXT_MAX } from '../breach-request-parts.js';
import { type RecordRootCause, RecordRootCauseCommand } from './record-root-cause.js';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { ApiCommand } from '../../http/openapi.js';
import { BreachIdPipe, breachCommandResponse, type BreachCommandResponse } from '../breach-http.js';

export class RecordRootCauseRequest {
  @ApiProperty({ enum: ROOT_CAUSE_CATEGORIES, example: 'human-error' })
  @IsIn(ROOT_CAUSE_CATEGORIES)
  category!: RootCauseCategory;

  @ApiProperty({ example: 'The address was copied from an old case file without checking the population register.', maxLength: TEXT_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  description!: string;

  toCommand(): RecordRootCause {
    return { category: this.category, description: this.description.trim() };
  }
}

@ApiTags('breaches')
@Controller('breaches')
export class RecordRootCauseRoute {
  constructor(private readonly commands: CommandBus) {}

  @Post(':breachId/root-causes')
  @HttpCode(201)
  @ApiCommand({
    summary: 'Record a root cause of a breach',
    description: 'A breach may have several causes; each is recorded on its own. Refused once the breach is closed.',
    request: RecordRootCauseRequest,
    example: { category: 'human-error', description: 'The address was copied from an old case file without checking the population register.' },
  })
  async record(
    @Param('breachId', BreachIdPipe) breachId: string,
    @Body() body: RecordRootCauseRequest,
    @CommandRequest() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BreachCommandResponse> {
    const outcome = await this.commands.execute<RecordRootCauseCommand, CommandOutcome>(new RecordRootCauseCommand(breachId, body.toCommand(), envelope));
    return breachCommandResponse(reply, breachId, outcome);
  }
}
