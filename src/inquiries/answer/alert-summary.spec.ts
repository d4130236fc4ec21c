import { describe, expect, it } from '@jest/globals';
import { alertSummaryOf, type CitedAlertEvent } from './alert-summary.js';

const DEADLINE = '2026-12-07T15:00:00.000Z';
let revision = 0;
const cited = () => ({ streamId: 'alert-b1', revision, position: String(100 + revision), leafIndex: 100 + revision, hash: `${revision++}`.padStart(64, '0') });
const delivery = (alertId: string, ruleId: string, hours: number | null, recipient: object) => ({
  alertId,
  ruleId,
  kind: ruleId === 'breach-registered' ? 'breach-registered' : 'breach-at-risk',
  hours,
  subject: { type: 'breach', id: 'b1' },
  recipient,
  dueAt: '2026-12-06T15:00:00.000Z',
  deadline: DEADLINE,
});
const officer = { channel: 'email', role: 'privacy-officers', address: 'privacy@gemeente.example' };
const hook = { channel: 'webhook', subscriptionId: 's1', url: 'https://hooks.example/privacy?token=abc' };
const sent = (alertId: string, ruleId: string, hours: number | null, recipient: object, sentAt: string): CitedAlertEvent => ({ type: 'AlertSent', data: { ...delivery(alertId, ruleId, hours, recipient), sentAt, attempt: 1 }, cited: cited() });

describe('the warned summary of a breach in an answer', () => {
  it('lists each delivery with its rule, hours before the deadline, role and channel, citing its AlertSent', () => {
    const t24 = sent('a1', 'at-risk-24', 24, officer, '2026-12-06T15:00:30.000Z');
    const t6 = sent('a2', 'at-risk-6', 6, hook, '2026-12-07T09:00:00.000Z');
    const { warned, undelivered } = alertSummaryOf([t24, t6], DEADLINE);
    expect(warned).toEqual([
      { ruleId: 'at-risk-24', kind: 'breach-at-risk', hours: 24, hoursBeforeDeadline: 24, dueAt: '2026-12-06T15:00:00.000Z', recipient: 'privacy-officers', channel: 'email', sentAt: '2026-12-06T15:00:30.000Z', event: t24.cited },
      { ruleId: 'at-risk-6', kind: 'breach-at-risk', hours: 6, hoursBeforeDeadline: 6, dueAt: '2026-12-06T15:00:00.000Z', recipient: 'webhook', channel: 'webhook', sentAt: '2026-12-07T09:00:00.000Z', event: t6.cited },
    ]);
    expect(undelivered).toEqual([]);
  });

  it('never states an address or a webhook URL', () => {
    const text = JSON.stringify(alertSummaryOf([sent('a1', 'at-risk-24', 24, officer, DEADLINE), sent('a2', 'at-risk-6', 6, hook, DEADLINE)], DEADLINE));
    expect(text).not.toContain('@gemeente.example');
    expect(text).not.toContain('hooks.example');
    expect(text).not.toContain('token');
  });

  it('gives negative hours for an alert sent after the deadline', () => {
    expect(alertSummaryOf([sent('a1', 'overdue', null, officer, '2026-12-07T16:30:00.000Z')], DEADLINE).warned[0]).toMatchObject({ hoursBeforeDeadline: -1.5, hours: null });
  });

  it('counts a delivery once, at its first AlertSent, and leaves out attempts that were retried', () => {
    const failed: CitedAlertEvent = { type: 'AlertAttemptFailed', data: { ...delivery('a1', 'at-risk-24', 24, hook), failedAt: '2026-12-06T15:00:00.000Z', attempt: 1, error: 'webhook: HTTP 503', retryAt: '2026-12-06T15:00:30.000Z' }, cited: cited() };
    const first = sent('a1', 'at-risk-24', 24, hook, '2026-12-06T15:00:30.000Z');
    const again = sent('a1', 'at-risk-24', 24, hook, '2026-12-06T15:01:30.000Z');
    const { warned } = alertSummaryOf([failed, first, again], DEADLINE);
    expect(warned.map((w) => w.event)).toEqual([first.cited]);
  });

  it('counts hours to the breach\'s reporting deadline, not to the moment the rule watches', () => {
    const dpoRule: CitedAlertEvent = { type: 'AlertSent', data: { ...delivery('a4', 'dpo-not-informed-24h', 24, officer), kind: 'dpo-not-informed', deadline: '2026-12-05T15:00:00.000Z', sentAt: '2026-12-05T15:00:00.000Z', attempt: 1 }, cited: cited() };
    expect(alertSummaryOf([dpoRule], DEADLINE).warned[0]).toMatchObject({ kind: 'dpo-not-informed', hoursBeforeDeadline: 48 });
  });

  it('lists a delivery given up as undelivered, not as warned', () => {
    const gaveUp: CitedAlertEvent = { type: 'AlertFailed', data: { ...delivery('a3', 'breach-registered', null, officer), failedAt: '2026-12-05T10:00:00.000Z', attempts: 8, error: 'smtp: 550' }, cited: cited() };
    expect(alertSummaryOf([gaveUp], DEADLINE)).toEqual({
      warned: [],
      undelivered: [{ ruleId: 'breach-registered', kind: 'breach-registered', hours: null, dueAt: '2026-12-06T15:00:00.000Z', recipient: 'privacy-officers', channel: 'email', failedAt: '2026-12-05T10:00:00.000Z', attempts: 8, event: gaveUp.cited }],
    });
  });
});
