import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { TEXT_MAX } from '../breach-request-parts.js';
import type { GiveDpoAdvice } from './give-dpo-advice.js';

export class GiveDpoAdviceRequest {
  @ApiProperty({ example: 'Report preliminarily to the AP today, supplement once the processor has answered, and inform the applicant.', maxLength: TEXT_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  advice!: string;

  @ApiProperty({ example: '2026-03-02T15:00:00+01:00', description: 'when the FG advised; not before the FG was first informed' })
  @IsIsoDateTime()
  advisedAt!: string;

  toCommand(): GiveDpoAdvice {
    return { advice: this.advice, advisedAt: this.advisedAt };
  }
}
