import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString } from 'class-validator';
import type { DeadlineStatus } from '../../../projections/breach-reports.js';
import type { Filter } from '../../read-store/document-store.port.js';
import type { LateReasonCode } from '../breach.events.js';
import { LATE_REASON_CODES } from '../breach.rules.js';
import { OptionalCalendarYear, PageQuery, queryBoolean } from '../../http/view-queries.js';

export const DEADLINE_STATUSES: readonly DeadlineStatus[] = ['open', 'at-risk', 'overdue', 'reported-on-time', 'reported-late', 'not-reportable', 'withdrawn', 'closed'];

const HOUR_MS = 3_600_000;

export class ListBreachesQuery extends PageQuery {
  @OptionalCalendarYear('calendar year of awareAt (Europe/Amsterdam)')
  year?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  dienst?: string;

  @ApiPropertyOptional({ enum: DEADLINE_STATUSES, description: 'where the breach stands now (at asOf when travelling)' })
  @IsOptional()
  @IsIn(DEADLINE_STATUSES)
  status?: DeadlineStatus;

  @ApiPropertyOptional({ description: 'reported after its deadline' })
  @IsOptional()
  @queryBoolean()
  @IsBoolean()
  late?: boolean;

  @ApiPropertyOptional({ enum: LATE_REASON_CODES })
  @IsOptional()
  @IsIn(LATE_REASON_CODES)
  reasonCode?: LateReasonCode;

  filters(now: string, atRiskHours: number): Filter[] {
    const where: Filter[] = [];
    if (this.year !== undefined) where.push({ field: 'year', op: 'eq', value: this.year });
    if (this.dienst !== undefined) where.push({ field: 'dienst', op: 'eq', value: this.dienst });
    if (this.late !== undefined) where.push({ field: 'late', op: 'eq', value: this.late });
    if (this.reasonCode !== undefined) where.push({ field: 'lateReasonCode', op: 'eq', value: this.reasonCode });
    if (this.status !== undefined) where.push(...statusFilters(this.status, now, atRiskHours));
    return where;
  }
}

/**
 * A status as stored fields: the time-dependent ones (open, at risk, overdue) compare the
 * stored deadline with now, as deadlineStatus does (overdue: past the deadline; at risk:
 * fewer than atRiskHours left), so the list and each breach's own status agree.
 */
export function statusFilters(status: DeadlineStatus, now: string, atRiskHours: number): Filter[] {
  if (status === 'closed') return [{ field: 'closed', op: 'eq', value: true }];
  const open: Filter = { field: 'closed', op: 'eq', value: false };
  if (status !== 'open' && status !== 'at-risk' && status !== 'overdue') return [open, { field: 'reportingStatus', op: 'eq', value: status }];
  const awaiting: Filter = { field: 'reportingStatus', op: 'eq', value: 'awaiting-report' };
  const riskFrom = new Date(Date.parse(now) + atRiskHours * HOUR_MS).toISOString();
  if (status === 'overdue') return [open, awaiting, { field: 'deadline', op: 'lt', value: now }];
  if (status === 'at-risk') return [open, awaiting, { field: 'deadline', op: 'gte', value: now }, { field: 'deadline', op: 'lt', value: riskFrom }];
  return [open, awaiting, { field: 'deadline', op: 'gte', value: riskFrom }];
}
