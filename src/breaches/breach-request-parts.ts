import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsNotEmpty, IsString, MaxLength, Min, ValidateIf } from 'class-validator';
import { CIA_ASPECTS, type DataSubjectCount, type LateReason, type LateReasonCode } from './breach.events.js';
import { LATE_REASON_CODES } from './breach.rules.js';
import { LINE_MAX, TEXT_MAX } from '../http/text-limits.js';

/** Request parts shared by several breach commands. */

/** The text limits every slice's requests share (src/http/text-limits.ts). */
export { LINE_MAX, TEXT_MAX } from '../http/text-limits.js';

export class LateReasonRequest {
  @ApiProperty({ enum: LATE_REASON_CODES, example: 'processor-delay', description: 'A code from docs/domain.md\'s table of reasons for late reporting' })
  @IsIn(LATE_REASON_CODES)
  code!: LateReasonCode;

  @ApiProperty({ example: 'The processor informed us four days after it found the misconfiguration.', maxLength: TEXT_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  explanation!: string;

  toLateReason(): LateReason {
    return { code: this.code, explanation: this.explanation.trim() };
  }
}

export class DataSubjectCountRequest {
  @ApiProperty({ enum: ['exact', 'range', 'unknown'], example: 'range' })
  @IsIn(['exact', 'range', 'unknown'])
  kind!: DataSubjectCount['kind'];

  @ApiPropertyOptional({ description: 'with kind "exact"', example: 12 })
  @ValidateIf((o: DataSubjectCountRequest) => o.kind === 'exact' || o.count !== undefined)
  @IsInt()
  @Min(0)
  count?: number;

  @ApiPropertyOptional({ description: 'with kind "range"', example: 100 })
  @ValidateIf((o: DataSubjectCountRequest) => o.kind === 'range' || o.min !== undefined)
  @IsInt()
  @Min(0)
  min?: number;

  @ApiPropertyOptional({ description: 'with kind "range"', example: 250 })
  @ValidateIf((o: DataSubjectCountRequest) => o.kind === 'range' || o.max !== undefined)
  @IsInt()
  @Min(0)
  max?: number;

  toDataSubjectCount(): DataSubjectCount {
    if (this.kind === 'exact') return { kind: 'exact', count: this.count as number };
    if (this.kind === 'range') return { kind: 'range', min: this.min as number, max: this.max as number };
    return { kind: 'unknown' };
  }
}

/** The checks of a list of CIA aspects: at least one, each once (registration, correction). */
export const IsCiaAspects = () => applyDecorators(IsArray(), ArrayMinSize(1), ArrayUnique(), IsIn(CIA_ASPECTS, { each: true }));

/** The checks of a list of data categories: short, non-empty, distinct names. */
export const IsDataCategories = () =>
  applyDecorators(IsArray(), ArrayMaxSize(100), ArrayUnique(), IsString({ each: true }), IsNotEmpty({ each: true }), MaxLength(LINE_MAX, { each: true }));
