import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsNotEmpty, IsString, MaxLength, Min, ValidateIf, arrayMaxSize, arrayMinSize, arrayUnique, isArray, isIn, isInt, isNotEmpty, isString, maxLength, min } from 'class-validator';
import { isRecord, onlyKeys } from '../http/precompiled-body.js';
import { CIA_ASPECTS, type CiaAspect, type DataSubjectCount, type LateReason, type LateReasonCode } from './breach.events.js';
import { LATE_REASON_CODES } from './breach.rules.js';

/** Request parts shared by several breach commands. */

export const TEXT_MAX = 10_000;
export const LINE_MAX = 500;

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

/*
 * The same decorators as accepting checks, for the precompiled bodies of the hottest routes
 * (src/http/precompiled-body.ts): each gives what class-transformer builds from a value every
 * decorator accepts, and undefined for any other value (left to class-validator).
 */

const LATE_REASON_KEYS: ReadonlySet<string> = new Set(['code', 'explanation']);
const DATA_SUBJECT_COUNT_KEYS: ReadonlySet<string> = new Set(['kind', 'count', 'min', 'max']);
const DATA_SUBJECT_KINDS = ['exact', 'range', 'unknown'];

/** LateReasonRequest's decorators. */
export function acceptedLateReason(value: unknown): LateReasonRequest | undefined {
  if (!isRecord(value) || !onlyKeys(value, LATE_REASON_KEYS)) return undefined;
  const { code, explanation } = value;
  if (!isIn(code, LATE_REASON_CODES) || !(isString(explanation) && isNotEmpty(explanation) && maxLength(explanation, TEXT_MAX))) return undefined;
  return Object.assign(new LateReasonRequest(), value);
}

/** DataSubjectCountRequest's decorators: each count checked where its @ValidateIf holds. */
export function acceptedDataSubjectCount(value: unknown): DataSubjectCountRequest | undefined {
  if (!isRecord(value) || !onlyKeys(value, DATA_SUBJECT_COUNT_KEYS)) return undefined;
  const { kind, count, min: least, max: most } = value;
  if (!isIn(kind, DATA_SUBJECT_KINDS)) return undefined;
  const count0 = (checked: boolean, n: unknown) => !checked || (isInt(n) && min(n, 0));
  if (!count0(kind === 'exact' || count !== undefined, count) || !count0(kind === 'range' || least !== undefined, least) || !count0(kind === 'range' || most !== undefined, most)) return undefined;
  return Object.assign(new DataSubjectCountRequest(), value);
}

/** IsCiaAspects(): a copy of the list, as class-transformer makes it. */
export function acceptedCiaAspects(value: unknown): CiaAspect[] | undefined {
  if (!isArray(value) || !arrayMinSize(value, 1) || !arrayUnique(value) || !value.every((aspect) => isIn(aspect, CIA_ASPECTS))) return undefined;
  return [...(value as CiaAspect[])];
}

/** IsDataCategories(): a copy of the list, as class-transformer makes it. */
export function acceptedDataCategories(value: unknown): string[] | undefined {
  if (!isArray(value) || !arrayMaxSize(value, 100) || !arrayUnique(value)) return undefined;
  if (!value.every((category) => isString(category) && isNotEmpty(category) && maxLength(category, LINE_MAX))) return undefined;
  return [...(value as string[])];
}
