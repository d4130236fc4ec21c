import { describe, it } from '@jest/globals';
import type { BreachEvent, NotificationDetailsRecordedData } from '../breach.events.js';
import { detected, given } from '../../../test/support/breaches/breach-given.js';
import { decideRecordNotificationDetails } from './record-notification-details.js';

const record = (command: NotificationDetailsRecordedData) => (state: Parameters<typeof decideRecordNotificationDetails>[1]) => decideRecordNotificationDetails(command, state);
const recorded = (data: NotificationDetailsRecordedData): BreachEvent => ({ type: 'NotificationDetailsRecorded', data });
const closed: BreachEvent = { type: 'BreachClosed', data: { closedAt: '2026-03-05T09:00:00.000Z', summary: 'Handled.' } };
const byProcessor = detected({ discovery: { how: 'the print shop mailed us', processor: 'Print BV' } });

describe('RecordNotificationDetails', () => {
  it('records the answers it is given, and only those', () => {
    const answers: NotificationDetailsRecordedData = {
      dataSubjectCategories: ['residents', 'minors'],
      recordCount: { kind: 'range', min: 10, max: 40 },
      contact: { name: 'A. de Wit', jobTitle: 'privacy officer', phone: '+31 20 123 4567', email: null },
      protection: { answer: 'partly', methods: ['encryption', 'hashing'], description: 'The disk was encrypted, the export was not.' },
    };
    given(detected()).when(record(answers)).then([recorded(answers)]);
  });

  it('records null to withdraw an earlier answer', () => {
    given(detected(), recorded({ measuresBeforeBreach: 'Two checks.' })).when(record({ measuresBeforeBreach: null })).then([recorded({ measuresBeforeBreach: null })]);
  });

  it('refuses a call that answers nothing', () => {
    given(detected()).when(record({})).thenRefused('notification-details-empty');
  });

  it('refuses "unknown" beside known categories of data subjects', () => {
    given(detected()).when(record({ dataSubjectCategories: ['unknown', 'minors'] })).thenRefused('data-subject-categories-contradict', { field: 'dataSubjectCategories' });
  });

  it('refuses a number of records that ranges downwards', () => {
    given(detected()).when(record({ recordCount: { kind: 'range', min: 40, max: 10 } })).thenRefused('invalid-record-count-range', { min: 40, max: 10 });
  });

  it('requires the states when data subjects in other EU/EEA states are affected', () => {
    given(detected()).when(record({ crossBorder: { otherStatesAffected: 'yes', states: [], leadAuthority: null } })).thenRefused('cross-border-states-required');
  });

  it('refuses states or a lead authority when no other state is affected', () => {
    given(detected()).when(record({ crossBorder: { otherStatesAffected: 'no', states: ['DE'], leadAuthority: null } })).thenRefused('cross-border-not-applicable');
    given(detected()).when(record({ crossBorder: { otherStatesAffected: 'unknown', states: [], leadAuthority: 'CNIL' } })).thenRefused('cross-border-not-applicable');
  });

  it('records how a processor informed the municipality, for a breach a processor reported', () => {
    const processorNotification = { channel: 'email', explanation: null } as const;
    given(byProcessor).when(record({ processorNotification })).then([recorded({ processorNotification })]);
  });

  it('refuses how a processor informed the municipality when no processor reported the breach', () => {
    given(detected()).when(record({ processorNotification: { channel: 'phone', explanation: null } })).thenRefused('no-processor');
  });

  it('requires a method of protection with "yes" or "partly", and none with "no" or "unknown"', () => {
    given(detected()).when(record({ protection: { answer: 'yes', methods: [], description: null } })).thenRefused('protection-methods-required');
    given(detected()).when(record({ protection: { answer: 'no', methods: ['hashing'], description: null } })).thenRefused('protection-methods-not-applicable');
  });

  it('refuses answers once the breach is closed', () => {
    given(detected(), closed).when(record({ recordCount: { kind: 'exact', count: 1 } })).thenRefused('breach-closed');
  });
});
