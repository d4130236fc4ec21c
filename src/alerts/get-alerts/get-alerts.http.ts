import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { alertDeliveries, type AlertDeliveryDocument, type AlertDeliveryStatus } from '../../../projections/alert-deliveries.js';
import { PageQuery, withPosition, type PageOf } from '../../http/view-queries.js';
import type { Filter } from '../../read-store/document-store.port.js';
import { DocumentViews } from '../../read-store/document-views.js';

class AlertListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['sent', 'retrying', 'failed'] })
  @IsOptional()
  @IsIn(['sent', 'retrying', 'failed'])
  status?: AlertDeliveryStatus;

  @ApiPropertyOptional({ description: 'the breach, inquiry, DPIA or recommendation the alerts are about' })
  @IsOptional()
  @IsUUID()
  subjectId?: string;

  @ApiPropertyOptional({ example: 'breach-at-risk-24h' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/)
  ruleId?: string;
}

@ApiTags('alerts')
@Controller('alerts')
export class GetAlertsRoute {
  constructor(private readonly views: DocumentViews) {}

  @Get()
  @ApiOperation({
    summary: 'The alerts delivered, retrying and failed, the latest attempt first',
    description: 'Each delivery: rule, subject, recipient, channel, when it fell due, when it was sent (or failed, or is retried next), its attempts and the events they are recorded in. Filters: status, subjectId, ruleId. Takes asOf and minPosition.',
  })
  @ApiOkResponse({ description: '{ items, page, pageSize, total }; Projection-Position says which log position it reflects' })
  async list(@Query() query: AlertListQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<PageOf<AlertDeliveryDocument>> {
    const where: Filter[] = [
      ...(query.status ? [{ field: 'status', op: 'eq' as const, value: query.status }] : []),
      ...(query.subjectId ? [{ field: 'subjectId', op: 'eq' as const, value: query.subjectId }] : []),
      ...(query.ruleId ? [{ field: 'ruleId', op: 'eq' as const, value: query.ruleId }] : []),
    ];
    return this.pageOf(where, query, reply);
  }

  @Get('dead-letters')
  @ApiOperation({ summary: 'The dead letters: deliveries that failed for good (ALERT_MAX_ATTEMPTS spent), the latest first, with their last error' })
  @ApiOkResponse({ description: '{ items, page, pageSize, total }' })
  deadLetters(@Query() query: PageQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<PageOf<AlertDeliveryDocument>> {
    return this.pageOf([{ field: 'status', op: 'eq', value: 'failed' }], query, reply);
  }

  private async pageOf(where: Filter[], query: PageQuery, reply: FastifyReply): Promise<PageOf<AlertDeliveryDocument>> {
    const { page, pageSize, limit, offset } = query.paging();
    const viewed = await this.views.documentPage(alertDeliveries, { where, orderBy: [{ field: 'lastAttemptAt', direction: 'desc' }], limit, offset }, query.at());
    return withPosition(reply, { ...viewed, view: { items: viewed.view.items, page, pageSize, total: viewed.view.total } });
  }
}
