import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { BreachRegisterRow } from '../../../projections/breach-register.js';
import { deadlineStatus, type DeadlineStatus } from '../../../projections/breach-reports.js';
import type { PageOf } from '../../http/view-queries.js';
import { BreachViews, withPosition } from '../breach-views.js';
import { ListBreachesQuery } from './list-breaches.query.js';

@ApiTags('breach views')
@Controller('breaches')
export class ListBreachesRoute {
  constructor(private readonly views: BreachViews) {}

  @Get()
  @ApiOperation({
    summary: 'The breach register: every breach, reported or not (Art. 33(5)), filtered and paged, most recent awareness first',
    description: 'With `asOf`, the register as it stood at that moment: the breaches recorded by then, each with its facts and status then.',
  })
  @ApiOkResponse({ description: '{ items, page, pageSize, total }; Projection-Position says which log position it reflects' })
  async list(@Query() query: ListBreachesQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<PageOf<BreachRegisterRow & { readonly status: DeadlineStatus }>> {
    const { page, pageSize, limit, offset } = query.paging();
    const now = this.views.nowAt(query.at());
    const viewed = await this.views.register({ where: query.filters(now, this.views.atRiskHours), orderBy: [{ field: 'awareAt', direction: 'desc' }], limit, offset }, query.at());
    const items = viewed.view.items.map((row) => ({ ...row, status: deadlineStatus(row, now, this.views.atRiskHours) }));
    return withPosition(reply, { ...viewed, view: { items, page, pageSize, total: viewed.view.total } });
  }
}
