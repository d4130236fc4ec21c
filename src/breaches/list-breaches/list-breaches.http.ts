import { ApiPropertyOptional, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString } from 'class-validator';
import { Controller, Get, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { type DeadlineStatus, deadlineStatus } from '../../../projections/breach-reports.js';
import type { Filter } from '../../read-store/document-store.port.js';
import type { LateReasonCode } from '../breach.events.js';
import { LATE_REASON_CODES } from '../breach.rules.js';
import { OptionalCalendarYear, PageQuery, queryBoolean, type PageOf } from '../../http/view-queries.js';
import { breachRegister, type BreachRegisterRow } from '../../../projections/breach-register.js';
import { StreamedRows } from '../../exports/streamed-rows.js';
import { breachRegisterTables, registerExportRows, type RegisterExportRow } from '../../exports/tables/breach-register.table.js';
import { ViewExport, ViewRequested } from '../../exports/view-export.js';
import type { ViewRequest } from '../../exports/view-format.js';
import { BREACH_VIEW_LABELS } from '../../labels/view-schemes.js';
import { BreachViews, withPosition } from '../breach-views.js';

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

@ApiTags('breach views')
@Controller('breaches')
export class ListBreachesRoute {
  constructor(
    private readonly views: BreachViews,
    private readonly streamed: StreamedRows,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The breach register: every breach, reported or not (Art. 33(5)), filtered and paged, most recent awareness first',
    description: 'With `asOf`, the register as it stood at that moment: the breaches recorded by then, each with its facts and status then.',
  })
  @ApiOkResponse({ description: '{ items, page, pageSize, total }; Projection-Position says which log position it reflects. As CSV or XLSX: every matching breach (no paging), oldest awareness first' })
  @ViewExport({ labels: BREACH_VIEW_LABELS, exports: { formats: ['csv', 'xlsx'], tables: breachRegisterTables } })
  async list(
    @Query() query: ListBreachesQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
    @ViewRequested() requested?: ViewRequest,
  ): Promise<PageOf<BreachRegisterRow & { readonly status: DeadlineStatus }> | { rows: AsyncIterable<RegisterExportRow> }> {
    const { page, pageSize, limit, offset } = query.paging();
    const now = this.views.nowAt(query.at());
    if (requested !== undefined && requested.format !== 'json') {
      // An export is the whole register that matches, streamed, oldest first (new breaches come last while it is read).
      const viewed = await this.streamed.open(breachRegister, query.filters(now, this.views.atRiskHours), [{ field: 'awareAt', direction: 'asc' }], query.at());
      return withPosition(reply, { ...viewed, view: { rows: registerExportRows(viewed.view.rows, now, this.views.atRiskHours) } });
    }
    const viewed = await this.views.register({ where: query.filters(now, this.views.atRiskHours), orderBy: [{ field: 'awareAt', direction: 'desc' }], limit, offset }, query.at());
    const items = viewed.view.items.map((row) => ({ ...row, status: deadlineStatus(row, now, this.views.atRiskHours) }));
    return withPosition(reply, { ...viewed, view: { items, page, pageSize, total: viewed.view.total } });
  }
}
