import { describe, expect, it } from '@jest/globals';
import { readEvent, UnreadableEventError } from '../command-handling/handle-command.js';
import type { StoredEvent } from '../event-store/event-store.port.js';
import type { JsonObject } from '../shared/json.js';
import { processingModel } from './processing-commands.js';
import { requireValidFacts } from './processing.rules.js';
import { AMENDABLE_FIELDS, registeredFacts } from './processing.events.js';
import { context, given, registered, registeredData } from '../../test/support/processing-register/processing-given.js';
import { decideAmendProcessingActivity } from './amend-processing-activity/amend-processing-activity.js';
import { decideRegisterProcessingActivity } from './register-processing-activity/register-processing-activity.js';

const stored = (type: string, schemaVersion: number, data: object): StoredEvent =>
  ({ eventId: 'e', streamId: 'processing-x', revision: 0, position: 1n, type, schemaVersion, data: data as JsonObject, metadata: {} as StoredEvent['metadata'] }) as StoredEvent;

describe('processing register schema version 2: an imported record may lack its owner or a lawful basis', () => {
  it('reads a version-1 registration and amendment as they were written (v1 is a subset of v2)', () => {
    const data = registeredData();
    expect(readEvent(processingModel, stored('ProcessingActivityRegistered', 1, data))).toEqual({ type: 'ProcessingActivityRegistered', data });
    const amended = { changes: [{ field: 'retention', from: 'a', to: 'b' }], reason: 'r', amendedAt: '2026-03-01T00:00:00.000Z' };
    expect(readEvent(processingModel, stored('ProcessingActivityAmended', 1, amended))).toEqual({ type: 'ProcessingActivityAmended', data: amended });
  });

  it('refuses a version it does not know rather than misread it', () => {
    expect(() => readEvent(processingModel, stored('ProcessingActivityRegistered', 3, registeredData()))).toThrow(UnreadableEventError);
    expect(() => readEvent(processingModel, stored('ProcessingActivityPublished', 0, { publishedAt: 'x' }))).toThrow(UnreadableEventError);
  });

  it('a command still requires an owner and a lawful basis for every purpose', () => {
    given().when((state, at) => decideRegisterProcessingActivity(registeredData({ owner: null }), state, at)).thenRefused('processing-activity-requires-owner', { field: 'owner' });
    given()
      .when((state, at) => decideRegisterProcessingActivity(registeredData({ purposes: [{ purpose: 'Permits', legalBasis: null }] }), state, at))
      .thenRefused('purpose-requires-legal-basis', { field: 'purposes[0].legalBasis' });
  });

  it('an amendment may fill a gap of an imported record but never open one', () => {
    const history = given(registered({ owner: null, purposes: [{ purpose: 'Permits', legalBasis: null }] }));
    const owner = { kind: 'ad', name: 'AD DSB', reason: null } as const;
    history
      .when((state, at) => decideAmendProcessingActivity({ changes: [{ field: 'owner', to: owner }], reason: 'The AD was named.', amendedAt: '2026-03-01T09:00:00.000Z' }, state, at))
      .then([{ type: 'ProcessingActivityAmended', data: { changes: [{ field: 'owner', from: null, to: owner }], reason: 'The AD was named.', amendedAt: '2026-03-01T09:00:00.000Z' } }]);
    given(registered())
      .when((state, at) => decideAmendProcessingActivity({ changes: [{ field: 'owner', to: null }], reason: 'Unknown now.', amendedAt: '2026-03-01T09:00:00.000Z' }, state, at))
      .thenRefused('processing-activity-requires-owner');
  });

  it('an import may record the gaps; everything else is judged as for a command', () => {
    const facts = registeredFacts(registeredData({ owner: null, purposes: [{ purpose: 'Permits', legalBasis: null }] }));
    expect(() => requireValidFacts(facts, new Set(AMENDABLE_FIELDS), context(), 'may-be-incomplete')).not.toThrow();
    expect(() => requireValidFacts({ ...facts, retention: ' ' }, new Set(AMENDABLE_FIELDS), context(), 'may-be-incomplete')).toThrow(/retention/);
    expect(() => requireValidFacts(facts, new Set(AMENDABLE_FIELDS), context())).toThrow(/lawful basis/);
    expect(() => requireValidFacts(facts, new Set(['owner']), context())).toThrow(/owner/);
  });
});
