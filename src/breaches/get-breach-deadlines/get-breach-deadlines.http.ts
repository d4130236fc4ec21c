import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { deadlinesNow, type DeadlineAlert } from '../../../projections/breach-reports.js';
import { BreachViews, ViewQuery, withPosition } from '../breach-views.js';
import { ViewExport } from '../../exports/view-export.js';
import { BREACH_VIEW_LABELS } from '../../labels/view-schemes.js';

@ApiTags('breach views')
@Controller('breaches')
export class GetBreachDeadlinesRoute {
  constructor(private readonly views: BreachViews) {}

  /**
   * The clock moves without events: which breaches are at risk or overdue is computed now
   * (or at asOf), from the deadlines the register stores.
   */
  @Get('deadlines')
  @ApiOperation({
    summary: 'Breaches at risk (less than AT_RISK_HOURS left) or overdue now, most urgent first',
    description: 'With `asOf`, the breaches at risk or overdue at that moment, from the events recorded up to then (`now` is asOf).',
  })
  @ApiOkResponse({ description: '{ now, atRiskHours, breaches: [{ breachId, title, dienst, awareAt, deadline, status, hoursRemaining, hoursOverdue }] }' })
  @ViewExport({ labels: BREACH_VIEW_LABELS })
  async deadlines(@Query() query: ViewQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<{ now: string; atRiskHours: number; breaches: DeadlineAlert[] }> {
    const now = this.views.nowAt(query.at());
    const viewed = await this.views.allRows(
      [
        { field: 'closed', op: 'eq', value: false },
        { field: 'reportingStatus', op: 'eq', value: 'awaiting-report' },
      ],
      query.at(),
    );
    return withPosition(reply, { ...viewed, view: { now, atRiskHours: this.views.atRiskHours, breaches: deadlinesNow(viewed.view, now, this.views.atRiskHours) } });
  }
}
