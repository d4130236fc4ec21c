import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { dpiaOverview, type DpiaOverviewDocument } from '../../../projections/dpia-overview.js';
import { ViewExport } from '../../exports/view-export.js';
import { withPosition } from '../../http/view-queries.js';
import { DPIA_VIEW_LABELS } from '../../labels/view-schemes.js';
import { DocumentViews } from '../../read-store/document-views.js';
import { ListDpiasQuery } from '../dpia-views.js';

interface DpiaPage {
  readonly items: DpiaOverviewDocument[];
  readonly page: number;
  readonly pageSize: number;
  readonly total: number;
}

@ApiTags('DPIA views')
@Controller('dpias')
export class ListDpiasRoute {
  constructor(private readonly views: DocumentViews) {}

  @Get()
  @ApiOperation({
    summary: 'Every DPIA, filtered and paged, most recently started first',
    description: 'Filters: dienst, status, year of completion, completed without FG advice, high residual risk without prior consultation. With `asOf`, the DPIAs as they stood at that moment.',
  })
  @ApiOkResponse({ description: '{ items, page, pageSize, total }; Projection-Position says which log position it reflects' })
  @ViewExport({ labels: DPIA_VIEW_LABELS })
  async list(@Query() query: ListDpiasQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<DpiaPage> {
    const { page, pageSize, limit, offset } = query.paging();
    const viewed = await this.views.documentPage(dpiaOverview, { where: query.filters(), orderBy: [{ field: 'startedAt', direction: 'desc' }], limit, offset }, query.at());
    return withPosition(reply, { ...viewed, view: { items: [...viewed.view.items], total: viewed.view.total, page, pageSize } });
  }
}
