import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { LINE_MAX, TEXT_MAX } from '../dpia-request-parts.js';
import type { ConcludePriorConsultation } from './conclude-prior-consultation.decide.js';

export class ConcludePriorConsultationRequest {
  @ApiProperty({ example: '2026-05-20T11:00:00+02:00', description: 'when the AP answered; not before the request' })
  @IsIsoDateTime()
  concludedAt!: string;

  @ApiProperty({ example: 'No objection, provided recordings are deleted after 28 days.', maxLength: TEXT_MAX, description: 'the AP\'s written advice, or the powers it used (Art. 36(2))' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  outcome!: string;

  @ApiProperty({ example: 'AP-VB-2026-17', maxLength: LINE_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LINE_MAX)
  apReference!: string;

  toCommand(): ConcludePriorConsultation {
    return { concludedAt: this.concludedAt, outcome: this.outcome, apReference: this.apReference };
  }
}
