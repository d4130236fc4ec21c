import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { TEXT_MAX } from '../breach-request-parts.js';
import type { WithdrawBreachReport } from './withdraw-breach-report.decide.js';

export class WithdrawBreachReportRequest {
  @ApiProperty({ example: '2026-03-06T11:00:00+01:00', description: 'when the report was withdrawn with the AP; not before the report' })
  @IsIsoDateTime()
  withdrawnAt!: string;

  @ApiProperty({ example: 'The envelope was returned unopened: no one outside the municipality saw the data.', maxLength: TEXT_MAX, description: 'why the report proved unnecessary' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  reason!: string;

  toCommand(): WithdrawBreachReport {
    return { withdrawnAt: this.withdrawnAt, reason: this.reason };
  }
}
