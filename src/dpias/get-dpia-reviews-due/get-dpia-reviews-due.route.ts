import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { dpiaReviewsDue, type DpiaReviewDue } from '../../../projections/governance-reports.js';
import { withPosition } from '../../breaches/breach-views.js';
import { GovernanceDocuments } from '../../read-store/governance-documents.js';
import { CLOCK, type Clock } from '../../shared/clock.js';
import { ReviewsDueQuery } from '../dpia-views.js';

@ApiTags('DPIA views')
@Controller('dpias')
export class GetDpiaReviewsDueRoute {
  constructor(
    private readonly documents: GovernanceDocuments,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('reviews-due')
  @ApiOperation({
    summary: 'DPIAs whose review is due',
    description:
      'A review falls due three years after completion or the last review, or as soon as the linked processing activity is amended after it (the amendment is cited). ' +
      'Not listed: abandoned DPIAs, DPIAs still waiting for the AP (Art. 36), DPIAs of a retired processing activity. Earliest due first; `overdue` when past.',
  })
  @ApiOkResponse({ description: '{ now, withinDays, items }; Projection-Position says which log position it reflects' })
  async due(@Query() query: ReviewsDueQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<{ now: string; withinDays: number; items: DpiaReviewDue[] }> {
    const { view, position } = await this.documents.register(query.position());
    const now = this.clock.now().toISOString();
    const withinDays = query.withinDays ?? 0;
    return withPosition(reply, { position, view: { now, withinDays, items: dpiaReviewsDue(view.dpias, view.activities, now, withinDays) } });
  }
}
