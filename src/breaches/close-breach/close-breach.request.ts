import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { TEXT_MAX } from '../breach-request-parts.js';
import type { CloseBreach } from './close-breach.js';

export class CloseBreachRequest {
  @ApiProperty({ example: '2026-03-20T16:00:00+01:00', description: 'when handling ended; not before the latest time recorded for the breach' })
  @IsIsoDateTime()
  closedAt!: string;

  @ApiProperty({ example: 'Letter retrieved, data subject informed, address check added to the sending procedure.', maxLength: TEXT_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  summary!: string;

  toCommand(): CloseBreach {
    return { closedAt: this.closedAt, summary: this.summary.trim() };
  }
}
