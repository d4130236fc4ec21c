import { givenWhenThen } from '../given-when-then.js';
import type { AuditCompletedData, AuditEvent, RecommendationIssuedData } from '../../../src/audits/audit.events.js';
import type { DecisionContext } from '../../../src/audits/audit.rules.js';
import { evolve, initialState } from '../../../src/audits/audit.state.js';

/** Given/when/then at the decide level: no Nest, no store, an explicit clock. */

export const AUDIT_ID = '7b1e4c2a-9d3f-4a6b-8c5e-1f2a3b4c5d6e';
export const RECOMMENDATION_ID = '2f4a6c8e-1b3d-5f7a-9c2e-4a6b8c0d2e4f';

export function context(now = '2026-06-01T12:00:00.000Z', overrides: Partial<DecisionContext> = {}): DecisionContext {
  return { now, maxClockSkewMs: 5 * 60_000, diensten: ['DBV', 'OCW', 'DPZ', 'SZW', 'DSB', 'DSO', 'BSD'], ...overrides };
}

export function auditCompletedData(overrides: Partial<AuditCompletedData> = {}): AuditCompletedData {
  return {
    auditId: AUDIT_ID,
    title: 'Privacy audit 2025',
    kind: 'internal',
    auditor: 'Internal Audit Office',
    scope: 'The breach register and the DPIA process',
    regime: 'avg',
    completedAt: '2026-02-02T09:00:00.000Z',
    findings: [
      { findingId: 'B1', description: 'Breaches are not always reported to the FG.' },
      { findingId: 'B2', description: 'Two DPIAs were never reviewed.' },
    ],
    ...overrides,
  };
}

export const auditCompleted = (overrides: Partial<AuditCompletedData> = {}): AuditEvent => ({ type: 'AuditCompleted', data: auditCompletedData(overrides) });

export function issuedData(overrides: Partial<RecommendationIssuedData> = {}): RecommendationIssuedData {
  return {
    recommendationId: RECOMMENDATION_ID,
    findingId: 'B1',
    description: 'Inform the FG of every breach within one working day.',
    dienst: 'DSB',
    issuedAt: '2026-02-03T09:00:00.000Z',
    dueAt: '2026-09-01T00:00:00.000Z',
    ...overrides,
  };
}

export const issued = (overrides: Partial<RecommendationIssuedData> = {}): AuditEvent => ({ type: 'RecommendationIssued', data: issuedData(overrides) });

export const implemented = (implementedAt = '2026-04-01T09:00:00.000Z', recommendationId = RECOMMENDATION_ID): AuditEvent => ({
  type: 'RecommendationImplemented',
  data: { recommendationId, implementedAt, description: 'The breach procedure now sends every registration to the FG.' },
});

export const dpoInformed = (informedAt = '2026-04-02T09:00:00.000Z', recommendationId = RECOMMENDATION_ID): AuditEvent => ({
  type: 'DpoInformedOfImplementation',
  data: { recommendationId, informedAt },
});

export const given = givenWhenThen(evolve, initialState, () => context());
