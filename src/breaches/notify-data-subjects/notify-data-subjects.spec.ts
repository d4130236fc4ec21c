import { describe, it } from '@jest/globals';
import type { BreachEvent } from '../breach.events.js';
import { context, detected, given } from '../../../test/support/breaches/breach-given.js';
import { decideNotifyDataSubjects, type NotifyDataSubjects } from './notify-data-subjects.js';

// awareAt 2026-03-02T09:00Z.
const AWARE_AT = '2026-03-02T09:00:00.000Z';
const notify = (overrides: Partial<NotifyDataSubjects> = {}) => (state: Parameters<typeof decideNotifyDataSubjects>[1], at: Parameters<typeof decideNotifyDataSubjects>[2]) =>
  decideNotifyDataSubjects({ notifiedAt: '2026-03-03T10:00:00.000Z', count: 120, channel: 'letter', ...overrides }, state, at);
const notified = (overrides: Partial<Extract<BreachEvent, { type: 'DataSubjectsNotified' }>['data']> = {}): BreachEvent => ({
  type: 'DataSubjectsNotified',
  data: { notifiedAt: '2026-03-03T10:00:00.000Z', count: 120, channel: 'letter', ...overrides },
});
const many = detected({ dataSubjects: { kind: 'range', min: 100, max: 250 } });

describe('NotifyDataSubjects', () => {
  it('records a batch of notified data subjects with its channel', () => {
    given(many).when(notify()).then([notified()]);
  });

  it('records a further batch after the first', () => {
    given(many, notified())
      .when(notify({ notifiedAt: '2026-03-04T09:00:00.000Z', count: 35, channel: 'email' }))
      .then([notified({ notifiedAt: '2026-03-04T09:00:00.000Z', count: 35, channel: 'email' })]);
  });

  it('accepts a notification at the moment of awareness', () => {
    given(many).when(notify({ notifiedAt: AWARE_AT })).then([notified({ notifiedAt: AWARE_AT })]);
  });

  it('refuses a notification once the communication was waived', () => {
    const waived: BreachEvent = {
      type: 'DataSubjectNotificationWaived',
      data: { waivedAt: '2026-03-03T09:00:00.000Z', ground: 'unintelligible-data', explanation: 'The laptop was fully encrypted.', publicCommunication: null },
    };
    given(many, waived).when(notify()).thenRefused('notification-waived', { ground: 'unintelligible-data' });
  });

  it('refuses a batch of no data subjects', () => {
    given(many).when(notify({ count: 0 })).thenRefused('invalid-notification-count', { count: 0 });
  });

  it('refuses a batch with a fractional number of data subjects', () => {
    given(many).when(notify({ count: 2.5 })).thenRefused('invalid-notification-count');
  });

  it('refuses a notification before awareness', () => {
    given(many)
      .when(notify({ notifiedAt: '2026-03-02T08:59:59.000Z' }))
      .thenRefused('time-out-of-order', { field: 'notifiedAt', mustNotBeBefore: 'awareAt', limit: AWARE_AT });
  });

  it('refuses a notification before a corrected, later awareness', () => {
    const corrected: BreachEvent = {
      type: 'BreachDetailsCorrected',
      data: { corrections: [{ field: 'awareAt', from: AWARE_AT, to: '2026-03-03T12:00:00.000Z' }], reason: 'The service desk learnt of it a day later.', lateReason: null },
    };
    given(many, corrected).when(notify()).thenRefused('time-out-of-order', { field: 'notifiedAt', limit: '2026-03-03T12:00:00.000Z' });
  });

  it('refuses a notification time in the future', () => {
    given(many).when(notify({ notifiedAt: '2026-03-04T12:30:00.000Z' }), context('2026-03-04T12:00:00.000Z')).thenRefused('time-in-future', { field: 'notifiedAt' });
  });

  it('refuses a notification after the breach was closed', () => {
    const closed: BreachEvent = { type: 'BreachClosed', data: { closedAt: '2026-03-03T12:00:00.000Z', summary: 'Handled.' } };
    given(many, closed).when(notify()).thenRefused('breach-closed');
  });
});
