import { Injectable } from '@nestjs/common';
import { auditRecommendations, type AuditRecommendationsDocument } from '../../projections/audit-recommendations.js';
import { dpiaOverview, type DpiaOverviewDocument } from '../../projections/dpia-overview.js';
import type { ProjectionDefinition } from '../../projections/projection.js';
import { processingRegister, type ProcessingRegisterDocument } from '../../projections/processing-register.js';
import { TimeTravel } from '../audit/time-travel.js';
import type { JsonObject } from '../shared/json.js';
import type { Viewed } from '../http/view-queries.js';
import { DocumentViews } from './document-views.js';

/** The DPIAs and the register: what reviews due and completeness join. */
export interface RegisterDocumentSet {
  readonly dpias: DpiaOverviewDocument[];
  readonly activities: ProcessingRegisterDocument[];
}

export interface GovernanceDocumentSet extends RegisterDocumentSet {
  readonly audits: AuditRecommendationsDocument[];
}

/** The lower of two positions: a view combined from two projections reflects what both have. */
export const lowerOf = (a: bigint, b: bigint): bigint => (a < b ? a : b);

/**
 * Every DPIA, register and audit document, live (once both projections have `minPosition`) or as
 * of a moment (folded from the events recorded up to then, with the same definitions): what
 * the questions across the two (reviews due, completeness, the yearly figures) read.
 */
@Injectable()
export class GovernanceDocuments {
  constructor(
    private readonly views: DocumentViews,
    private readonly timeTravel: TimeTravel,
  ) {}

  /** Every DPIA and processing activity, once both projections have `minPosition`. */
  async register(minPosition?: bigint): Promise<Viewed<RegisterDocumentSet>> {
    const dpias = await this.views.allDocuments<DpiaOverviewDocument>(dpiaOverview, [], 'startedAt', minPosition);
    const activities = await this.views.allDocuments<ProcessingRegisterDocument>(processingRegister, [], 'registeredAt', minPosition);
    return { view: { dpias: dpias.view, activities: activities.view }, position: lowerOf(dpias.position, activities.position) };
  }

  /** The register's documents and every audit: what the yearly figures read. */
  async live(minPosition?: bigint): Promise<Viewed<GovernanceDocumentSet>> {
    const register = await this.register(minPosition);
    const audits = await this.views.allDocuments<AuditRecommendationsDocument>(auditRecommendations, [], 'completedAt', minPosition);
    return { view: { ...register.view, audits: audits.view }, position: lowerOf(register.position, audits.position) };
  }

  /** As of a moment, together with any other definitions the caller needs from the same pass over the log. */
  async asOf(asOf: string, others: readonly ProjectionDefinition[] = []): Promise<Viewed<GovernanceDocumentSet> & { readonly others: Map<string, JsonObject[]> }> {
    const definitions = [dpiaOverview, processingRegister, auditRecommendations, ...others] as unknown as ProjectionDefinition[];
    const { documents, position } = await this.timeTravel.documentsAsOf(definitions, asOf);
    const of = (name: string) => [...(documents.get(name)?.values() ?? [])];
    return {
      view: {
        dpias: of(dpiaOverview.name) as DpiaOverviewDocument[],
        activities: of(processingRegister.name) as ProcessingRegisterDocument[],
        audits: of(auditRecommendations.name) as AuditRecommendationsDocument[],
      },
      position,
      others: new Map(others.map(({ name }) => [name, of(name)])),
    };
  }
}
