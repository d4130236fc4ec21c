import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { dpiaReviewsDue, type DpiaReviewDue } from '../../../projections/governance-reports.js';
import { ViewExport } from '../../exports/view-export.js';
import { withPosition } from '../../http/view-queries.js';
import { DPIA_VIEW_LABELS } from '../../labels/view-schemes.js';
import { GovernanceDocuments } from '../../read-store/governance-documents.js';
import { ReviewsDueQuery } from '../dpia-views.js';

@ApiTags('DPIA views')
@Controller('dpias')
export class GetDpiaReviewsDueRoute {
  constructor(private readonly documents: GovernanceDocuments) {}

  @Get('reviews-due')
  @ApiOperation({
    summary: 'DPIAs whose review is due',
    description:
      'A review falls due three years after completion or the last review, or as soon as the linked processing activity is amended after it (the amendment is cited). ' +
      'Not listed: abandoned DPIAs, DPIAs still waiting for the AP (Art. 36), DPIAs of a retired processing activity. Earliest due first; `overdue` when past. ' +
      'With `asOf`, the reviews due at that moment, from the events recorded up to then (`now` is asOf).',
  })
  @ApiOkResponse({ description: '{ now, withinDays, items }; Projection-Position says which log position it reflects' })
  @ViewExport({ labels: DPIA_VIEW_LABELS })
  async due(@Query() query: ReviewsDueQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<{ now: string; withinDays: number; items: DpiaReviewDue[] }> {
    const { view, now, ...viewed } = await this.documents.register(query.at());
    const withinDays = query.withinDays ?? 0;
    return withPosition(reply, { ...viewed, view: { now, withinDays, items: dpiaReviewsDue(view.dpias, view.activities, now, withinDays) } });
  }
}
