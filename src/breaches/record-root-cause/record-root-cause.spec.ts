import { describe, it } from '@jest/globals';
import type { BreachEvent } from '../breach.events.js';
import { detected, given } from '../../../test/support/breaches/breach-given.js';
import { decideRecordRootCause, type RecordRootCause } from './record-root-cause.js';

const record = (overrides: Partial<RecordRootCause> = {}) => (state: Parameters<typeof decideRecordRootCause>[1], at: Parameters<typeof decideRecordRootCause>[2]) =>
  decideRecordRootCause({ category: 'human-error', description: 'The address was copied from an old case file.', ...overrides }, state, at);
const recorded = (overrides: Partial<Extract<BreachEvent, { type: 'RootCauseRecorded' }>['data']> = {}): BreachEvent => ({
  type: 'RootCauseRecorded',
  data: { category: 'human-error', description: 'The address was copied from an old case file.', ...overrides },
});

describe('RecordRootCause', () => {
  it('records a root cause with its category', () => {
    given(detected()).when(record()).then([recorded()]);
  });

  it('records a further root cause besides an earlier one', () => {
    const procedure = { category: 'procedure', description: 'No second check on addresses before sending.' } as const;
    given(detected(), recorded()).when(record(procedure)).then([recorded(procedure)]);
  });

  it('refuses a root cause without a description', () => {
    given(detected()).when(record({ description: '   ' })).thenRefused('root-cause-requires-description', { field: 'description' });
  });

  it('refuses a root cause of a breach that was never registered', () => {
    given().when(record()).thenRefused('breach-not-registered');
  });

  it('refuses a root cause after closure', () => {
    const closed: BreachEvent = { type: 'BreachClosed', data: { closedAt: '2026-03-03T12:00:00.000Z', summary: 'Handled.' } };
    given(detected(), closed).when(record()).thenRefused('breach-closed');
  });
});
