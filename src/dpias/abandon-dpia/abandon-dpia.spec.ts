import { describe, it } from '@jest/globals';
import type { DpiaEvent } from '../dpia.events.js';
import { advised, completed, context, given, started } from '../../../test/support/dpias/dpia-given.js';
import { decideAbandonDpia, type AbandonDpia } from './abandon-dpia.js';

const REASON = 'The council dropped the project.';
const abandon = (overrides: Partial<AbandonDpia> = {}) => (state: Parameters<typeof decideAbandonDpia>[1], at: Parameters<typeof decideAbandonDpia>[2]) =>
  decideAbandonDpia({ abandonedAt: '2026-03-10T09:00:00.000Z', reason: REASON, ...overrides }, state, at);
const abandoned: DpiaEvent = { type: 'DpiaAbandoned', data: { abandonedAt: '2026-03-10T09:00:00.000Z', reason: REASON } };

describe('AbandonDpia', () => {
  it('records the abandonment with its reason', () => {
    given(started(), advised()).when(abandon({ reason: ` ${REASON}\n` })).then([abandoned]);
  });

  it('refuses an abandonment without a reason', () => {
    given(started()).when(abandon({ reason: '' })).thenRefused('abandonment-requires-reason');
  });

  it('refuses to abandon a completed DPIA', () => {
    given(started(), advised(), completed()).when(abandon({ abandonedAt: '2026-05-01T09:00:00.000Z' })).thenRefused('dpia-completed');
  });

  it('refuses to abandon twice', () => {
    given(started(), abandoned).when(abandon()).thenRefused('dpia-abandoned');
  });

  it('refuses an abandonment before the FG\'s advice', () => {
    given(started(), advised()).when(abandon({ abandonedAt: '2026-03-01T09:00:00.000Z' })).thenRefused('time-out-of-order', { field: 'abandonedAt' });
  });

  it('refuses an abandonment in the future', () => {
    given(started()).when(abandon({ abandonedAt: '2026-06-02T00:00:00.000Z' }), context()).thenRefused('time-in-future');
  });
});
