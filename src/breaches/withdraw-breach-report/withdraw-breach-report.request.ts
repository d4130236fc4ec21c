import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsIsoDateTime } from '../../http/iso-date-time.js';
import { TEXT_MAX } from '../breach-request-parts.js';
import { WITHDRAWAL_GROUNDS, type WithdrawalGround } from '../breach.events.js';
import type { WithdrawBreachReport } from './withdraw-breach-report.js';

export class WithdrawBreachReportRequest {
  @ApiProperty({ example: '2026-03-06T11:00:00+01:00', description: 'when the report was withdrawn with the AP; not before the report' })
  @IsIsoDateTime()
  withdrawnAt!: string;

  @ApiProperty({ enum: WITHDRAWAL_GROUNDS, example: 'no-breach', description: '`no-breach`: it turned out not to be a breach; `other`: another reason, explained in `reason`' })
  @IsIn(WITHDRAWAL_GROUNDS)
  ground!: WithdrawalGround;

  @ApiProperty({ example: 'The envelope was returned unopened: no one outside the municipality saw the data.', maxLength: TEXT_MAX, description: 'why the report proved unnecessary' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  reason!: string;

  toCommand(): WithdrawBreachReport {
    return { withdrawnAt: this.withdrawnAt, ground: this.ground, reason: this.reason };
  }
}
