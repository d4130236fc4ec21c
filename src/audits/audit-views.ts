import { Injectable } from '@nestjs/common';
import { auditRecommendations, type AuditRecommendationsDocument } from '../../projections/audit-recommendations.js';
import type { Viewed } from '../http/view-queries.js';
import type { Filter, Page, Query } from '../read-store/document-store.port.js';
import { ProjectionViews } from '../read-store/projection-views.js';
import type { ReadAt } from '../read-store/read-at.js';
import { auditNotFound } from './audit-commands.js';
import { auditStreamId } from './audit.events.js';

/** Reads the audit-recommendations projection, live or as of a moment. */
@Injectable()
export class AuditViews extends ProjectionViews {
  audit(auditId: string, at?: ReadAt): Promise<Viewed<AuditRecommendationsDocument>> {
    return this.one<AuditRecommendationsDocument>(auditRecommendations, auditId, auditNotFound(auditId), at, auditStreamId(auditId));
  }

  audits(query: Query, at?: ReadAt): Promise<Viewed<Page<AuditRecommendationsDocument>>> {
    return this.page<AuditRecommendationsDocument>(auditRecommendations, query, at);
  }

  /**
   * Every audit document matching the filters, oldest completion first: the input of
   * `openRecommendations` (with `openRecommendations > 0`) and of `auditFigures` (all of them).
   */
  allAudits(where: readonly Filter[] = [], at?: ReadAt): Promise<Viewed<AuditRecommendationsDocument[]>> {
    return this.all<AuditRecommendationsDocument>(auditRecommendations, { where, orderBy: [{ field: 'completedAt', direction: 'asc' }] }, at);
  }
}
