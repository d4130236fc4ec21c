import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { REPORT_PHASES, type ReportPhase } from '../breach.events.js';
import { LateReasonRequest, LINE_MAX } from '../breach-request-parts.js';
import type { ReportBreachToAP } from './report-breach-to-ap.decide.js';

/** A version of the prepared AP form, as GET /breaches/{id}/ap-notification names it. */
export class ApNotificationVersionRequest {
  @ApiProperty({ example: 3, description: 'the revision of the breach the form was prepared from' })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  revision!: number;

  @ApiProperty({ example: '9f2c…', description: 'the sha256 of its answers (64 lowercase hex digits)' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 lowercase hexadecimal digits' })
  sha256!: string;
}

export class ReportBreachToAPRequest {
  @ApiProperty({ example: '2026-03-04T16:30:00+01:00', description: 'when the report was filed with the AP' })
  @IsIsoDateTime()
  reportedAt!: string;

  @ApiProperty({ example: 'M-2026-004711', description: "the AP's meldnummer" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LINE_MAX)
  apReference!: string;

  @ApiProperty({ enum: REPORT_PHASES, example: 'preliminary', description: 'report early, supplement later' })
  @IsIn(REPORT_PHASES)
  phase!: ReportPhase;

  @ApiPropertyOptional({ type: LateReasonRequest, nullable: true, description: 'mandatory when the report is later than awareAt + 72 hours' })
  @IsOptional()
  @ValidateNested()
  @Type(() => LateReasonRequest)
  lateReason?: LateReasonRequest | null;

  @ApiPropertyOptional({ type: () => ApNotificationVersionRequest, description: 'the version of the prepared form the filing copied (GET /breaches/{id}/ap-notification: version); left out, the current one is recorded' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ApNotificationVersionRequest)
  apNotification?: ApNotificationVersionRequest;

  toCommand(): ReportBreachToAP {
    return {
      reportedAt: this.reportedAt,
      apReference: this.apReference,
      phase: this.phase,
      lateReason: this.lateReason?.toLateReason() ?? null,
      ...(this.apNotification ? { apNotification: { revision: this.apNotification.revision, sha256: this.apNotification.sha256 } } : {}),
    };
  }
}
