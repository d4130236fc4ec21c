import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { ADVICE_FOLLOWED, RESIDUAL_RISKS, type AdviceFollowed, type ResidualRisk } from '../dpia.events.js';
import { LINE_MAX, MEASURES_MAX, TEXT_MAX } from '../dpia-request-parts.js';
import type { CompleteDpia } from './complete-dpia.decide.js';

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
