import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { QueryInteger } from '../../http/query-numbers.js';
import type { FastifyReply } from 'fastify';
import { lateReportEvidence, lateReportingReport, type LateReportEvidence, type LateReportLine, type LateReportingReport } from '../../../projections/breach-reports.js';
import { lateReportingTables } from '../../exports/tables/late-reporting.table.js';
import { ViewExport } from '../../exports/view-export.js';
import { BREACH_VIEW_LABELS } from '../../labels/view-schemes.js';
import { BreachViews, ViewQuery, withPosition } from '../breach-views.js';

export class YearQuery extends ViewQuery {
  @ApiProperty({ example: 2021, description: 'calendar year of awareAt (Europe/Amsterdam)' })
  @QueryInteger(1900, 9999)
  year!: number;
}

@ApiTags('reports')
@Controller('reports')
export class GetLateReportingReportRoute {
  constructor(private readonly views: BreachViews) {}

  @Get('late-reporting')
  @ApiOperation({
    summary: 'Why breaches were reported late in a year',
    description:
      "Counts by reason code, by the AP's view of the reason and by dienst; every late report with its reason and the FG's verdict, each line citing the events it comes from " +
      '(detection, first filing, verdict, corrections); late reports without any recorded reason. With `asOf`, as computed from the events recorded up to that moment.',
  })
  @ApiOkResponse({ description: 'the report; Projection-Position says which log position it reflects. Also as CSV or XLSX' })
  @ViewExport({ labels: BREACH_VIEW_LABELS, exports: { formats: ['csv', 'xlsx'], tables: lateReportingTables } })
  async report(@Query() query: YearQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<LateReportingReport> {
    const at = query.at();
    const viewed = await this.views.allRows([{ field: 'year', op: 'eq', value: query.year }], at);
    const report = lateReportingReport(viewed.view, query.year, this.views.diensten);
    // Each line cites its events, from the timeline as of the same moment (live: at the register's position at least).
    const timelineAt = at.asOf === undefined ? { minPosition: viewed.position } : at;
    const evidence = new Map<string, LateReportEvidence>();
    for (const line of report.lateReports) evidence.set(line.breachId, lateReportEvidence((await this.views.timeline(line.breachId, timelineAt)).view));
    const cited = (line: LateReportLine): LateReportLine => ({ ...line, events: evidence.get(line.breachId) as LateReportEvidence });
    return withPosition(reply, { ...viewed, view: { ...report, lateReports: report.lateReports.map(cited), withoutReason: report.withoutReason.map(cited) } });
  }
}
