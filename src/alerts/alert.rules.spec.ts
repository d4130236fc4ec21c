import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../shared/domain-error.js';
import type { AlertDelivery, AlertingConfigEvent } from './alert.events.js';
import { afterFailure, alertIdOf, attemptDue, decideRotateWebhookSecret, decideSetAlertRule, decideSubscribeWebhook, decideUnsubscribeWebhook, deliveryStates, dueAlerts, retryAtAfter, type AlertSubject, type RecipientDirectory } from './alert.rules.js';
import { evolve, initialState, type AlertingState, type AlertRule } from './alerting.state.js';

const rule = (ruleId: string, kind: AlertRule['kind'], hours: number | null, recipients: AlertRule['recipients']): AlertRule => ({ ruleId, kind, hours, recipients, enabled: true, source: 'configuration' });
const CONFIGURED: AlertRule[] = [
  rule('breach-registered', 'breach-registered', null, ['fg']),
  rule('breach-at-risk-24h', 'breach-at-risk', 24, ['privacy-officers', 'fg']),
  rule('breach-overdue', 'breach-overdue', null, ['privacy-officers', 'fg', 'cpo']),
  rule('dpo-not-informed-24h', 'dpo-not-informed', 24, ['privacy-officers', 'cpo']),
  rule('inquiry-answer-due-48h', 'inquiry-answer-due', 48, ['fg']),
  rule('recommendation-due-0h', 'recommendation-due', 0, ['privacy-officers']),
];
const DIRECTORY: RecipientDirectory = { fg: ['fg@g.example'], cpo: ['cpo@g.example'], privacyOfficers: { SZW: ['szw@g.example'], '*': ['ecp@g.example'] } };
const HOUR = 3_600_000;
const AWARE = '2026-12-04T15:00:00.000Z';
const plus = (hours: number) => new Date(Date.parse(AWARE) + hours * HOUR).toISOString();

const breach = (overrides: Partial<Extract<AlertSubject, { type: 'breach' }>> = {}): AlertSubject => ({
  type: 'breach',
  id: 'b1',
  dienst: 'SZW',
  title: 'Letter to the wrong address',
  awareAt: AWARE,
  registeredAt: AWARE,
  deadline: plus(72),
  awaitingReport: true,
  dpoInformed: false,
  closed: false,
  imported: false,
  ...overrides,
});

const given = (...events: AlertingConfigEvent[]): AlertingState => events.reduce(evolve, initialState());
const due = (subjects: AlertSubject[], now: string, state = given(), catchUpHours = 72) => dueAlerts(subjects, CONFIGURED, state, DIRECTORY, { now, catchUpMs: catchUpHours * HOUR });
const summary = (deliveries: AlertDelivery[]) => deliveries.map((d) => `${d.ruleId} → ${d.recipient.channel === 'email' ? d.recipient.address : d.recipient.subscriptionId}`);
const refusal = (act: () => unknown) => {
  try {
    act();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error('not refused');
};

describe('what is due', () => {
  it('warns the FG at registration, and nothing else before the first threshold', () => {
    expect(summary(due([breach()], plus(1)))).toEqual(['breach-registered → fg@g.example']);
  });

  it('adds the FG-not-informed escalation 24 hours after awareness, and the at-risk warning 24 hours before the deadline, to the officers of the dienst', () => {
    expect(summary(due([breach()], plus(48)))).toEqual(
      expect.arrayContaining(['dpo-not-informed-24h → szw@g.example', 'dpo-not-informed-24h → cpo@g.example', 'breach-at-risk-24h → szw@g.example', 'breach-at-risk-24h → fg@g.example']),
    );
  });

  it('falls back to the officers under * for a dienst without its own', () => {
    expect(summary(due([breach({ dienst: 'OCW' })], plus(48)))).toContain('breach-at-risk-24h → ecp@g.example');
  });

  it('stays silent on a breach reported, or assessed not reportable, and on one whose FG was informed', () => {
    const settled = breach({ awaitingReport: false, dpoInformed: true });
    expect(summary(due([settled], plus(60)))).toEqual(['breach-registered → fg@g.example']);
  });

  it('lets the overdue alert speak once the deadline has passed, not the at-risk one that fell due after it was missed', () => {
    const lateRegistration = breach({ registeredAt: plus(73) });
    expect(summary(due([lateRegistration], plus(73))).filter((line) => line.startsWith('breach-at-risk'))).toEqual([]);
    expect(summary(due([lateRegistration], plus(73)))).toEqual(expect.arrayContaining(['breach-overdue → szw@g.example', 'breach-overdue → cpo@g.example']));
  });

  it('sends nothing that fell due longer ago than the catch-up window, and nothing about imported history', () => {
    expect(summary(due([breach()], plus(80), given(), 12)).sort()).toEqual(['breach-overdue → cpo@g.example', 'breach-overdue → fg@g.example', 'breach-overdue → szw@g.example']);
    expect(due([breach({ imported: true })], plus(80))).toEqual([]);
  });

  it('mails an address once, even when it stands under two roles', () => {
    const shared: RecipientDirectory = { ...DIRECTORY, fg: ['privacy@g.example'], cpo: ['privacy@g.example'], privacyOfficers: { '*': ['privacy@g.example'] } };
    expect(dueAlerts([breach()], CONFIGURED, given(), shared, { now: plus(72), catchUpMs: HOUR }).filter((d) => d.ruleId === 'breach-overdue')).toHaveLength(1);
  });

  it('sends to each active webhook subscription that takes the rule', () => {
    const state = given(
      { type: 'WebhookSubscribed', data: { subscriptionId: 'all', url: 'https://a.example/h', ruleIds: null, personalData: false, description: '' } },
      { type: 'WebhookSubscribed', data: { subscriptionId: 'overdue-only', url: 'https://b.example/h', ruleIds: ['breach-overdue'], personalData: false, description: '' } },
      { type: 'WebhookSubscribed', data: { subscriptionId: 'gone', url: 'https://c.example/h', ruleIds: null, personalData: false, description: '' } },
      { type: 'WebhookUnsubscribed', data: { subscriptionId: 'gone', reason: 'replaced' } },
    );
    expect(summary(due([breach()], plus(1), state))).toEqual(expect.arrayContaining(['breach-registered → fg@g.example', 'breach-registered → all']));
    expect(summary(due([breach()], plus(1), state))).toHaveLength(2);
    expect(summary(due([breach()], plus(72), state)).filter((line) => line.endsWith('overdue-only'))).toEqual(['breach-overdue → overdue-only']);
  });

  it('follows a rule replaced or switched off through the admin API', () => {
    const state = given({ type: 'AlertRuleSet', data: { ruleId: 'breach-registered', kind: 'breach-registered', hours: null, recipients: ['fg', 'cpo'], enabled: true, reason: 'the CPO wants to know too' } });
    expect(summary(due([breach()], plus(1), state)).sort()).toEqual(['breach-registered → cpo@g.example', 'breach-registered → fg@g.example']);
    const off = given({ type: 'AlertRuleSet', data: { ruleId: 'breach-registered', kind: 'breach-registered', hours: null, recipients: ['fg'], enabled: false, reason: 'FG asked' } });
    expect(due([breach()], plus(1), off)).toEqual([]);
  });

  it('warns before an inquiry\'s answer deadline while it is unanswered, and when a recommendation falls due', () => {
    const inquiry: AlertSubject = { type: 'inquiry', id: 'i1', apReference: 'AP-1', answerDueAt: plus(100), awaitingAnswer: true };
    expect(summary(due([inquiry], plus(52)))).toEqual(['inquiry-answer-due-48h → fg@g.example']);
    expect(due([{ ...inquiry, awaitingAnswer: false }], plus(52))).toEqual([]);
    const recommendation: AlertSubject = { type: 'recommendation', id: 'r1', auditId: 'a1', dienst: 'SZW', dueAt: plus(10), implemented: false };
    expect(summary(due([recommendation], plus(10)))).toEqual(['recommendation-due-0h → szw@g.example']);
  });

  it('gives each delivery one id, the same every time it is computed, and another for another recipient or moment', () => {
    const [first] = due([breach()], plus(1));
    const [again] = due([breach()], plus(2));
    expect(first?.alertId).toBe(again?.alertId);
    const to = (address: string) => ({ channel: 'email' as const, role: 'fg' as const, address });
    expect(alertIdOf('r', { type: 'breach', id: 'b1' }, AWARE, to('a@g.example'))).not.toBe(alertIdOf('r', { type: 'breach', id: 'b1' }, AWARE, to('b@g.example')));
    expect(alertIdOf('r', { type: 'breach', id: 'b1' }, AWARE, to('a@g.example'))).not.toBe(alertIdOf('r', { type: 'breach', id: 'b1' }, plus(1), to('a@g.example')));
  });
});

describe('retries', () => {
  const policy = { maxAttempts: 4, baseMs: 30_000, maxDelayMs: 90_000 };
  const [delivery] = due([breach()], plus(1)) as [AlertDelivery];

  it('waits twice as long after each failed attempt, up to the cap', () => {
    expect([1, 2, 3, 4].map((attempt) => retryAtAfter(AWARE, attempt, policy))).toEqual([plus(30 / 3600), plus(60 / 3600), plus(90 / 3600), plus(90 / 3600)]);
  });

  it('gives up when the attempts are spent', () => {
    const failed = [1, 2, 3].reduce<ReturnType<typeof afterFailure>[]>((events, n) => [...events, afterFailure(delivery, deliveryStates(events).get(delivery.alertId), plus(n), 'HTTP 503', policy)], []);
    expect(failed.map((event) => event.type)).toEqual(['AlertAttemptFailed', 'AlertAttemptFailed', 'AlertAttemptFailed']);
    const last = afterFailure(delivery, deliveryStates(failed).get(delivery.alertId), plus(4), 'HTTP 503', policy);
    expect(last).toMatchObject({ type: 'AlertFailed', data: { attempts: 4, error: 'HTTP 503' } });
  });

  it('attempts a delivery never tried, or one whose wait is over; never one sent or given up', () => {
    const failure = afterFailure(delivery, undefined, AWARE, 'timeout', policy);
    const state = deliveryStates([failure]).get(delivery.alertId);
    expect([attemptDue(undefined, AWARE), attemptDue(state, plus(0.001)), attemptDue(state, plus(1))]).toEqual([true, false, true]);
    const sent = deliveryStates([failure, { type: 'AlertSent', data: { ...delivery, sentAt: plus(1), attempt: 2 } }, failure]).get(delivery.alertId);
    expect(sent).toEqual({ status: 'sent', attempts: 2, at: plus(1) });
    expect(attemptDue(sent, plus(5))).toBe(false);
  });
});

describe('the admin commands', () => {
  const set = (overrides: Partial<Parameters<typeof decideSetAlertRule>[0]> = {}, state = given()) =>
    decideSetAlertRule({ ruleId: 'breach-at-risk-12h', kind: 'breach-at-risk', hours: 12, recipients: ['fg'], enabled: true, reason: 'halfway the last day', ...overrides }, state, CONFIGURED);

  it('records a new rule with its reason', () => {
    expect(set()).toEqual([{ type: 'AlertRuleSet', data: { ruleId: 'breach-at-risk-12h', kind: 'breach-at-risk', hours: 12, recipients: ['fg'], enabled: true, reason: 'halfway the last day' } }]);
  });

  it('refuses hours a kind does not take or needs, out of range, a changed kind, no change and no reason', () => {
    expect(refusal(() => set({ ruleId: 'x', kind: 'breach-overdue', hours: 3 }))).toBe('alert-rule-hours-not-applicable');
    expect(refusal(() => set({ hours: null }))).toBe('alert-rule-requires-hours');
    expect(refusal(() => set({ hours: 72 }))).toBe('alert-rule-hours-out-of-range');
    expect(refusal(() => set({ ruleId: 'breach-registered' }))).toBe('alert-rule-kind-fixed');
    expect(refusal(() => set({ ruleId: 'breach-at-risk-24h', hours: 24, recipients: ['privacy-officers', 'fg'] }))).toBe('alert-rule-unchanged');
    expect(refusal(() => set({ reason: '  ' }))).toBe('alert-rule-requires-reason');
  });

  it('subscribes a webhook over https only (unless allowed), to rules that exist, without credentials, a query or a fragment in the URL', () => {
    const subscribe = (url: string, ruleIds: string[] | null = null, allowHttp = false) => decideSubscribeWebhook({ subscriptionId: 's1', url, ruleIds, personalData: false, description: '' }, given(), CONFIGURED, allowHttp);
    expect(subscribe('https://hooks.example/a')[0]?.type).toBe('WebhookSubscribed');
    expect(refusal(() => subscribe('http://hooks.example/a'))).toBe('webhook-url-not-https');
    expect(subscribe('http://hooks.example/a', null, true)).toHaveLength(1);
    expect(refusal(() => subscribe('https://user:pw@hooks.example/a'))).toBe('webhook-url-invalid');
    expect(refusal(() => subscribe('not a url'))).toBe('webhook-url-invalid');
    expect(refusal(() => subscribe('https://hooks.example/a?token=s3cret'))).toBe('webhook-url-invalid');
    expect(refusal(() => subscribe('https://hooks.example/a#s3cret'))).toBe('webhook-url-invalid');
    expect(refusal(() => subscribe('https://hooks.example/a', ['no-such-rule']))).toBe('unknown-alert-rule');
  });

  it('rotates a secret to the next generation, and cancels with a reason; nothing on a cancelled subscription', () => {
    const state = given({ type: 'WebhookSubscribed', data: { subscriptionId: 's1', url: 'https://a.example/h', ruleIds: null, personalData: false, description: '' } });
    expect(decideRotateWebhookSecret('s1', state)).toEqual([{ type: 'WebhookSecretRotated', data: { subscriptionId: 's1', generation: 2 } }]);
    expect(refusal(() => decideRotateWebhookSecret('s2', state))).toBe('webhook-subscription-not-found');
    expect(refusal(() => decideUnsubscribeWebhook('s1', '', state))).toBe('unsubscription-requires-reason');
    const cancelled = evolve(state, decideUnsubscribeWebhook('s1', 'replaced', state)[0] as AlertingConfigEvent);
    expect(refusal(() => decideRotateWebhookSecret('s1', cancelled))).toBe('webhook-unsubscribed');
  });
});
