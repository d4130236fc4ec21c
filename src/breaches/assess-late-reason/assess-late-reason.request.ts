import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { LATE_REASON_VERDICTS, type LateReasonVerdict } from '../breach.events.js';
import { TEXT_MAX } from '../breach-request-parts.js';
import type { AssessLateReason } from './assess-late-reason.js';

export class AssessLateReasonRequest {
  @ApiProperty({ enum: LATE_REASON_VERDICTS, example: 'not-accepted', description: "the FG's verdict on the reason given for the late report" })
  @IsIn(LATE_REASON_VERDICTS)
  verdict!: LateReasonVerdict;

  @ApiProperty({ example: 'Waiting for the investigation is no reason: report preliminarily and supplement later.', maxLength: TEXT_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  comment!: string;

  @ApiProperty({ example: '2026-03-07T11:00:00+01:00', description: 'when the FG judged the reason; not before the report' })
  @IsIsoDateTime()
  assessedAt!: string;

  toCommand(): AssessLateReason {
    return { verdict: this.verdict, comment: this.comment, assessedAt: this.assessedAt };
  }
}
