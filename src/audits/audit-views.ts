import { Injectable } from '@nestjs/common';
import { auditRecommendations, type AuditRecommendationsDocument } from '../../projections/audit-recommendations.js';
import type { Viewed } from '../http/view-queries.js';
import type { Filter, Page, Query } from '../read-store/document-store.port.js';
import { ProjectionViews } from '../read-store/projection-views.js';
import { auditNotFound } from './audit-commands.js';

/** Reads the audit-recommendations projection, waiting for minPosition. */
@Injectable()
export class AuditViews extends ProjectionViews {
  audit(auditId: string, minPosition?: bigint): Promise<Viewed<AuditRecommendationsDocument>> {
    return this.one<AuditRecommendationsDocument>(auditRecommendations.name, auditId, auditNotFound(auditId), minPosition);
  }

  audits(query: Query, minPosition?: bigint): Promise<Viewed<Page<AuditRecommendationsDocument>>> {
    return this.page<AuditRecommendationsDocument>(auditRecommendations.name, query, minPosition);
  }

  /**
   * Every audit document matching the filters, oldest completion first: the input of
   * `openRecommendations` (with `openRecommendations > 0`) and of `auditFigures` (all of them).
   */
  allAudits(where: readonly Filter[] = [], minPosition?: bigint): Promise<Viewed<AuditRecommendationsDocument[]>> {
    return this.all<AuditRecommendationsDocument>(auditRecommendations.name, { where, orderBy: [{ field: 'completedAt', direction: 'asc' }] }, minPosition);
  }
}
