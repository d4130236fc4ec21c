import { givenWhenThen } from '../../command-handling/testing/given-when-then.js';
import type { BreachDetectedData, BreachEvent } from '../breach.events.js';
import type { DecisionContext } from '../breach.rules.js';
import { evolve, initialState } from '../breach.state.js';

/** Given/when/then at the decide level: no Nest, no store, an explicit clock. */

export const BREACH_ID = '0b6a4d0e-5f3c-4c1e-9d52-6f1f0d6a7c11';

export function context(now = '2026-03-04T12:00:00.000Z', overrides: Partial<DecisionContext> = {}): DecisionContext {
  return { now, maxClockSkewMs: 5 * 60_000, diensten: ['DBV', 'OCW', 'DPZ', 'SZW', 'DSB', 'DSO', 'BSD'], ...overrides };
}

export function detectedData(overrides: Partial<BreachDetectedData> = {}): BreachDetectedData {
  return {
    breachId: BREACH_ID,
    title: 'Letter sent to the wrong address',
    description: 'A decision letter about social support was sent to a neighbour.',
    dienst: 'SZW',
    awareAt: '2026-03-02T09:00:00.000Z',
    occurredFrom: '2026-03-01T08:00:00.000Z',
    occurredTo: '2026-03-01T08:00:00.000Z',
    discovery: { how: 'the neighbour phoned the service desk', processor: null },
    ciaAspects: ['confidentiality'],
    incidentKind: 'wrong-recipient',
    dataCategories: ['name', 'address', 'income'],
    specialCategories: false,
    bsn: true,
    criminalData: false,
    dataSubjects: { kind: 'exact', count: 1 },
    encrypted: false,
    ...overrides,
  };
}

export const detected = (overrides: Partial<BreachDetectedData> = {}): BreachEvent => ({ type: 'BreachDetected', data: detectedData(overrides) });

export const given = givenWhenThen(evolve, initialState, () => context());
