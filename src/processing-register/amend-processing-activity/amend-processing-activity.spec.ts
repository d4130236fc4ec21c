import { describe, expect, it } from '@jest/globals';
import type { ProcessingEvent } from '../processing.events.js';
import { evolve } from '../processing.state.js';
import { context, given, published, registered, retired } from '../../../test/support/processing-register/processing-given.js';
import { decideAmendProcessingActivity, type AmendProcessingActivity } from './amend-processing-activity.js';

const REASON = 'The permits now also cover visitors.';
const amend = (overrides: Partial<AmendProcessingActivity> = {}) => (state: Parameters<typeof decideAmendProcessingActivity>[1], at: Parameters<typeof decideAmendProcessingActivity>[2]) =>
  decideAmendProcessingActivity({ changes: [{ field: 'retention', to: 'One year after the permit ends' }], reason: REASON, amendedAt: '2026-03-10T09:00:00.000Z', ...overrides }, state, at);

describe('AmendProcessingActivity', () => {
  it('records the changed fields with their old values from the record', () => {
    given(registered())
      .when(amend({ reason: ` ${REASON}\n` }))
      .then([
        {
          type: 'ProcessingActivityAmended',
          data: { changes: [{ field: 'retention', from: 'Two years after the permit ends', to: 'One year after the permit ends' }], reason: REASON, amendedAt: '2026-03-10T09:00:00.000Z' },
        },
      ]);
  });

  it('hands the GS the ownership, with its reason, and the state follows', () => {
    const owner = { kind: 'gs', name: 'GS', reason: 'The DSB was merged; no AD yet.' } as const;
    const history = given(registered());
    const [event] = decideAmendProcessingActivity({ changes: [{ field: 'owner', to: owner }], reason: REASON, amendedAt: '2026-03-10T09:00:00.000Z' }, history.state, context());
    expect((event as Extract<ProcessingEvent, { type: 'ProcessingActivityAmended' }>).data.changes).toEqual([{ field: 'owner', from: { kind: 'ad', name: 'AD DSB', reason: null }, to: owner }]);
    const after = evolve(history.state, event as ProcessingEvent);
    expect(after.status === 'registered' && after.facts.owner).toEqual(owner);
  });

  it('amends a published processing activity', () => {
    given(registered(), published()).when(amend()).then([expect.objectContaining({ type: 'ProcessingActivityAmended' }) as unknown as ProcessingEvent]);
  });

  it('refuses the GS as owner without a reason', () => {
    given(registered()).when(amend({ changes: [{ field: 'owner', to: { kind: 'gs', name: 'GS', reason: null } }] })).thenRefused('gs-owner-requires-reason');
  });

  it('refuses to remove every purpose', () => {
    given(registered()).when(amend({ changes: [{ field: 'purposes', to: [] }] })).thenRefused('processing-activity-requires-purpose');
  });

  it('refuses an amendment that changes nothing (lists as sets, text trimmed)', () => {
    given(registered()).when(amend({ changes: [{ field: 'dataSubjectCategories', to: ['Visitors', ' Residents'] }] })).thenRefused('amendment-changes-nothing', { field: 'dataSubjectCategories' });
  });

  it('refuses a field amended twice, or no field at all', () => {
    given(registered())
      .when(amend({ changes: [{ field: 'dpiaNeeded', to: true }, { field: 'dpiaNeeded', to: false }] }))
      .thenRefused('field-amended-twice', { field: 'dpiaNeeded' });
    given(registered()).when(amend({ changes: [] })).thenRefused('nothing-to-amend');
  });

  it('refuses an amendment without a reason', () => {
    given(registered()).when(amend({ reason: ' ' })).thenRefused('amendment-requires-reason');
  });

  it('refuses a dienst that is not configured', () => {
    given(registered()).when(amend({ changes: [{ field: 'dienst', to: 'XYZ' }] })).thenRefused('unknown-dienst');
  });

  it('refuses to amend a retired processing activity', () => {
    given(registered(), retired()).when(amend({ amendedAt: '2026-05-01T09:00:00.000Z' })).thenRefused('processing-activity-retired');
  });

  it('refuses to amend an unregistered processing activity', () => {
    given().when(amend()).thenRefused('processing-activity-not-registered');
  });

  it('refuses an amendment in the future or before the latest recorded time', () => {
    given(registered()).when(amend({ amendedAt: '2026-06-02T00:00:00.000Z' })).thenRefused('time-in-future', { field: 'amendedAt' });
    given(registered(), published()).when(amend({ amendedAt: '2026-02-10T09:00:00.000Z' })).thenRefused('time-out-of-order', { field: 'amendedAt' });
  });
});
