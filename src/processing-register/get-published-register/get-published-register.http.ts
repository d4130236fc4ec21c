import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { processingRegister, type ProcessingRegisterDocument } from '../../../projections/processing-register.js';
import { ViewExport } from '../../exports/view-export.js';
import { ViewQuery, withPosition } from '../../http/view-queries.js';
import { REGISTER_VIEW_LABELS } from '../../labels/view-schemes.js';
import { DocumentViews } from '../../read-store/document-views.js';
import { publishedEntry, type PublishedEntry } from '../processing-views.js';

@ApiTags('register views')
@Controller('processing-activities')
export class GetPublishedRegisterRoute {
  constructor(private readonly views: DocumentViews) {}

  @Get('published')
  @ApiOperation({
    summary: 'The published register: the processing activities the municipality has made public, by name',
    description: 'Only published activities that are not retired, with the facts the public may read (no owner, security measures or evidence). With `asOf`, the published register as it stood at that moment.',
  })
  @ApiOkResponse({ description: '{ items, total }; Projection-Position says which log position it reflects' })
  @ViewExport({ labels: REGISTER_VIEW_LABELS })
  async published(@Query() query: ViewQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<{ items: PublishedEntry[]; total: number }> {
    const viewed = await this.views.allDocuments<ProcessingRegisterDocument>(
      processingRegister,
      [
        { field: 'published', op: 'eq', value: true },
        { field: 'status', op: 'eq', value: 'registered' },
      ],
      'name',
      query.at(),
    );
    const items = viewed.view.map(publishedEntry);
    return withPosition(reply, { ...viewed, view: { items, total: items.length } });
  }
}
