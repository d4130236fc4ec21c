import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { toAuditListItem, type AuditListItem } from '../../../projections/audit-recommendations.js';
import { ViewExport } from '../../exports/view-export.js';
import { OptionalCalendarYear, PageQuery, withPosition, type PageOf } from '../../http/view-queries.js';
import { AUDIT_VIEW_LABELS } from '../../labels/view-schemes.js';
import type { Filter } from '../../read-store/document-store.port.js';
import { AuditViews } from '../audit-views.js';
import { AUDIT_KINDS, type AuditKind } from '../audit.events.js';

export class ListAuditsQuery extends PageQuery {
  @OptionalCalendarYear('calendar year of completedAt (Europe/Amsterdam)')
  year?: number;

  @ApiPropertyOptional({ enum: AUDIT_KINDS, description: 'internal (the yearly Wpg audit) or external (the four-yearly one)' })
  @IsOptional()
  @IsIn(AUDIT_KINDS)
  kind?: AuditKind;

  filters(): Filter[] {
    const where: Filter[] = [];
    if (this.year !== undefined) where.push({ field: 'year', op: 'eq', value: this.year });
    if (this.kind !== undefined) where.push({ field: 'kind', op: 'eq', value: this.kind });
    return where;
  }
}

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
