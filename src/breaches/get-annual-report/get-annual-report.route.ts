import { Controller, Get, Param, ParseIntPipe, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { annualFigures, type AnnualFigures } from '../../../projections/breach-reports.js';
import { RequestValidationError } from '../../http/request-errors.js';
import { TimeTravel } from '../../audit/time-travel.js';
import { AsOfQuery, BreachViews, withPosition } from '../breach-views.js';

const notAYear = () => new RequestValidationError([{ pointer: '/year', message: 'year must be a calendar year, e.g. 2021' }]);

@ApiTags('reports')
@Controller('reports')
export class GetAnnualReportRoute {
  constructor(
    private readonly views: BreachViews,
    private readonly timeTravel: TimeTravel,
  ) {}

  private async asOf(year: number, asOf: string) {
    const { rows, position } = await this.timeTravel.registerRows(asOf);
    return { view: rows.filter((row) => row.year === year), position };
  }

  @Get('annual/:year')
  @ApiOperation({
    summary: "The breach figures of the FG's annual report for a year, in total, per dienst and per reason",
    description:
      'Registered; reported to the AP; reported late; late with a reason the AP does not accept; late without any recorded reason; share where the FG was informed, ' +
      'and informed before the report; median and 90th-percentile hours from awareness to report; data subjects notified; withdrawn reports. ' +
      'With `asOf`, the figures as they would have been computed from the events recorded up to that moment.',
  })
  @ApiOkResponse({ description: 'the figures; Projection-Position says which log position they reflect' })
  async report(@Param('year', new ParseIntPipe({ exceptionFactory: notAYear })) year: number, @Query() query: AsOfQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<AnnualFigures> {
    if (year < 1900 || year > 9999) throw notAYear();
    const viewed = query.asOf ? await this.asOf(year, query.asOf) : await this.views.allRows([{ field: 'year', op: 'eq', value: year }], query.position());
    return withPosition(reply, { ...viewed, view: annualFigures(viewed.view, year, this.views.diensten) });
  }
}
