import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { TEXT_MAX } from '../audit-request-parts.js';
import type { ImplementRecommendation } from './implement-recommendation.decide.js';

export class ImplementRecommendationRequest {
  @ApiProperty({ example: '2026-04-01T11:00:00+02:00', description: 'not before the recommendation was issued' })
  @IsIsoDateTime()
  implementedAt!: string;

  @ApiProperty({ example: 'The breach procedure now sends every registration to the FG.', maxLength: TEXT_MAX, description: 'what was done' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  description!: string;

  toCommand(): Omit<ImplementRecommendation, 'recommendationId'> {
    return { implementedAt: this.implementedAt, description: this.description };
  }
}
