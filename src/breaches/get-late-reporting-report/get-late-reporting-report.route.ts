import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { lateReportingReport, type LateReportingReport } from '../../../projections/breach-reports.js';
import { BreachViews, ViewQuery, withPosition } from '../breach-views.js';

export class YearQuery extends ViewQuery {
  @ApiProperty({ example: 2021, description: 'calendar year of awareAt (Europe/Amsterdam)' })
  @Type(() => Number)
  @IsInt()
  @Min(1900)
  @Max(9999)
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
      "Counts by reason code, by the AP's view of the reason and by dienst; every late report with its reason and the FG's verdict; late reports without any recorded reason. " +
      'With `asOf`, as computed from the events recorded up to that moment.',
  })
  @ApiOkResponse({ description: 'the report; Projection-Position says which log position it reflects' })
  async report(@Query() query: YearQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<LateReportingReport> {
    const viewed = await this.views.allRows([{ field: 'year', op: 'eq', value: query.year }], query.at());
    return withPosition(reply, { ...viewed, view: lateReportingReport(viewed.view, query.year, this.views.diensten) });
  }
}
