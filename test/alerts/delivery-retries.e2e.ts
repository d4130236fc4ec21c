import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { AlertScheduler } from '../../src/alerts/delivery/alert-scheduler.js';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';
import { FixedClock } from '../../src/shared/clock.js';
import { eventually } from '../support/eventually.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

const T0 = '2026-12-01T09:00:00.000Z';
const later = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();

/** Failed attempts are retried with exponential backoff (30 s, 60 s, 120 s, …), each recorded; spent attempts end in the dead letters. */
describe('alert delivery retries', () => {
  let smtp: SmtpSink;
  let receiver: WebhookReceiver;
  let test: TestApp;
  const clock = new FixedClock(T0);

  const start = async (env: NodeJS.ProcessEnv = {}) => {
    test = await startTestApp({
      clock,
      env: { ...smtp.env(), ALERT_FG_EMAILS: 'fg@gemeente.example', ALERT_WEBHOOK_ALLOW_HTTP: 'true', ALERT_POLL_MS: '3600000', ALERT_RETRY_BASE_SECONDS: '30', ...env },
    });
    const subscribed = await test.as('admin').post('/alerts/webhooks', { url: receiver.url, ruleIds: ['breach-registered'] });
    expect(subscribed.status).toBe(201);
    receiver.secret = subscribed.body.secret as string;
  };
  beforeEach(async () => {
    clock.set(T0);
    smtp = await SmtpSink.start();
    receiver = await WebhookReceiver.start();
  });
  afterEach(async () => {
    await test.dispose();
    await receiver.close();
    await smtp.close();
  });

  const tickAt = async (seconds: number) => {
    clock.set(later(seconds));
    await test.app.get(AlertScheduler).tick();
  };
  const attempts = async (breachId: string, channel: string) =>
    (await test.app.get<EventStore>(EVENT_STORE).readStream(`alert-${breachId}`))
      .filter((event) => (event.data.recipient as { channel: string }).channel === channel)
      .map((event) => ({ type: event.type, at: event.data.sentAt ?? event.data.failedAt, retryAt: event.data.retryAt, attempt: event.data.attempt ?? event.data.attempts }));

  it('gets the alert to a receiver that fails three times, after 30, 60 and 120 seconds, under one webhook-id', async () => {
    await start();
    receiver.failNext = 3;
    const breachId = await test.as('privacy-officer').register({ awareAt: '2026-12-01T09:00:00Z' });
    await tickAt(0);
    expect(receiver.requests).toBe(1);
    await tickAt(29); // the backoff has not passed: no attempt
    expect(receiver.requests).toBe(1);
    await tickAt(30);
    expect(receiver.requests).toBe(2);
    await tickAt(89);
    expect(receiver.requests).toBe(2);
    await tickAt(90);
    await tickAt(209);
    expect(receiver.requests).toBe(3);
    await tickAt(210);
    expect(receiver.requests).toBe(4);
    await tickAt(400);
    expect(receiver.requests).toBe(4);
    expect(receiver.received).toHaveLength(1);
    expect(await attempts(breachId, 'webhook')).toEqual([
      { type: 'AlertAttemptFailed', at: later(0), retryAt: later(30), attempt: 1 },
      { type: 'AlertAttemptFailed', at: later(30), retryAt: later(90), attempt: 2 },
      { type: 'AlertAttemptFailed', at: later(90), retryAt: later(210), attempt: 3 },
      { type: 'AlertSent', at: later(210), retryAt: undefined, attempt: 4 },
    ]);
    const listed = await eventually(() => test.as('dpo').get(`/alerts?subjectId=${breachId}&minPosition=0`), (response) => response.body.total === 2 && (response.body.items as { status: string }[]).every((item) => item.status === 'sent'));
    const webhook = (listed.body.items as { channel: string; attempts: number; lastError: string }[]).find((item) => item.channel === 'webhook');
    expect(webhook).toMatchObject({ attempts: 4, lastError: 'webhook: HTTP 503' });
  });

  it('retries a mail the SMTP server refuses for now (451)', async () => {
    await start();
    smtp.refuseNext = 1;
    const breachId = await test.as('privacy-officer').register({ awareAt: '2026-12-01T09:00:00Z' });
    await tickAt(0);
    expect(smtp.mails).toHaveLength(0);
    await tickAt(30);
    expect(smtp.mails.map((mail) => mail.to)).toEqual([['fg@gemeente.example']]);
    expect((await attempts(breachId, 'email')).map((attempt) => attempt.type)).toEqual(['AlertAttemptFailed', 'AlertSent']);
  });

  it('gives up after ALERT_MAX_ATTEMPTS and shows the delivery among the dead letters, never to try it again', async () => {
    await start({ ALERT_MAX_ATTEMPTS: '3' });
    receiver.failNext = 100;
    const breachId = await test.as('privacy-officer').register({ awareAt: '2026-12-01T09:00:00Z' });
    for (const seconds of [0, 30, 90, 210, 450, 1000]) await tickAt(seconds);
    expect(receiver.requests).toBe(3);
    expect((await attempts(breachId, 'webhook')).map((attempt) => attempt.type)).toEqual(['AlertAttemptFailed', 'AlertAttemptFailed', 'AlertFailed']);
    const dead = await eventually(() => test.as('auditor').get('/alerts/dead-letters'), (response) => response.body.total === 1);
    expect(dead.body.items).toEqual([expect.objectContaining({ subjectId: breachId, ruleId: 'breach-registered', channel: 'webhook', status: 'failed', attempts: 3, lastError: 'webhook: HTTP 503', failedAt: later(90) })]);
  });

  it('signs with the new secret once rotated; a receiver holding the old one refuses', async () => {
    await start();
    const listed = await test.as('admin').get('/alerts/webhooks');
    const subscription = (listed.body.subscriptions as { subscriptionId: string; secret: string }[])[0];
    expect(subscription?.secret).toMatch(/^whsec_.{4}…$/);
    expect(subscription?.secret).not.toBe(receiver.secret);
    const rotated = await test.as('admin').post(`/alerts/webhooks/${subscription?.subscriptionId}/secret-rotations`, {});
    expect(rotated.status).toBe(201);
    expect(rotated.body.secret).not.toBe(receiver.secret);
    await test.as('privacy-officer').register({ awareAt: '2026-12-01T09:00:00Z' });
    await tickAt(0);
    expect(receiver.rejected).toBe(1);
    receiver.secret = rotated.body.secret as string;
    await tickAt(30);
    expect(receiver.received).toHaveLength(1);
  });
});
