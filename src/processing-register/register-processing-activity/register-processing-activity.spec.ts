import { describe, it } from '@jest/globals';
import { context, given, registered, registeredData } from '../../../test/support/processing-register/processing-given.js';
import { decideRegisterProcessingActivity } from './register-processing-activity.js';

describe('RegisterProcessingActivity', () => {
  const register = (overrides: Parameters<typeof registeredData>[0] = {}) => (state: Parameters<typeof decideRegisterProcessingActivity>[1], at: Parameters<typeof decideRegisterProcessingActivity>[2]) =>
    decideRegisterProcessingActivity(registeredData(overrides), state, at);

  it('records the Art. 30 fields, the dienst and the AD as owner', () => {
    given().when(register()).then([registered()]);
  });

  it('records the texts without surrounding whitespace', () => {
    given()
      .when(register({ name: ' Parking permits\n', purposes: [{ purpose: ' Issuing parking permits ', legalBasis: 'public-task' }], owner: { kind: 'ad', name: ' AD DSB ', reason: null } }))
      .then([registered()]);
  });

  it('records the GS as owner, with the reason no AD can be named', () => {
    const owner = { kind: 'gs', name: 'GS', reason: 'The processing spans all diensten.' } as const;
    given().when(register({ owner: { ...owner, reason: ` ${owner.reason} ` } })).then([registered({ owner })]);
  });

  it('records third-country transfers with their safeguards', () => {
    const thirdCountryTransfers = [{ country: 'United States', safeguard: 'Standard contractual clauses' }];
    given().when(register({ thirdCountryTransfers })).then([registered({ thirdCountryTransfers })]);
  });

  it('refuses the GS as owner without a reason', () => {
    given().when(register({ owner: { kind: 'gs', name: 'GS', reason: null } })).thenRefused('gs-owner-requires-reason', { field: 'owner.reason' });
    given().when(register({ owner: { kind: 'gs', name: 'GS', reason: '  ' } })).thenRefused('gs-owner-requires-reason');
  });

  it('refuses a reason for an AD owner', () => {
    given().when(register({ owner: { kind: 'ad', name: 'AD DSB', reason: 'why not' } })).thenRefused('owner-reason-not-applicable');
  });

  it('refuses an owner without a name', () => {
    given().when(register({ owner: { kind: 'ad', name: ' ', reason: null } })).thenRefused('processing-activity-requires-owner', { field: 'owner.name' });
  });

  it('refuses a processing activity without a purpose', () => {
    given().when(register({ purposes: [] })).thenRefused('processing-activity-requires-purpose', { field: 'purposes' });
  });

  it('refuses a purpose without a description or a lawful basis', () => {
    given().when(register({ purposes: [{ purpose: ' ', legalBasis: 'consent' }] })).thenRefused('purpose-requires-text', { field: 'purposes[0].purpose' });
    given()
      .when(register({ purposes: [{ purpose: 'Marketing', legalBasis: 'because' as never }] }))
      .thenRefused('unknown-legal-basis', { field: 'purposes[0].legalBasis' });
  });

  it('refuses a transfer without a safeguard', () => {
    given().when(register({ thirdCountryTransfers: [{ country: 'India', safeguard: '' }] })).thenRefused('transfer-requires-safeguard');
  });

  it('refuses empty entries, a missing name or retention', () => {
    given().when(register({ recipients: [' '] })).thenRefused('entry-requires-text', { field: 'recipients[0]' });
    given().when(register({ name: '' })).thenRefused('processing-activity-requires-name');
    given().when(register({ retention: '' })).thenRefused('processing-activity-requires-retention');
  });

  it('refuses a dienst that is not configured', () => {
    given().when(register({ dienst: 'XYZ' })).thenRefused('unknown-dienst', { dienst: 'XYZ' });
  });

  it('refuses to register the same processing activity twice', () => {
    given(registered()).when(register()).thenRefused('processing-activity-already-registered');
  });

  it('refuses a registration in the future', () => {
    given().when(register({ registeredAt: '2026-06-01T12:10:00.000Z' }), context('2026-06-01T12:00:00.000Z')).thenRefused('time-in-future', { field: 'registeredAt' });
  });
});
