import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsIsoDateTime } from '../http/iso-date-time.js';
import { SCOPE_CRITERION_KINDS, type InquiryScope, type ScopeCriterionKind } from './inquiry.events.js';

/** Request parts shared by the inquiry commands. */

export { LINE_MAX, TEXT_MAX } from '../http/text-limits.js';

/** At most this many breaches named in one scope (a population is described, not listed). */
export const SCOPE_BREACHES_MAX = 1000;
export const READERS_MAX = 100;

export class ScopePeriodRequest {
  @ApiProperty({ example: '2021-01-01T00:00:00+01:00', description: 'awareAt from (inclusive)' })
  @IsIsoDateTime()
  from!: string;

  @ApiProperty({ example: '2022-01-01T00:00:00+01:00', description: 'awareAt until (exclusive)' })
  @IsIsoDateTime()
  to!: string;
}

export class ScopeCriterionRequest {
  @ApiProperty({ enum: SCOPE_CRITERION_KINDS, example: 'reported-late', description: 'registered (aware in the year), reported (filed with the AP) or reported-late (first filing after 72 hours)' })
  @IsIn(SCOPE_CRITERION_KINDS)
  kind!: ScopeCriterionKind;

  @ApiProperty({ example: 2021, description: 'calendar year of awareAt (Europe/Amsterdam)' })
  @IsInt()
  @Min(1900)
  @Max(9999)
  year!: number;
}

export class ScopeRequest {
  @ApiPropertyOptional({ type: [String], example: ['0b6a4d0e-5f3c-4c1e-9d52-6f1f0d6a7c11'], description: 'breaches the inquiry names', maxItems: SCOPE_BREACHES_MAX })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SCOPE_BREACHES_MAX)
  @IsUUID('all', { each: true })
  breachIds?: string[];

  @ApiPropertyOptional({ type: ScopePeriodRequest, nullable: true, description: 'the breaches whose awareAt lies in the period' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ScopePeriodRequest)
  period?: ScopePeriodRequest | null;

  @ApiPropertyOptional({ type: ScopeCriterionRequest, nullable: true, description: 'the breaches that meet it (with a period: both)' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ScopeCriterionRequest)
  criterion?: ScopeCriterionRequest | null;

  toScope(): InquiryScope {
    const { period, criterion } = this;
    return {
      breachIds: (this.breachIds ?? []).map((id) => id.toLowerCase()),
      period: period ? { from: period.from, to: period.to } : null,
      criterion: criterion ? { kind: criterion.kind, year: criterion.year } : null,
    };
  }
}

/** The AP identities that may read, as actor ids (`api-key:<keyId>`, `jwt:<issuer>#<sub>`; a bare token subject too); absent or null: every AP identity. */
export const ReadersProperty = () =>
  ApiPropertyOptional({ type: [String], nullable: true, example: ['api-key:3f9a0c1d2e4b5a69'], description: 'the identities of the AP that may read the breaches in scope, as actor ids (`api-key:<keyId>`, `jwt:<issuer>#<sub>`, or a token subject alone); absent or null: every supervisory-authority identity' });

export class ReadersField {
  @ReadersProperty()
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(READERS_MAX)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  @Matches(/^\S+$/, { each: true, message: 'each reader is an identity without spaces' })
  readers?: string[] | null;
}
