import { Injectable } from '@nestjs/common';
import { auditRecommendations, type AuditRecommendationsDocument } from '../../projections/audit-recommendations.js';
import { dpiaOverview, type DpiaOverviewDocument } from '../../projections/dpia-overview.js';
import type { ProjectionDefinition } from '../../projections/projection.js';
import { processingRegister, type ProcessingRegisterDocument } from '../../projections/processing-register.js';
import type { Viewed } from '../http/view-queries.js';
import type { ReadAt } from './read-at.js';
import { ViewSources, type ViewSource } from './view-sources.js';

/** The DPIAs and the register: what reviews due and completeness join. */
export interface RegisterDocumentSet {
  readonly dpias: DpiaOverviewDocument[];
  readonly activities: ProcessingRegisterDocument[];
}

export interface GovernanceDocumentSet extends RegisterDocumentSet {
  readonly audits: AuditRecommendationsDocument[];
}

const REGISTER: readonly ProjectionDefinition[] = [dpiaOverview, processingRegister] as unknown as ProjectionDefinition[];
/** What the yearly figures read besides the breaches. */
export const GOVERNANCE: readonly ProjectionDefinition[] = [...REGISTER, auditRecommendations as unknown as ProjectionDefinition];

/**
 * Every DPIA, register and audit document, live (once the projections have `at.minPosition`)
 * or as of a moment (`at.asOf`, all folded in one pass over the log): what the questions
 * across them (reviews due, completeness, the yearly figures) read.
 */
@Injectable()
export class GovernanceDocuments {
  constructor(private readonly sources: ViewSources) {}

  /** Every DPIA and processing activity; `now` is the now of the question (asOf when travelling). */
  async register(at?: ReadAt): Promise<Viewed<RegisterDocumentSet> & { readonly now: string }> {
    const source = await this.sources.open(REGISTER, at);
    return { ...source.viewed(await registerOf(source)), now: source.now };
  }

  /** The register's documents and every audit, from a source opened with GOVERNANCE (and whatever else its caller reads). */
  async from(source: ViewSource): Promise<GovernanceDocumentSet> {
    return { ...(await registerOf(source)), audits: await source.findAll(auditRecommendations, { orderBy: [{ field: 'completedAt', direction: 'asc' }] }) };
  }
}

async function registerOf(source: ViewSource): Promise<RegisterDocumentSet> {
  const dpias = await source.findAll(dpiaOverview, { orderBy: [{ field: 'startedAt', direction: 'asc' }] });
  const activities = await source.findAll(processingRegister, { orderBy: [{ field: 'registeredAt', direction: 'asc' }] });
  return { dpias, activities };
}
