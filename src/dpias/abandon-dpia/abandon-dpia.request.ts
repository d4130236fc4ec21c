import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { TEXT_MAX } from '../dpia-request-parts.js';
import type { AbandonDpia } from './abandon-dpia.decide.js';

export class AbandonDpiaRequest {
  @ApiProperty({ example: '2026-03-10T10:00:00+01:00' })
  @IsIsoDateTime()
  abandonedAt!: string;

  @ApiProperty({ example: 'The council dropped the project.', maxLength: TEXT_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  reason!: string;

  toCommand(): AbandonDpia {
    return { abandonedAt: this.abandonedAt, reason: this.reason };
  }
}
