import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { annualReport, type AnnualReport } from '../../../projections/annual-report.js';
import { breachRegister, type BreachRegisterDocument, type BreachRegisterRow } from '../../../projections/breach-register.js';
import { YearPipe } from '../../http/year-param.js';
import { GovernanceDocuments, lowerOf } from '../../read-store/governance-documents.js';
import { AsOfQuery, BreachViews, withPosition } from '../breach-views.js';

const rowOf = ({ basis: _basis, ...row }: BreachRegisterDocument): BreachRegisterRow => row;

@ApiTags('reports')
@Controller('reports')
export class GetAnnualReportRoute {
  constructor(
    private readonly views: BreachViews,
    private readonly governance: GovernanceDocuments,
  ) {}

  /** As of a moment: the breach rows, DPIAs and register folded from one pass over the events recorded up to then. */
  private async asOf(year: number, asOf: string) {
    const { view, position, others } = await this.governance.asOf(asOf, [breachRegister]);
    const breaches = (others.get(breachRegister.name) as BreachRegisterDocument[]).map(rowOf).filter((row) => row.year === year);
    return { view: { ...view, breaches }, position };
  }

  private async live(year: number, minPosition?: bigint) {
    const rows = await this.views.allRows([{ field: 'year', op: 'eq', value: year }], minPosition);
    const governance = await this.governance.live(minPosition);
    return { view: { ...governance.view, breaches: rows.view }, position: lowerOf(rows.position, governance.position) };
  }

  @Get('annual/:year')
  @ApiOperation({
    summary: "Everything the FG's annual report needs for a year: breaches, DPIAs, the register and audits",
    description:
      'Breaches, in total, per dienst and per reason: registered; reported to the AP; reported late; late with a reason the AP does not accept; late without any recorded reason; ' +
      'share where the FG was informed, and informed before the report; median and 90th-percentile hours from awareness to report; data subjects notified; withdrawn reports. ' +
      '`dpias`: the DPIA overview of the year (dienst x status, trend, completed without FG advice, high risk without prior consultation), as GET /reports/dpias/{year}. ' +
      '`processingRegister`: activities registered, amended, published and retired in the year, and the register at the end of the year (size, published, missing owner, missing lawful basis, DPIA needed without one). ' +
      '`audits`: audits completed in the year (internal, external), recommendations issued, implemented, FG informed, open at the end of the year, and the Wpg check (an internal audit in the year, an external one in the last four). ' +
      'With `asOf`, the figures as they would have been computed from the events recorded up to that moment.',
  })
  @ApiOkResponse({ description: 'the figures; Projection-Position says which log position they reflect' })
  async report(@Param('year', YearPipe) year: number, @Query() query: AsOfQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<AnnualReport> {
    const viewed = query.asOf ? await this.asOf(year, query.asOf) : await this.live(year, query.position());
    return withPosition(reply, { position: viewed.position, view: annualReport(viewed.view, year, this.views.diensten) });
  }
}
