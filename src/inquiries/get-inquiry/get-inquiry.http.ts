import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { InquiryDocument } from '../../../projections/inquiries.js';
import type { Actor } from '../../event-store/event-store.port.js';
import { ViewQuery, withPosition } from '../../http/view-queries.js';
import { InquiryIdPipe } from '../inquiry-http.js';
import { InquiryViews, type InquiryStatusFilter } from '../inquiry-views.js';
import { mayRead } from '../inquiry.rules.js';
import { ViewExport } from '../../exports/view-export.js';
import { INQUIRY_VIEW_LABELS } from '../../labels/view-schemes.js';
import { ScopedReadsLogged } from '../../access-log/access-log.module.js';

class InquiryListQuery extends ViewQuery {
  @ApiPropertyOptional({ enum: ['open', 'closed', 'all'], default: 'open' })
  @IsOptional()
  @IsIn(['open', 'closed', 'all'])
  status?: InquiryStatusFilter;
}

type InquiryLine = InquiryDocument & { readonly answerOverdue: boolean; readonly hoursToAnswerDue: number };

@ApiTags('inquiries')
@Controller('inquiries')
export class GetInquiryRoute {
  constructor(private readonly views: InquiryViews) {}

  @Get()
  @ApiOperation({
    summary: "The inquiries of the supervisory authority (open ones by default), the nearest answer deadline first",
    description: 'Each with its answer deadline, whether it is overdue (open, unanswered, past the deadline) and the hours left. The AP sees only its own inquiries.',
  })
  @ApiOkResponse({ description: '{ items, now }; Projection-Position says which log position it reflects' })
  @ViewExport({ labels: INQUIRY_VIEW_LABELS })
  async list(@Query() query: InquiryListQuery, @Req() request: FastifyRequest & { actor?: Actor }, @Res({ passthrough: true }) reply: FastifyReply): Promise<{ items: InquiryLine[]; now: string }> {
    const status = query.status ?? 'open';
    const at = query.at();
    const viewed = await this.views.list(status, at);
    // The AP sees the inquiries it may read under (those naming it, or naming no readers).
    const mine = request.actor?.role === 'supervisory-authority' ? viewed.view.filter((inquiry) => mayRead(inquiry.readers, request.actor?.id ?? '')) : viewed.view;
    const now = this.views.nowAt(at);
    return withPosition(reply, { ...viewed, view: { items: mine.map((inquiry) => withDeadline(inquiry, now)), now } });
  }

  @Get(':inquiryId')
  @ScopedReadsLogged()
  @ApiOperation({ summary: 'One inquiry: its question, scope, answer deadline, answers (sha256 and checkpoint) and its history, every step citing its event; with `asOf`, as it stood then' })
  @ApiOkResponse({ description: 'the inquiry; Projection-Position says which log position it reflects' })
  @ViewExport({ labels: INQUIRY_VIEW_LABELS })
  async one(@Param('inquiryId', InquiryIdPipe) inquiryId: string, @Query() query: ViewQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<InquiryLine> {
    const at = query.at();
    const viewed = await this.views.inquiry(inquiryId, at);
    return withPosition(reply, { ...viewed, view: withDeadline(viewed.view, this.views.nowAt(at)) });
  }
}

function withDeadline(inquiry: InquiryDocument, now: string): InquiryLine {
  const hours = (Date.parse(inquiry.answerDueAt) - Date.parse(now)) / 3_600_000;
  return { ...inquiry, answerOverdue: inquiry.status === 'open' && inquiry.answers.length === 0 && hours < 0, hoursToAnswerDue: Math.round(hours * 10) / 10 + 0 };
}
