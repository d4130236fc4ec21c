import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { ROOT_CAUSE_CATEGORIES, type RootCauseCategory } from '../breach.events.js';
import { TEXT_MAX } from '../breach-request-parts.js';
import type { RecordRootCause } from './record-root-cause.js';

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
