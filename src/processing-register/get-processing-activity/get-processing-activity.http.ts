import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { processingRegister, type ProcessingRegisterDocument } from '../../../projections/processing-register.js';
import { ViewExport } from '../../exports/view-export.js';
import { ViewQuery, withPosition } from '../../http/view-queries.js';
import { REGISTER_VIEW_LABELS } from '../../labels/view-schemes.js';
import { DocumentViews } from '../../read-store/document-views.js';
import { processingActivityNotFound } from '../processing-commands.js';
import { ProcessingActivityIdPipe } from '../processing-http.js';
import { processingStreamId } from '../processing.events.js';

@ApiTags('register views')
@Controller('processing-activities')
export class GetProcessingActivityRoute {
  constructor(private readonly views: DocumentViews) {}

  @Get(':processingActivityId')
  @ApiOperation({
    summary: 'One processing activity as it stands',
    description:
      'Its Art. 30 facts after every amendment, its gaps, publication and retirement, every amendment with old and new values, and the events it was built from. ' +
      'With `asOf`, the activity as it stood at that moment (404 before it was registered).',
  })
  @ApiOkResponse({ description: 'the processing activity; Projection-Position says which log position it reflects' })
  @ViewExport({ labels: REGISTER_VIEW_LABELS })
  async one(
    @Param('processingActivityId', ProcessingActivityIdPipe) processingActivityId: string,
    @Query() query: ViewQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProcessingRegisterDocument> {
    return withPosition(reply, await this.views.document(processingRegister, processingActivityId, processingActivityNotFound(processingActivityId), query.at(), processingStreamId(processingActivityId)));
  }
}
