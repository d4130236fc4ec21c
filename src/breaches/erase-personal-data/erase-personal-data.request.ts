import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { LINE_MAX } from '../breach-request-parts.js';
import type { ErasePersonalData } from './erase-personal-data.decide.js';

export class ErasePersonalDataRequest {
  @ApiProperty({
    example: 'The retention period of the breach register (5 years after closure) has ended.',
    maxLength: LINE_MAX,
    description: 'why the personal data is erased; stored in the clear as the record of the erasure, so it must not itself hold personal data',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LINE_MAX)
  reason!: string;

  toCommand(): ErasePersonalData {
    return { reason: this.reason };
  }
}
