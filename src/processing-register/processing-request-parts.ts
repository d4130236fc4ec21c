import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { LEGAL_BASES, OWNER_KINDS, type LegalBasis, type OwnerKind, type ProcessingOwner, type ProcessingPurpose, type ThirdCountryTransfer } from './processing.events.js';
import { LINE_MAX, TEXT_MAX } from '../http/text-limits.js';

/** Request limits shared by the register commands: the breach slice's, so that one body limit holds. */
export { LINE_MAX, TEXT_MAX } from '../http/text-limits.js';

/** At most this many entries in one list of the register. */
export const LIST_MAX = 100;

/** The checks of a list of short texts: distinct, non-empty, short. */
export const IsTextList = () => applyDecorators(IsArray(), ArrayMaxSize(LIST_MAX), ArrayUnique(), IsString({ each: true }), IsNotEmpty({ each: true }), MaxLength(LINE_MAX, { each: true }));

export class PurposeRequest {
  @ApiProperty({ example: 'Issuing parking permits', maxLength: LINE_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LINE_MAX)
  purpose!: string;

  @ApiProperty({ enum: LEGAL_BASES, description: 'the lawful basis of Art. 6(1) (a)–(f)' })
  @IsIn(LEGAL_BASES)
  legalBasis!: LegalBasis;

  toPurpose(): ProcessingPurpose {
    return { purpose: this.purpose, legalBasis: this.legalBasis };
  }
}

export class ThirdCountryTransferRequest {
  @ApiProperty({ example: 'United States', maxLength: LINE_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LINE_MAX)
  country!: string;

  @ApiProperty({ example: 'Standard contractual clauses (Art. 46(2)(c))', maxLength: LINE_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LINE_MAX)
  safeguard!: string;

  toTransfer(): ThirdCountryTransfer {
    return { country: this.country, safeguard: this.safeguard };
  }
}

export class OwnerRequest {
  @ApiProperty({ enum: OWNER_KINDS, description: '`ad`: the AD of the dienst; `gs`: the GS, when no AD can be named' })
  @IsIn(OWNER_KINDS)
  kind!: OwnerKind;

  @ApiProperty({ example: 'AD DSB', maxLength: LINE_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LINE_MAX)
  name!: string;

  @ApiPropertyOptional({type: String,  nullable: true, maxLength: TEXT_MAX, description: 'why no AD can be named: mandatory for `gs`, absent for `ad`' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_MAX)
  reason?: string | null;

  toOwner(): ProcessingOwner {
    return { kind: this.kind, name: this.name, reason: this.reason ?? null };
  }
}
