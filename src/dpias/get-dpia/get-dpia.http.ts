import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { dpiaOverview, type DpiaOverviewDocument } from '../../../projections/dpia-overview.js';
import { ViewExport } from '../../exports/view-export.js';
import { ViewQuery, withPosition } from '../../http/view-queries.js';
import { DPIA_VIEW_LABELS } from '../../labels/view-schemes.js';
import { DocumentViews } from '../../read-store/document-views.js';
import { dpiaNotFound } from '../dpia-commands.js';
import { DpiaIdPipe } from '../dpia-http.js';
import { dpiaStreamId } from '../dpia.events.js';

@ApiTags('DPIA views')
@Controller('dpias')
export class GetDpiaRoute {
  constructor(private readonly views: DocumentViews) {}

  @Get(':dpiaId')
  @ApiOperation({
    summary: 'One DPIA as it stands',
    description:
      'Dienst, status, FG advice, residual risk, prior consultation (Art. 36), review due, and every event it was built from (stream, revision, position, hash). ' +
      'With `asOf`, the DPIA as it stood at that moment (404 before it was started).',
  })
  @ApiOkResponse({ description: 'the DPIA; Projection-Position says which log position it reflects' })
  @ViewExport({ labels: DPIA_VIEW_LABELS })
  async one(@Param('dpiaId', DpiaIdPipe) dpiaId: string, @Query() query: ViewQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<DpiaOverviewDocument> {
    return withPosition(reply, await this.views.document(dpiaOverview, dpiaId, dpiaNotFound(dpiaId), query.at(), dpiaStreamId(dpiaId)));
  }
}
