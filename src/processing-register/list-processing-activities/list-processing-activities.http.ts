import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { processingRegister, type ProcessingRegisterDocument } from '../../../projections/processing-register.js';
import { StreamedRows } from '../../exports/streamed-rows.js';
import { processingRegisterTables } from '../../exports/tables/processing-register.table.js';
import { ViewExport, ViewRequested } from '../../exports/view-export.js';
import type { ViewRequest } from '../../exports/view-format.js';
import { withPosition } from '../../http/view-queries.js';
import { REGISTER_VIEW_LABELS } from '../../labels/view-schemes.js';
import { DocumentViews } from '../../read-store/document-views.js';
import { ListProcessingActivitiesQuery } from '../processing-views.js';

interface RegisterPage {
  readonly items: ProcessingRegisterDocument[];
  readonly page: number;
  readonly pageSize: number;
  readonly total: number;
}

@ApiTags('register views')
@Controller('processing-activities')
export class ListProcessingActivitiesRoute {
  constructor(
    private readonly views: DocumentViews,
    private readonly streamed: StreamedRows,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The register of processing activities (Art. 30) as it stands, by name',
    description: 'By default the current register (not retired). Filters: dienst, status, published, missing owner, missing lawful basis, DPIA needed. With `asOf`, the register as it stood at that moment.',
  })
  @ApiOkResponse({ description: '{ items, page, pageSize, total }; Projection-Position says which log position it reflects. As CSV or XLSX: every matching activity (no paging), by name' })
  @ViewExport({ labels: REGISTER_VIEW_LABELS, exports: { formats: ['csv', 'xlsx'], tables: processingRegisterTables } })
  async list(
    @Query() query: ListProcessingActivitiesQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
    @ViewRequested() requested?: ViewRequest,
  ): Promise<RegisterPage | { rows: AsyncIterable<ProcessingRegisterDocument> }> {
    if (requested !== undefined && requested.format !== 'json') {
      return withPosition(reply, await this.streamed.open(processingRegister, query.filters(), [{ field: 'name', direction: 'asc' }], query.at()));
    }
    const { page, pageSize, limit, offset } = query.paging();
    const viewed = await this.views.documentPage(processingRegister, { where: query.filters(), orderBy: [{ field: 'name', direction: 'asc' }], limit, offset }, query.at());
    return withPosition(reply, { ...viewed, view: { items: [...viewed.view.items], total: viewed.view.total, page, pageSize } });
  }
}
