import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { MEASURE_PURPOSES, type MeasurePurpose } from '../breach.events.js';
import { TEXT_MAX } from '../breach-request-parts.js';
import type { TakeMeasure } from './take-measure.js';

export class TakeMeasureRequest {
  @ApiProperty({ example: 'Asked the neighbour to return the letter; it was collected the same afternoon.', maxLength: TEXT_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  description!: string;

  @ApiProperty({ enum: MEASURE_PURPOSES, example: 'containment', description: 'contain this breach, or prevent a repeat' })
  @IsIn(MEASURE_PURPOSES)
  purpose!: MeasurePurpose;

  @ApiProperty({ example: '2026-03-02T15:00:00+01:00', description: 'when the measure was taken; not before awareAt' })
  @IsIsoDateTime()
  takenAt!: string;

  /** The measure's id is not the client's to choose: the handler derives it from the idempotency key. */
  toCommand(): Omit<TakeMeasure, 'measureId'> {
    return { description: this.description.trim(), purpose: this.purpose, takenAt: this.takenAt };
  }
}
