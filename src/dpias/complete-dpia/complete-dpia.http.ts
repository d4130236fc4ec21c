import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import type { CommandEnvelope } from '../../command-handling/command-envelope.js';
import type { CommandOutcome } from '../../command-handling/handle-command.js';
import { CommandRequest } from '../../http/command-request.decorator.js';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { ApiCommand } from '../../http/openapi.js';
import { DpiaCommandResponseSchema, DpiaIdPipe, dpiaCommandResponse, type DpiaCommandResponse } from '../dpia-http.js';
import { LINE_MAX, MEASURES_MAX, TEXT_MAX } from '../dpia-request-parts.js';
import { ADVICE_FOLLOWED, RESIDUAL_RISKS, type AdviceFollowed, type ResidualRisk } from '../dpia.events.js';
import { CompleteDpiaCommand, type CompleteDpia } from './complete-dpia.js';

export class CompleteDpiaRequest {
  @ApiProperty({ example: '2026-04-01T11:00:00+02:00', description: 'not before the start or the FG\'s advice' })
  @IsIsoDateTime()
  completedAt!: string;

  @ApiProperty({ enum: RESIDUAL_RISKS, example: 'medium', description: 'the risk that remains with the measures' })
  @IsIn(RESIDUAL_RISKS)
  residualRisk!: ResidualRisk;

  @ApiProperty({ example: 'Acceptable with the measures below.', maxLength: TEXT_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  conclusion!: string;

  @ApiProperty({ type: [String], example: ['Recordings deleted after 28 days', 'Every access logged'] })
  @IsArray()
  @ArrayMaxSize(MEASURES_MAX)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(LINE_MAX, { each: true })
  measures!: string[];

  @ApiProperty({ enum: ADVICE_FOLLOWED, example: 'followed', description: 'what was done with the FG\'s advice; no-advice when none was given' })
  @IsIn(ADVICE_FOLLOWED)
  adviceFollowed!: AdviceFollowed;

  @ApiPropertyOptional({type: String,  nullable: true, example: null, maxLength: TEXT_MAX, description: 'mandatory with adviceFollowed no-advice: why the DPIA was completed without the FG\'s advice' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_MAX)
  withoutAdviceReason?: string | null;

  @ApiPropertyOptional({type: String,  nullable: true, example: null, maxLength: TEXT_MAX, description: "mandatory with adviceFollowed not-followed (possible with partly): why the FG's advice was not followed (WP248 rev.01, WP243 rev.01)" })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_MAX)
  adviceNotFollowedJustification?: string | null;

  @ApiProperty({ example: false, description: 'Art. 36(1): the measures cannot reduce the high residual risk; prior consultation of the AP is then required' })
  @IsBoolean()
  measuresCannotReduceRisk!: boolean;

  toCommand(): CompleteDpia {
    return {
      completedAt: this.completedAt,
      residualRisk: this.residualRisk,
      conclusion: this.conclusion,
      measures: this.measures,
      adviceFollowed: this.adviceFollowed,
      withoutAdviceReason: this.withoutAdviceReason ?? null,
      adviceNotFollowedJustification: this.adviceNotFollowedJustification ?? null,
      measuresCannotReduceRisk: this.measuresCannotReduceRisk,
    };
  }
}

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
