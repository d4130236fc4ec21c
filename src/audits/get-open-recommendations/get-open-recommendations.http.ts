import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { openRecommendations, openRecommendationsOf, type OpenRecommendationsReport } from '../../../projections/audit-reports.js';
import { openRecommendationsTables } from '../../exports/tables/open-recommendations.table.js';
import { ViewExport } from '../../exports/view-export.js';
import { RequestValidationError } from '../../http/request-errors.js';
import { ViewQuery, withPosition } from '../../http/view-queries.js';
import { AUDIT_VIEW_LABELS } from '../../labels/view-schemes.js';
import { AuditViews } from '../audit-views.js';

export class GetOpenRecommendationsQuery extends ViewQuery {
  @ApiPropertyOptional({ description: 'only this dienst (one of DIENSTEN, or one that still has open recommendations); its counts become the totals' })
  @IsOptional()
  @IsString()
  dienst?: string;
}

@ApiTags('audit views')
@Controller('audits')
export class GetOpenRecommendationsRoute {
  constructor(private readonly views: AuditViews) {}

  @Get('recommendations/open')
  @ApiOperation({
    summary: 'Open recommendations per dienst, with their age and whether the FG was informed of their implementation',
    description:
      'Open: not implemented, or implemented without the FG being informed (docs/domain.md: audits end and nobody knows whether anything was implemented). ' +
      'Per dienst (every configured dienst, zero counts too) and in total: open, not implemented, implemented with the FG not informed, overdue, the oldest age in days; ' +
      'each recommendation with its audit, age in whole days since issue, due date and whether it is overdue now (the service clock). ' +
      'With `asOf`, the recommendations open at that moment, aged and judged overdue as of then.',
  })
  @ApiOkResponse({ description: '{ now, total, byDienst }; Projection-Position says which log position it reflects. Also as CSV or XLSX' })
  @ViewExport({ labels: AUDIT_VIEW_LABELS, exports: { formats: ['csv', 'xlsx'], tables: openRecommendationsTables } })
  async open(@Query() query: GetOpenRecommendationsQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<OpenRecommendationsReport> {
    const viewed = await this.views.allAudits([{ field: 'openRecommendations', op: 'gt', value: 0 }], query.at());
    const report = openRecommendations(viewed.view, this.views.nowAt(query.at()), this.views.diensten);
    const view = query.dienst === undefined ? report : openRecommendationsOf(report, query.dienst);
    if (view === undefined) throw new RequestValidationError([{ pointer: '/dienst', message: `dienst must be one of ${this.views.diensten.join(', ')}` }]);
    return withPosition(reply, { ...viewed, view });
  }
}
