import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { alertDeliveries, type AlertDeliveryDocument } from '../../../projections/alert-deliveries.js';
import { toRegisterRow } from '../../../projections/breach-register.js';
import { deadlineStatus, type DeadlineStatus } from '../../../projections/breach-reports.js';
import { summaryOf, type BreachTimeline } from '../../../projections/breach-timeline.js';
import { BreachIdPipe } from '../breach-http.js';
import { DocumentViews } from '../../read-store/document-views.js';
import { BreachViews, ViewQuery, withPosition } from '../breach-views.js';
import { ViewExport } from '../../exports/view-export.js';
import { BREACH_VIEW_LABELS } from '../../labels/view-schemes.js';
import { ScopedReadsLogged } from '../../access-log/access-log.module.js';

@ApiTags('breach views')
@Controller('breaches')
export class GetBreachTimelineRoute {
  constructor(
    private readonly views: BreachViews,
    private readonly documents: DocumentViews,
  ) {}

  @Get(':breachId')
  @ScopedReadsLogged()
  @ApiOperation({
    summary: 'The 72-hour timeline of a breach',
    description:
      'Awareness, registration and its delay, the deadline, the FG, assessment, the report and its follow-ups, data subjects, closure, hours to report, ' +
      'the late reason with the FG verdict, corrections with original and corrected values, and every step with the event it comes from. ' +
      '`status` is where the breach stands now (open, at-risk, overdue, reported-on-time, reported-late, not-reportable, withdrawn, closed). ' +
      '`alerts`: every alert delivery about the breach (rule, recipient, channel, due, sent or failed, its events; src/alerts). ' +
      'With `asOf`, the timeline and status as they were at that moment, folded from the events recorded up to then.',
  })
  @ApiOkResponse({ description: 'the timeline; the header Projection-Position says which log position it reflects' })
  @ViewExport({ labels: BREACH_VIEW_LABELS })
  async timeline(
    @Param('breachId', BreachIdPipe) breachId: string,
    @Query() query: ViewQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BreachTimeline & { status: DeadlineStatus; asOf: string; alerts: AlertDeliveryDocument[] }> {
    // As of a past moment, the status is the one it had then.
    const now = this.views.nowAt(query.at());
    const viewed = await this.views.timeline(breachId, query.at());
    const status = deadlineStatus(toRegisterRow(summaryOf(viewed.view)), now, this.views.atRiskHours);
    // Who was warned, and when: the deliveries of the alerts about this breach.
    const alerts = (await this.documents.allDocuments(alertDeliveries, [{ field: 'subjectId', op: 'eq', value: breachId }], 'dueAt', query.at())).view;
    return withPosition(reply, { ...viewed, view: { ...viewed.view, status, asOf: now, alerts } });
  }
}
