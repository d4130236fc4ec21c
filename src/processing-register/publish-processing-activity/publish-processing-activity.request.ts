import { ApiProperty } from '@nestjs/swagger';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import type { PublishProcessingActivity } from './publish-processing-activity.decide.js';

export class PublishProcessingActivityRequest {
  @ApiProperty({ example: '2026-03-01T10:00:00+01:00' })
  @IsIsoDateTime()
  publishedAt!: string;

  toCommand(): PublishProcessingActivity {
    return { publishedAt: this.publishedAt };
  }
}
