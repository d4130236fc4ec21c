import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { toAuditListItem, type AuditListItem } from '../../../projections/audit-recommendations.js';
import { withPosition, type PageOf } from '../../http/view-queries.js';
import { AuditViews } from '../audit-views.js';
import { ListAuditsQuery } from './list-audits.query.js';
import { ViewExport } from '../../exports/view-export.js';
import { AUDIT_VIEW_LABELS } from '../../labels/view-schemes.js';

@ApiTags('audit views')
@Controller('audits')
export class ListAuditsRoute {
  constructor(private readonly views: AuditViews) {}

  @Get()
  @ApiOperation({
    summary: 'The audits (Wpg: a yearly internal, a four-yearly external one), filtered and paged, latest completion first, with where their recommendations stand',
    description: 'With `asOf`, the audits and their recommendations as they stood at that moment.',
  })
  @ApiOkResponse({ description: '{ items, page, pageSize, total }; Projection-Position says which log position it reflects' })
  @ViewExport({ labels: AUDIT_VIEW_LABELS })
  async list(@Query() query: ListAuditsQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<PageOf<AuditListItem>> {
    const { page, pageSize, limit, offset } = query.paging();
    const viewed = await this.views.audits({ where: query.filters(), orderBy: [{ field: 'completedAt', direction: 'desc' }], limit, offset }, query.at());
    return withPosition(reply, { ...viewed, view: { items: viewed.view.items.map(toAuditListItem), page, pageSize, total: viewed.view.total } });
  }
}
