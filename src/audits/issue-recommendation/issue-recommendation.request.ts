import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { FINDING_ID_MAX, TEXT_MAX } from '../audit-request-parts.js';
import type { IssueRecommendation } from './issue-recommendation.decide.js';

export class IssueRecommendationRequest {
  @ApiPropertyOptional({type: String,  nullable: true, example: 'B1', maxLength: FINDING_ID_MAX, description: 'the finding of this audit it answers, or null' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(FINDING_ID_MAX)
  findingId?: string | null;

  @ApiProperty({ example: 'Inform the FG of every breach within one working day.', maxLength: TEXT_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  description!: string;

  @ApiProperty({ example: 'DSB', description: 'the dienst that implements it: one of the configured diensten (DIENSTEN)' })
  @IsString()
  @IsNotEmpty()
  dienst!: string;

  @ApiProperty({ example: '2026-02-03T10:00:00+01:00', description: 'not before the audit was completed' })
  @IsIsoDateTime()
  issuedAt!: string;

  @ApiPropertyOptional({type: String, format: 'date-time',  nullable: true, example: '2026-09-01T00:00:00+02:00', description: 'when it should be implemented; not before issuedAt' })
  @IsOptional()
  @IsIsoDateTime()
  dueAt?: string | null;

  toCommand(): Omit<IssueRecommendation, 'recommendationId'> {
    return { findingId: this.findingId ?? null, description: this.description, dienst: this.dienst, issuedAt: this.issuedAt, dueAt: this.dueAt ?? null };
  }
}
