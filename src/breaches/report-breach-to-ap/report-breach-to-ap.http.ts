import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ApNotificationVersionRequest } from '../get-ap-notification/ap-notification-version.request.js';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { precompiledBody } from '../../http/precompiled-body.js';
import { REPORT_PHASES, type ReportPhase } from '../breach.events.js';
import { LateReasonRequest, LINE_MAX } from '../breach-request-parts.js';
import type { ReportBreachToAP } from './report-breach-to-ap.js';

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

/** POST /breaches/{id}/ap-reports: a valid body is built by the check derived from these decorators (src/http/precompiled-body.ts). */
precompiledBody(ReportBreachToAPRequest);
