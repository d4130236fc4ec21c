import { givenWhenThen } from '../given-when-then.js';
import { REGISTER_PROCESSING_ACTIVITY_EXAMPLE } from '../../../src/processing-register/processing-examples.js';
import type { ProcessingActivityRegisteredData, ProcessingEvent } from '../../../src/processing-register/processing.events.js';
import type { DecisionContext } from '../../../src/processing-register/processing.rules.js';
import { evolve, initialState } from '../../../src/processing-register/processing.state.js';

/** Given/when/then at the decide level: no Nest, no store, an explicit clock. */

export const PROCESSING_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

export function context(now = '2026-06-01T12:00:00.000Z', overrides: Partial<DecisionContext> = {}): DecisionContext {
  return { now, maxClockSkewMs: 5 * 60_000, diensten: ['DBV', 'OCW', 'DPZ', 'SZW', 'DSB', 'DSO', 'BSD'], ...overrides };
}

/**
 * A valid registration: the documented one (src/processing-register/processing-examples.ts) as
 * the log records it (its time in UTC), under PROCESSING_ID, with controller, joint controllers,
 * processors and regime recorded.
 */
export function registeredData(overrides: Partial<ProcessingActivityRegisteredData> = {}): ProcessingActivityRegisteredData {
  return {
    processingActivityId: PROCESSING_ID,
    controller: 'College van burgemeester en wethouders',
    jointControllers: [],
    processors: ['Parkeerbeheer BV'],
    regime: 'avg',
    ...REGISTER_PROCESSING_ACTIVITY_EXAMPLE,
    registeredAt: '2026-02-02T09:00:00.000Z',
    ...overrides,
  };
}

export const registered = (overrides: Partial<ProcessingActivityRegisteredData> = {}): ProcessingEvent => ({
  type: 'ProcessingActivityRegistered',
  data: registeredData(overrides),
});

export const published = (publishedAt = '2026-03-01T09:00:00.000Z'): ProcessingEvent => ({ type: 'ProcessingActivityPublished', data: { publishedAt } });

export const retired = (retiredAt = '2026-04-01T09:00:00.000Z'): ProcessingEvent => ({
  type: 'ProcessingActivityRetired',
  data: { retiredAt, reason: 'Parking permits are now issued by the region.' },
});

export const given = givenWhenThen(evolve, initialState, () => context());
