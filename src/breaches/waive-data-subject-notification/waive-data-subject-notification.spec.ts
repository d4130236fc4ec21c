import { describe, it } from '@jest/globals';
import type { BreachEvent } from '../breach.events.js';
import { context, detected, given } from '../../../test/support/breaches/breach-given.js';
import { decideWaiveDataSubjectNotification, type WaiveDataSubjectNotification } from './waive-data-subject-notification.js';

// awareAt 2026-03-02T09:00Z.
const AWARE_AT = '2026-03-02T09:00:00.000Z';
const ENCRYPTED = 'The stolen laptop was fully encrypted and the key was not on it.';
const PUBLIC = 'A notice on the municipal website and in the local paper on 4 March 2026.';
const waive = (overrides: Partial<WaiveDataSubjectNotification> = {}) => (state: Parameters<typeof decideWaiveDataSubjectNotification>[1], at: Parameters<typeof decideWaiveDataSubjectNotification>[2]) =>
  decideWaiveDataSubjectNotification({ waivedAt: '2026-03-03T10:00:00.000Z', ground: 'unintelligible-data', explanation: ENCRYPTED, publicCommunication: null, ...overrides }, state, at);
const waived = (overrides: Partial<Extract<BreachEvent, { type: 'DataSubjectNotificationWaived' }>['data']> = {}): BreachEvent => ({
  type: 'DataSubjectNotificationWaived',
  data: { waivedAt: '2026-03-03T10:00:00.000Z', ground: 'unintelligible-data', explanation: ENCRYPTED, publicCommunication: null, ...overrides },
});
const notified: BreachEvent = { type: 'DataSubjectsNotified', data: { notifiedAt: '2026-03-03T09:00:00.000Z', count: 1, channel: 'letter' } };

describe('WaiveDataSubjectNotification', () => {
  it('records a waiver because the data is unintelligible (Art. 34(3)(a))', () => {
    given(detected()).when(waive()).then([waived()]);
  });

  it('records a waiver because measures removed the high risk (Art. 34(3)(b))', () => {
    const explanation = 'The letter was retrieved unopened the same day.';
    given(detected()).when(waive({ ground: 'high-risk-removed', explanation })).then([waived({ ground: 'high-risk-removed', explanation })]);
  });

  it('records a waiver for disproportionate effort with its public communication (Art. 34(3)(c))', () => {
    const explanation = 'No contact details are kept for the visitors concerned.';
    given(detected())
      .when(waive({ ground: 'disproportionate-effort', explanation, publicCommunication: PUBLIC }))
      .then([waived({ ground: 'disproportionate-effort', explanation, publicCommunication: PUBLIC })]);
  });

  it('records the texts without surrounding whitespace', () => {
    given(detected())
      .when(waive({ ground: 'disproportionate-effort', explanation: ` ${ENCRYPTED}\n`, publicCommunication: `\t${PUBLIC} ` }))
      .then([waived({ ground: 'disproportionate-effort', publicCommunication: PUBLIC })]);
  });

  it('refuses a waiver for disproportionate effort without a public communication', () => {
    given(detected()).when(waive({ ground: 'disproportionate-effort' })).thenRefused('waiver-requires-public-communication', { field: 'publicCommunication' });
    given(detected()).when(waive({ ground: 'disproportionate-effort', publicCommunication: '  ' })).thenRefused('waiver-requires-public-communication');
  });

  it('refuses a public communication with a ground other than disproportionate effort', () => {
    given(detected()).when(waive({ publicCommunication: PUBLIC })).thenRefused('public-communication-not-applicable', { ground: 'unintelligible-data' });
    given(detected()).when(waive({ ground: 'high-risk-removed', publicCommunication: PUBLIC })).thenRefused('public-communication-not-applicable', { ground: 'high-risk-removed' });
  });

  it('refuses a waiver without an explanation', () => {
    given(detected()).when(waive({ explanation: ' ' })).thenRefused('waiver-requires-explanation', { field: 'explanation' });
  });

  it('refuses a waiver once data subjects were notified', () => {
    given(detected(), notified).when(waive()).thenRefused('data-subjects-already-notified', { notifiedAt: '2026-03-03T09:00:00.000Z' });
  });

  it('refuses a second waiver', () => {
    given(detected(), waived()).when(waive({ ground: 'high-risk-removed' })).thenRefused('notification-waived', { ground: 'unintelligible-data' });
  });

  it('refuses a waiver before awareness', () => {
    given(detected())
      .when(waive({ waivedAt: '2026-03-02T08:59:59.000Z' }))
      .thenRefused('time-out-of-order', { field: 'waivedAt', mustNotBeBefore: 'awareAt', limit: AWARE_AT });
  });

  it('refuses a waiver time in the future', () => {
    given(detected()).when(waive({ waivedAt: '2026-03-04T12:30:00.000Z' }), context('2026-03-04T12:00:00.000Z')).thenRefused('time-in-future', { field: 'waivedAt' });
  });

  it('refuses a waiver after the breach was closed', () => {
    const closed: BreachEvent = { type: 'BreachClosed', data: { closedAt: '2026-03-03T12:00:00.000Z', summary: 'Handled.' } };
    given(detected(), closed).when(waive()).thenRefused('breach-closed');
  });
});
