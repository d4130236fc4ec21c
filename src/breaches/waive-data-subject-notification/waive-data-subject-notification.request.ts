import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { WAIVER_GROUNDS, type WaiverGround } from '../breach.events.js';
import { TEXT_MAX } from '../breach-request-parts.js';
import type { WaiveDataSubjectNotification } from './waive-data-subject-notification.js';

export class WaiveDataSubjectNotificationRequest {
  @ApiProperty({ example: '2026-03-03T11:00:00+01:00', description: 'when it was decided not to notify the data subjects; not before awareAt' })
  @IsIsoDateTime()
  waivedAt!: string;

  @ApiProperty({
    enum: WAIVER_GROUNDS,
    example: 'disproportionate-effort',
    description: 'Art. 34(3): (a) unintelligible-data, (b) high-risk-removed, (c) disproportionate-effort',
  })
  @IsIn(WAIVER_GROUNDS)
  ground!: WaiverGround;

  @ApiProperty({ example: 'No contact details are kept for the visitors whose data was exposed.', maxLength: TEXT_MAX, description: 'why the ground applies' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  explanation!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'A notice on the municipal website and in the local paper on 4 March 2026.',
    maxLength: TEXT_MAX,
    description: 'mandatory with disproportionate-effort (Art. 34(3)(c)); refused with the other grounds',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  publicCommunication?: string | null;

  toCommand(): WaiveDataSubjectNotification {
    return { waivedAt: this.waivedAt, ground: this.ground, explanation: this.explanation, publicCommunication: this.publicCommunication ?? null };
  }
}
