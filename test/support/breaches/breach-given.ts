import type { AuditState } from '../../../src/audits/audit.state.js';
import { givenWhenThen } from '../given-when-then.js';
import { REGISTER_BREACH_EXAMPLE } from '../../../src/breaches/breach-examples.js';
import type { BreachDetectedData, BreachEvent } from '../../../src/breaches/breach.events.js';
import type { DecisionContext } from '../../../src/breaches/breach.rules.js';
import { evolve, initialState } from '../../../src/breaches/breach.state.js';

/** Given/when/then at the decide level: no Nest, no store, an explicit clock. */

export const BREACH_ID = '0b6a4d0e-5f3c-4c1e-9d52-6f1f0d6a7c11';

export function context(now = '2026-03-04T12:00:00.000Z', overrides: Partial<DecisionContext> = {}): DecisionContext {
  return { now, maxClockSkewMs: 5 * 60_000, diensten: ['DBV', 'OCW', 'DPZ', 'SZW', 'DSB', 'DSO', 'BSD'], ...overrides };
}

/**
 * A valid BreachDetected: the documented registration (src/breaches/breach-examples.ts) as the
 * log records it (times in UTC), under BREACH_ID, with the shorter texts the specs assert on;
 * without `processorInformedAt` and `regime`, as recorded before they were (the projections'
 * specs read it so).
 */
export function detectedFacts(overrides: Partial<BreachDetectedData> = {}): BreachDetectedData {
  return {
    breachId: BREACH_ID,
    ...REGISTER_BREACH_EXAMPLE,
    title: 'Letter sent to the wrong address',
    description: 'A decision letter about social support was sent to a neighbour.',
    awareAt: '2026-03-02T09:00:00.000Z',
    occurredFrom: '2026-03-01T08:00:00.000Z',
    occurredTo: '2026-03-01T08:00:00.000Z',
    discovery: { how: 'the neighbour phoned the service desk', processor: null },
    ...overrides,
  };
}

/** The BreachDetected a registration records today. */
export function detectedData(overrides: Partial<BreachDetectedData> = {}): BreachDetectedData {
  return detectedFacts({ processorInformedAt: null, regime: 'avg', ...overrides });
}

export const detected = (overrides: Partial<BreachDetectedData> = {}): BreachEvent => ({ type: 'BreachDetected', data: detectedData(overrides) });

export const given = givenWhenThen(evolve, initialState, () => context());

export const AUDIT_ID = '1c7b5e1f-6a4d-4d2f-8e63-7a2e1e7b8d22';
export const RECOMMENDATION_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

/** An audit, as the link command finds it, with one recommendation issued at `issuedAt`. */
export function auditWithRecommendation(issuedAt = '2026-03-06T09:00:00.000Z'): AuditState {
  return {
    status: 'completed',
    auditId: AUDIT_ID,
    facts: { title: 'Wpg audit', kind: 'internal', auditor: 'Internal audit', scope: 'Leerplicht', completedAt: issuedAt, findings: [] },
    recommendations: [{ recommendationId: RECOMMENDATION_ID, findingId: null, dienst: 'SZW', issuedAt, dueAt: null, implementedAt: null, dpoInformedAt: null }],
  };
}
