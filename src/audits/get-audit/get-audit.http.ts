import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuditRecommendationsDocument } from '../../../projections/audit-recommendations.js';
import { ViewExport } from '../../exports/view-export.js';
import { RequestValidationError } from '../../http/request-errors.js';
import { ViewQuery, withPosition } from '../../http/view-queries.js';
import { AUDIT_VIEW_LABELS } from '../../labels/view-schemes.js';
import { AuditViews } from '../audit-views.js';

/** On this read route an id that cannot be an audit's is a malformed request (400); a well-formed unknown one is 404 audit-not-found. */
export const AuditIdParam = new ParseUUIDPipe({ exceptionFactory: () => new RequestValidationError([{ pointer: '/auditId', message: 'auditId must be a UUID' }]) });

@ApiTags('audit views')
@Controller('audits')
export class GetAuditRoute {
  constructor(private readonly views: AuditViews) {}

  @Get(':auditId')
  @ApiOperation({
    summary: 'One audit: its findings and every recommendation, with its implementation and whether the FG was informed of it',
    description:
      'Each fact carries the event it comes from (stream, revision, position, eventId, hash), so it can be checked against an export of the log. ' +
      'With `asOf`, the audit as it stood at that moment (404 before it was recorded).',
  })
  @ApiOkResponse({ description: 'the audit; Projection-Position says which log position it reflects' })
  @ViewExport({ labels: AUDIT_VIEW_LABELS })
  async audit(@Param('auditId', AuditIdParam) auditId: string, @Query() query: ViewQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<AuditRecommendationsDocument> {
    return withPosition(reply, await this.views.audit(auditId, query.at()));
  }
}
