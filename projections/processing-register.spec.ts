import { describe, expect, it } from '@jest/globals';
import { PROCESSING_ID, published, registered, retired } from '../test/support/processing-register/processing-given.js';
import type { ProcessingEvent } from '../src/processing-register/processing.events.js';
import { activityDocument, streamOf } from '../test/support/projections/governance-testing.js';
import { processingRegister } from './processing-register.js';
import { IMPORT, project } from '../test/support/projections/testing.js';

const amended = (amendedAt: string, changes: Extract<ProcessingEvent, { type: 'ProcessingActivityAmended' }>['data']['changes'], reason = 'The register was outdated.'): ProcessingEvent => ({
  type: 'ProcessingActivityAmended',
  data: { changes, reason, amendedAt },
});

describe('processing-register.v1', () => {
  it('given a registration, shows the Art. 30 facts, complete, not published', () => {
    const activity = activityDocument(PROCESSING_ID, [registered()]);
    expect(activity).toMatchObject({
      processingActivityId: PROCESSING_ID,
      name: 'Parking permits',
      status: 'registered',
      registeredYear: 2026,
      owner: { kind: 'ad', name: 'AD DSB', reason: null },
      published: false,
      missingOwner: false,
      missingLegalBasis: false,
      amendments: [],
      imported: false,
    });
  });

  it('an imported record without owner or lawful basis shows its gaps; an amendment closes them and is listed with old and new values', () => {
    const owner = { kind: 'ad', name: 'AD DSB', reason: null } as const;
    const incomplete = [[registered({ owner: null, purposes: [{ purpose: 'Permits', legalBasis: null }] }), IMPORT] as const];
    expect(activityDocument(PROCESSING_ID, incomplete)).toMatchObject({ missingOwner: true, missingLegalBasis: true, imported: true });
    const fixed = activityDocument(PROCESSING_ID, [
      ...incomplete,
      amended('2026-03-01T09:00:00.000Z', [
        { field: 'owner', from: null, to: owner },
        { field: 'purposes', from: [{ purpose: 'Permits', legalBasis: null }], to: [{ purpose: 'Permits', legalBasis: 'public-task' }] },
      ]),
    ]);
    expect(fixed).toMatchObject({ owner, missingOwner: false, missingLegalBasis: false, lastAmendedAt: '2026-03-01T09:00:00.000Z' });
    expect(fixed.amendments).toEqual([expect.objectContaining({ fields: ['owner', 'purposes'], reason: 'The register was outdated.', event: expect.objectContaining({ revision: 1 }) })]);
  });

  it('publication is kept once; retirement ends the entry with its reason', () => {
    const activity = activityDocument(PROCESSING_ID, [registered(), published('2026-03-01T09:00:00.000Z'), retired('2026-04-01T09:00:00.000Z')]);
    expect(activity).toMatchObject({ published: true, publishedAt: '2026-03-01T09:00:00.000Z', status: 'retired', retiredAt: '2026-04-01T09:00:00.000Z', retireReason: expect.any(String) });
  });

  it('reads a version-1 registration through the upcaster and refuses versions it does not know', () => {
    const [v1] = streamOf(`processing-${PROCESSING_ID}`, [[registered(), { schemaVersion: 1 }]]);
    expect(project(processingRegister, [v1!]).get(PROCESSING_ID)).toMatchObject({ name: 'Parking permits' });
    expect(() => project(processingRegister, [{ ...v1!, schemaVersion: 3 }])).toThrow(/schema version 3/);
    expect(() => project(processingRegister, [{ ...v1!, type: 'ProcessingActivityPublished', schemaVersion: 0 }])).toThrow(/schema version 0/);
  });
});
