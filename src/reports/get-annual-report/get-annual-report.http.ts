import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { annualReport, type AnnualReport } from '../../../projections/annual-report.js';
import { breachRegister, rowOf } from '../../../projections/breach-register.js';
import { breachCauses } from '../../../projections/breach-causes.js';
import type { ProjectionDefinition } from '../../../projections/projection.js';
import { annualReportTables } from '../../exports/tables/annual-report.table.js';
import { ViewExport } from '../../exports/view-export.js';
import { ViewQuery, withPosition } from '../../http/view-queries.js';
import { YearPipe } from '../../http/year-param.js';
import { ANNUAL_REPORT_LABELS } from '../../labels/view-schemes.js';
import { GOVERNANCE, GovernanceDocuments } from '../../read-store/governance-documents.js';
import { ViewSources } from '../../read-store/view-sources.js';
import { BreachViews } from '../../breaches/breach-views.js';
import { keptAnnualReport } from './kept-figures.js';
import { KeptReports } from './kept-reports.js';

@ApiTags('reports')
@Controller('reports')
export class GetAnnualReportRoute {
  /** The years asked most recently, each with the document versions its figures come from. */
  private readonly kept = new KeptReports<AnnualReport>(8);

  constructor(
    private readonly views: BreachViews,
    private readonly governance: GovernanceDocuments,
    private readonly sources: ViewSources,
  ) {}

  @Get('annual/:year')
  @ApiOperation({
    summary: "Everything the FG's annual report needs for a year: breaches, DPIAs, the register and audits",
    description:
      'Breaches, in total, per dienst and per reason: registered; reported to the AP; reported late; late with a reason the AP does not accept; late without any recorded reason; ' +
      'share where the FG was informed, and informed before the report; median and 90th-percentile hours from awareness to report; data subjects notified; withdrawn reports (no breach after all / other grounds) and re-filed ones; ' +
      'late without a valid excuse (a code the AP does not accept, a case-by-case reason the FG did not accept, no reason); FG verdicts accepting a code the AP does not; closed without a root cause; all of it also per regime (AVG / Wpg). ' +
      '`causes`: the cause analysis per quarter with repeat incidents, the trend and links to audit recommendations, as GET /reports/breach-causes/{year}. ' +
      '`dpias`: the DPIA overview of the year (dienst x status, trend, completed without FG advice, high risk without prior consultation), as GET /reports/dpias/{year}. ' +
      '`processingRegister`: activities registered, amended, published and retired in the year, and the register at the end of the year (size, published, missing owner, missing lawful basis, DPIA needed without one). ' +
      '`audits`: audits completed in the year (internal, external), recommendations issued, implemented, FG informed, open at the end of the year, and the Wpg check (an internal audit in the year, an external one in the last four). ' +
      'With `asOf`, the figures as they would have been computed from the events recorded up to that moment.',
  })
  @ApiOkResponse({ description: 'the figures; Projection-Position says which log position they reflect. Also as CSV, XLSX (one table per sheet) and a printable PDF with charts' })
  @ViewExport({ labels: ANNUAL_REPORT_LABELS, exports: { formats: ['csv', 'xlsx', 'pdf'], tables: annualReportTables } })
  async report(@Param('year', YearPipe) year: number, @Query() query: ViewQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<AnnualReport> {
    // One source for the breach rows and the rest: as of a moment, one pass over the log.
    const source = await this.sources.open([breachRegister, breachCauses as unknown as ProjectionDefinition, ...GOVERNANCE], query.at());
    const report = await this.kept.get(year, source.versions, async () => {
      // Live, from the aggregates the projections keep: a handful of documents, however long the log.
      const { diensten, repeatIncidentWindowDays } = this.views;
      const fromKept = await keptAnnualReport(source, year, () => this.governance.from(source), diensten, repeatIncidentWindowDays);
      if (fromKept !== undefined) return fromKept;
      const rows = await source.findAll(breachRegister, { where: [{ field: 'year', op: 'eq', value: year }], orderBy: [{ field: 'awareAt', direction: 'asc' }] });
      const causes = await source.findAll(breachCauses, { orderBy: [{ field: 'awareAt', direction: 'asc' }] });
      const documents = { ...(await this.governance.from(source)), breaches: rows.map(rowOf), causes };
      return annualReport(documents, year, this.views.diensten, this.views.repeatIncidentWindowDays);
    });
    return withPosition(reply, source.viewed(report));
  }
}
