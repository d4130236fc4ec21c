import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { REPORT_PHASES, type ReportPhase } from '../breach.events.js';
import { TEXT_MAX } from '../breach-request-parts.js';
import type { SupplementBreachReport } from './supplement-breach-report.decide.js';

export class SupplementBreachReportRequest {
  @ApiProperty({ example: '2026-03-06T11:00:00+01:00', description: 'when the supplement was filed with the AP; not before the report' })
  @IsIsoDateTime()
  supplementedAt!: string;

  @ApiProperty({ example: 'The letter was retrieved from the neighbour unopened; one data subject, no further recipients.', maxLength: TEXT_MAX, description: 'what changed since the last filing' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  changes!: string;

  @ApiProperty({ enum: REPORT_PHASES, example: 'final', description: 'the phase of the report after this supplement; a final report stays final' })
  @IsIn(REPORT_PHASES)
  phase!: ReportPhase;

  toCommand(): SupplementBreachReport {
    return { supplementedAt: this.supplementedAt, changes: this.changes, phase: this.phase };
  }
}
