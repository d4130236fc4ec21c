import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { TEXT_MAX } from '../processing-request-parts.js';
import type { RetireProcessingActivity } from './retire-processing-activity.decide.js';

export class RetireProcessingActivityRequest {
  @ApiProperty({ example: '2026-04-01T11:00:00+02:00' })
  @IsIsoDateTime()
  retiredAt!: string;

  @ApiProperty({ example: 'Parking permits are now issued by the region.', maxLength: TEXT_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  reason!: string;

  toCommand(): RetireProcessingActivity {
    return { retiredAt: this.retiredAt, reason: this.reason };
  }
}
