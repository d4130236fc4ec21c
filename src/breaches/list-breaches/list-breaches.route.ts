import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { breachRegister, type BreachRegisterRow } from '../../../projections/breach-register.js';
import { deadlineStatus, type DeadlineStatus } from '../../../projections/breach-reports.js';
import { StreamedRows } from '../../exports/streamed-rows.js';
import { breachRegisterTables, registerExportRows, type RegisterExportRow } from '../../exports/tables/breach-register.table.js';
import { ViewExport, ViewRequested } from '../../exports/view-export.js';
import type { ViewRequest } from '../../exports/view-format.js';
import type { PageOf } from '../../http/view-queries.js';
import { BREACH_VIEW_LABELS } from '../../labels/view-schemes.js';
import { BreachViews, withPosition } from '../breach-views.js';
import { ListBreachesQuery } from './list-breaches.http.js';

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
