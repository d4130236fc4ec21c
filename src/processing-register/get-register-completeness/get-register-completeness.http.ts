import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { registerCompleteness, type CompletenessReport } from '../../../projections/governance-reports.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { ViewExport } from '../../exports/view-export.js';
import { ViewQuery, withPosition } from '../../http/view-queries.js';
import { REGISTER_VIEW_LABELS } from '../../labels/view-schemes.js';
import { GovernanceDocuments } from '../../read-store/governance-documents.js';

@ApiTags('register views')
@Controller('processing-activities')
export class GetRegisterCompletenessRoute {
  constructor(
    private readonly documents: GovernanceDocuments,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('completeness')
  @ApiOperation({
    summary: 'The completeness of the register: what is missing, per dienst',
    description:
      'Every processing activity not retired that has no owner, a purpose without a lawful basis, or is marked as needing a DPIA while no DPIA (in progress or completed) is linked to it; counts in total and per dienst. ' +
      'With `asOf`, the register and DPIAs as they stood at that moment.',
  })
  @ApiOkResponse({ description: '{ total, byDienst, incomplete }; Projection-Position says which log position it reflects' })
  @ViewExport({ labels: REGISTER_VIEW_LABELS })
  async report(@Query() query: ViewQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<CompletenessReport> {
    const { view, now: _now, ...viewed } = await this.documents.register(query.at());
    return withPosition(reply, { ...viewed, view: registerCompleteness(view.activities, view.dpias, this.config.organisation.diensten) });
  }
}
