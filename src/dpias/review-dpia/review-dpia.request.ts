import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { TEXT_MAX } from '../dpia-request-parts.js';
import type { ReviewDpia } from './review-dpia.decide.js';

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
