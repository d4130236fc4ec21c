import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { TEXT_MAX } from '../dpia-request-parts.js';
import type { GiveDpoAdviceOnDpia } from './give-dpo-advice-on-dpia.decide.js';

export class GiveDpoAdviceOnDpiaRequest {
  @ApiProperty({ example: 'Limit the retention of recordings to 28 days and log every access.', maxLength: TEXT_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  advice!: string;

  @ApiProperty({ example: '2026-03-02T10:00:00+01:00', description: 'when the FG advised; not before the DPIA started' })
  @IsIsoDateTime()
  advisedAt!: string;

  toCommand(): GiveDpoAdviceOnDpia {
    return { advice: this.advice, advisedAt: this.advisedAt };
  }
}
