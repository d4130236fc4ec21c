import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { LINE_MAX } from '../dpia-request-parts.js';
import type { RequestPriorConsultation } from './request-prior-consultation.decide.js';

export class RequestPriorConsultationRequest {
  @ApiProperty({ example: '2026-04-02T11:00:00+02:00', description: 'when the AP was asked; not before the completion' })
  @IsIsoDateTime()
  requestedAt!: string;

  @ApiProperty({ example: 'AP-VB-2026-17', maxLength: LINE_MAX, description: 'the AP\'s reference' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LINE_MAX)
  apReference!: string;

  toCommand(): RequestPriorConsultation {
    return { requestedAt: this.requestedAt, apReference: this.apReference };
  }
}
