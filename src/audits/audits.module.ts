import { Module } from '@nestjs/common';
import { AuditCommands } from './audit-commands.js';
import { AuditViews } from './audit-views.js';
import { GetAuditRoute } from './get-audit/get-audit.http.js';
import { GetOpenRecommendationsRoute } from './get-open-recommendations/get-open-recommendations.http.js';
import { ListAuditsRoute } from './list-audits/list-audits.http.js';
import { CompleteAuditHandler } from './complete-audit/complete-audit.js';
import { CompleteAuditRoute } from './complete-audit/complete-audit.http.js';
import { ImplementRecommendationHandler } from './implement-recommendation/implement-recommendation.js';
import { ImplementRecommendationRoute } from './implement-recommendation/implement-recommendation.http.js';
import { InformDpoOfImplementationHandler } from './inform-dpo-of-implementation/inform-dpo-of-implementation.js';
import { InformDpoOfImplementationRoute } from './inform-dpo-of-implementation/inform-dpo-of-implementation.http.js';
import { IssueRecommendationHandler } from './issue-recommendation/issue-recommendation.js';
import { IssueRecommendationRoute } from './issue-recommendation/issue-recommendation.http.js';

/**
 * The audit slice (Wpg audits and their recommendations): one route and one handler per use
 * case (docs/architecture.md, "Slices"). The annual report reads the audit documents through GovernanceDocuments.
 */
@Module({
  controllers: [
    CompleteAuditRoute,
    IssueRecommendationRoute,
    ImplementRecommendationRoute,
    InformDpoOfImplementationRoute,
    // GET /audits/recommendations/open before GET /audits/:auditId (both match; the static one wins in Fastify anyway).
    GetOpenRecommendationsRoute,
    GetAuditRoute,
    ListAuditsRoute,
  ],
  providers: [AuditCommands, AuditViews, CompleteAuditHandler, IssueRecommendationHandler, ImplementRecommendationHandler, InformDpoOfImplementationHandler],
})
export class AuditsModule {}
