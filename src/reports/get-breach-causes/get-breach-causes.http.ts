import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { breachCauses } from '../../../projections/breach-causes.js';
import type { ProjectionDefinition } from '../../../projections/projection.js';
import { CAUSE_PERIODS, causeAnalysis, type CauseAnalysis, type CausePeriod } from '../../../projections/breach-causes-report.js';
import { QueryInteger } from '../../http/query-numbers.js';
import { ViewQuery, withPosition } from '../../http/view-queries.js';
import { YearPipe } from '../../http/year-param.js';
import { GOVERNANCE, GovernanceDocuments } from '../../read-store/governance-documents.js';
import { ViewSources } from '../../read-store/view-sources.js';
import { BreachViews } from '../../breaches/breach-views.js';

export class BreachCausesQuery extends ViewQuery {
  @ApiPropertyOptional({ enum: CAUSE_PERIODS, default: 'quarter', description: 'the periods the year is split into' })
  @IsOptional()
  @IsIn(CAUSE_PERIODS)
  period?: CausePeriod;

  @ApiPropertyOptional({ description: 'a breach of the same kind in the same dienst within this many days of an earlier one is a repeat incident; default REPEAT_INCIDENT_WINDOW_DAYS' })
  @IsOptional()
  @QueryInteger(1, 3660)
  repeatWindowDays?: number;
}

@ApiTags('reports')
@Controller('reports')
export class GetBreachCausesRoute {
  constructor(
    private readonly views: BreachViews,
    private readonly governance: GovernanceDocuments,
    private readonly sources: ViewSources,
  ) {}

  @Get('breach-causes/:year')
  @ApiOperation({
    summary: 'Why breaches happen and keep happening: causes, repeats and the trend',
    description:
      'For a calendar year (by awareAt, Europe/Amsterdam), per month, quarter or year and per dienst: incident kinds, data categories, root-cause categories (`none`: not recorded), measures by purpose. ' +
      'Repeat incidents: the same incident kind in the same dienst within `repeatWindowDays` of an earlier one, each series with its root causes and measures. ' +
      'The trend across the years (from two years before), and the links from breaches to the audit recommendations they led to or that should have prevented them. ' +
      'With `asOf`, as it would have been computed from the events recorded up to that moment.',
  })
  @ApiOkResponse({ description: 'the analysis; Projection-Position says which log position it reflects' })
  async causes(@Param('year', YearPipe) year: number, @Query() query: BreachCausesQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<CauseAnalysis> {
    const source = await this.sources.open([breachCauses as unknown as ProjectionDefinition, ...GOVERNANCE], query.at());
    const documents = await source.findAll(breachCauses, { orderBy: [{ field: 'awareAt', direction: 'asc' }] });
    const { audits } = await this.governance.from(source);
    const options = { period: query.period ?? 'quarter', repeatWindowDays: query.repeatWindowDays ?? this.views.repeatIncidentWindowDays, diensten: this.views.diensten } as const;
    return withPosition(reply, source.viewed(causeAnalysis(documents, audits, year, options)));
  }
}
