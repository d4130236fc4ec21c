import { describe, it } from '@jest/globals';
import type { BreachEvent } from '../breach.events.js';
import { decideNotifyDataSubjects } from '../notify-data-subjects/notify-data-subjects.js';
import { context, detected, given } from '../../../test/support/breaches/breach-given.js';
import { decideWaiveDataSubjectNotification } from '../waive-data-subject-notification/waive-data-subject-notification.js';
import { decideRevokeDataSubjectNotificationWaiver, type RevokeDataSubjectNotificationWaiver } from './revoke-data-subject-notification-waiver.js';

const at = context('2026-03-20T12:00:00.000Z');
const waived: BreachEvent = {
  type: 'DataSubjectNotificationWaived',
  data: { waivedAt: '2026-03-03T11:00:00.000Z', ground: 'unintelligible-data', explanation: 'The laptop was encrypted.', publicCommunication: null },
};
const revoke = (overrides: Partial<RevokeDataSubjectNotificationWaiver> = {}) => (state: Parameters<typeof decideRevokeDataSubjectNotificationWaiver>[1], c: Parameters<typeof decideRevokeDataSubjectNotificationWaiver>[2]) =>
  decideRevokeDataSubjectNotificationWaiver({ revokedAt: '2026-03-10T10:00:00.000Z', cause: 'ap-required', reason: 'The AP found the key was stored with the laptop.', ...overrides }, state, c);
const revoked = (cause: RevokeDataSubjectNotificationWaiver['cause'] = 'ap-required'): BreachEvent => ({
  type: 'DataSubjectNotificationWaiverRevoked',
  data: { revokedAt: '2026-03-10T10:00:00.000Z', cause, reason: 'The AP found the key was stored with the laptop.' },
});

describe('RevokeDataSubjectNotificationWaiver', () => {
  it('records the revocation of a waiver with its cause and reason', () => {
    given(detected(), waived).when(revoke(), at).then([revoked()]);
  });

  it('refuses a revocation without a waiver', () => {
    given(detected()).when(revoke(), at).thenRefused('notification-not-waived');
  });

  it('refuses a revocation without a reason', () => {
    given(detected(), waived).when(revoke({ reason: '  ' }), at).thenRefused('revocation-requires-reason', { field: 'reason' });
  });

  it('refuses a revocation before the waiver', () => {
    given(detected(), waived).when(revoke({ revokedAt: '2026-03-03T10:00:00.000Z' }), at).thenRefused('time-out-of-order', { field: 'revokedAt' });
  });

  it('refuses a revocation in the future', () => {
    given(detected(), waived).when(revoke({ revokedAt: '2026-03-21T10:00:00.000Z' }), at).thenRefused('time-in-future', { field: 'revokedAt' });
  });

  it('makes the notification possible again once the waiver is revoked', () => {
    const notify = (s: Parameters<typeof decideNotifyDataSubjects>[1], c: Parameters<typeof decideNotifyDataSubjects>[2]) => decideNotifyDataSubjects({ notifiedAt: '2026-03-11T10:00:00.000Z', count: 4, channel: 'letter' }, s, c);
    given(detected(), waived).when(notify, at).thenRefused('notification-waived');
    given(detected(), waived, revoked()).when(notify, at).then([{ type: 'DataSubjectsNotified', data: { notifiedAt: '2026-03-11T10:00:00.000Z', count: 4, channel: 'letter' } }]);
  });

  it('after the AP required the notification (Art. 34(4)), refuses a new waiver; when only the ground failed, another ground may apply', () => {
    const waive = (s: Parameters<typeof decideWaiveDataSubjectNotification>[1], c: Parameters<typeof decideWaiveDataSubjectNotification>[2]) =>
      decideWaiveDataSubjectNotification({ waivedAt: '2026-03-11T10:00:00.000Z', ground: 'disproportionate-effort', explanation: 'No addresses.', publicCommunication: 'A notice on the website.' }, s, c);
    given(detected(), waived, revoked('ap-required')).when(waive, at).thenRefused('notification-required-by-ap');
    given(detected(), waived, revoked('ground-does-not-hold'))
      .when(waive, at)
      .then([{ type: 'DataSubjectNotificationWaived', data: { waivedAt: '2026-03-11T10:00:00.000Z', ground: 'disproportionate-effort', explanation: 'No addresses.', publicCommunication: 'A notice on the website.' } }]);
  });
});
