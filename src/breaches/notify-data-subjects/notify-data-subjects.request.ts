import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, Min } from 'class-validator';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { NOTIFICATION_CHANNELS, type NotificationChannel } from '../breach.events.js';
import type { NotifyDataSubjects } from './notify-data-subjects.js';

export class NotifyDataSubjectsRequest {
  @ApiProperty({ example: '2026-03-03T11:00:00+01:00', description: 'when this batch of data subjects was notified; not before awareAt' })
  @IsIsoDateTime()
  notifiedAt!: string;

  @ApiProperty({ example: 120, minimum: 1, description: 'how many data subjects this batch reached' })
  @IsInt()
  @Min(1)
  count!: number;

  @ApiProperty({ enum: NOTIFICATION_CHANNELS, example: 'letter' })
  @IsIn(NOTIFICATION_CHANNELS)
  channel!: NotificationChannel;

  toCommand(): NotifyDataSubjects {
    return { notifiedAt: this.notifiedAt, count: this.count, channel: this.channel };
  }
}
