import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { dpiaYearOverview, type DpiaYearOverview } from '../../../projections/governance-reports.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { dpiaReportTables } from '../../exports/tables/dpia-report.table.js';
import { ViewExport } from '../../exports/view-export.js';
import { ViewQuery, withPosition } from '../../http/view-queries.js';
import { YearPipe } from '../../http/year-param.js';
import { DPIA_VIEW_LABELS } from '../../labels/view-schemes.js';
import { GovernanceDocuments } from '../../read-store/governance-documents.js';

@ApiTags('reports')
@Controller('reports')
export class GetDpiaReportRoute {
  constructor(
    private readonly documents: GovernanceDocuments,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('dpias/:year')
  @ApiOperation({
    summary: 'The DPIA overview of a year: dienst x status, its trend, and the DPIAs the FG must see',
    description:
      'Per dienst: in progress at the end of the year, completed, started and abandoned in it (Europe/Amsterdam years); the same figures for every year from the first DPIA on; ' +
      'the DPIAs completed in the year without the FG advice (with the reason recorded) and with a high residual risk but no prior consultation of the AP. ' +
      'With `asOf`, as computed from the events recorded up to that moment.',
  })
  @ApiOkResponse({ description: 'the overview; Projection-Position says which log position it reflects. Also as CSV or XLSX' })
  @ViewExport({ labels: DPIA_VIEW_LABELS, exports: { formats: ['csv', 'xlsx'], tables: dpiaReportTables } })
  async report(@Param('year', YearPipe) year: number, @Query() query: ViewQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<DpiaYearOverview> {
    const viewed = await this.documents.register(query.at());
    return withPosition(reply, { ...viewed, view: dpiaYearOverview(viewed.view.dpias, year, this.config.organisation.diensten) });
  }
}
