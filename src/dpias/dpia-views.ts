import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString } from 'class-validator';
import type { DpiaStatus } from '../../projections/dpia-overview.js';
import { QueryInteger } from '../http/query-numbers.js';
import { OptionalCalendarYear, PageQuery, queryBoolean, ViewQuery } from '../http/view-queries.js';
import type { Filter } from '../read-store/document-store.port.js';

export const DPIA_STATUSES: readonly DpiaStatus[] = ['in-progress', 'completed', 'abandoned'];

export class ListDpiasQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  dienst?: string;

  @ApiPropertyOptional({ enum: DPIA_STATUSES })
  @IsOptional()
  @IsIn(DPIA_STATUSES)
  status?: DpiaStatus;

  @OptionalCalendarYear('calendar year of completion (Europe/Amsterdam)')
  completedYear?: number;

  @ApiPropertyOptional({ description: 'completed without the FG advice (Art. 35(2))' })
  @IsOptional()
  @queryBoolean()
  @IsBoolean()
  withoutDpoAdvice?: boolean;

  @ApiPropertyOptional({ description: 'completed with a high residual risk and no prior consultation of the AP requested (Art. 36)' })
  @IsOptional()
  @queryBoolean()
  @IsBoolean()
  highRiskWithoutPriorConsultation?: boolean;

  filters(): Filter[] {
    const where: Filter[] = [];
    if (this.dienst !== undefined) where.push({ field: 'dienst', op: 'eq', value: this.dienst });
    if (this.status !== undefined) where.push({ field: 'status', op: 'eq', value: this.status });
    if (this.completedYear !== undefined) where.push({ field: 'completedYear', op: 'eq', value: this.completedYear });
    if (this.withoutDpoAdvice !== undefined) where.push({ field: 'completedWithoutDpoAdvice', op: 'eq', value: this.withoutDpoAdvice });
    if (this.highRiskWithoutPriorConsultation !== undefined) where.push({ field: 'highRiskWithoutPriorConsultation', op: 'eq', value: this.highRiskWithoutPriorConsultation });
    return where;
  }
}

export class ReviewsDueQuery extends ViewQuery {
  @ApiPropertyOptional({ default: 0, description: 'also list reviews that fall due within this many days (the three-year clock); amendments make a review due at once' })
  @IsOptional()
  @QueryInteger(0, 3660)
  withinDays?: number;
}
