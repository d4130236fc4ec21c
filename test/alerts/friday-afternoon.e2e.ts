import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AlertScheduler } from '../../src/alerts/delivery/alert-scheduler.js';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';
import { FixedClock } from '../../src/shared/clock.js';
import { eventually } from '../support/eventually.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

/*
 * The scenario: a breach registered on a Friday at 16:00 (Amsterdam, CET: 15:00Z) with
 * the default rules. Deadline: Monday 16:00. Expected, and nothing else:
 *   Fri 16:00  breach-registered    → the FG
 *   Sun 16:00  breach-at-risk-24h   → the SZW privacy officer and the FG (the service is down then: sent once on start, Sun 18:00)
 *   Mon 10:00  breach-at-risk-6h    → the SZW privacy officer and the FG
 *   Mon 16:00  breach-overdue       → the SZW privacy officer, the FG and the CPO
 * and each of them to the webhook, without the breach's title. The FG is informed at 16:30, so
 * the dpo-not-informed-24h rule stays silent.
 */
const FRIDAY_1600 = '2026-12-04T15:00:00.000Z';
const FG = 'fg@gemeente.example';
const CPO = 'cpo@gemeente.example';
const OFFICER = 'privacy.szw@gemeente.example';
const TITLE = 'Besluit naar verkeerd adres gestuurd';

describe('a breach registered on a Friday at 16:00', () => {
  let smtp: SmtpSink;
  let receiver: WebhookReceiver;
  let first: TestApp;
  let second: TestApp | undefined;
  const clock = new FixedClock(FRIDAY_1600);
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    receiver = await WebhookReceiver.start();
    env = {
      ...smtp.env(),
      ALERT_FG_EMAILS: FG,
      ALERT_CPO_EMAILS: CPO,
      ALERT_PRIVACY_OFFICER_EMAILS: `SZW=${OFFICER};*=ecp@gemeente.example`,
      ALERT_WEBHOOK_ALLOW_HTTP: 'true',
      // The test drives every pass itself (tick), except the one at start.
      ALERT_POLL_MS: '3600000',
    };
    first = await startTestApp({ clock, env });
  });
  afterAll(async () => {
    await second?.dispose();
    await first.dispose();
    await receiver.close();
    await smtp.close();
  });

  const mails = () => smtp.mails.map((mail) => ({ to: mail.to.join(','), ruleId: mail.ruleId }));
  const hooks = () => receiver.unique().map((hook) => hook.payload.data.ruleId);

  it('warns the FG at registration, the officers and the FG 24 and 6 hours before the deadline (across a restart), and escalates to the CPO when it passes', async () => {
    const cpo = first.as('cpo');
    const subscribed = await cpo.post('/alerts/webhooks', { url: receiver.url, description: 'officers channel' });
    expect(subscribed.status).toBe(201);
    expect(subscribed.body.secret).toEqual(expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/));
    receiver.secret = subscribed.body.secret as string;

    const officer = first.as('privacy-officer');
    const breachId = await officer.register({ title: TITLE, dienst: 'SZW', awareAt: '2026-12-04T16:00:00+01:00', occurredFrom: '2026-12-04T09:00:00+01:00', occurredTo: '2026-12-04T09:00:00+01:00' });
    const scheduler = () => (second ?? first).app.get(AlertScheduler);

    await scheduler().tick();
    expect(mails()).toEqual([{ to: FG, ruleId: 'breach-registered' }]);
    const [registered] = smtp.mails;
    expect(registered).toMatchObject({ secure: true, user: smtp.user, subject: `Datalek geregistreerd: "${TITLE}" (SZW)` });
    expect(registered?.text).toContain('maandag 7 december 2026 om 16:00');
    expect(registered?.messageId).toBe(`<${registered?.alertId}@privacy-ledger>`);
    expect(hooks()).toEqual(['breach-registered']);
    // The webhook may not carry personal data: no title, anywhere in what it received.
    expect(JSON.stringify(receiver.received[0]?.payload)).not.toContain(TITLE);
    expect(receiver.received[0]?.payload).toMatchObject({ type: 'alert.breach-registered', data: { subject: { type: 'breach', id: breachId }, dienst: 'SZW', deadline: '2026-12-07T15:00:00.000Z' } });

    clock.set('2026-12-04T15:30:00.000Z');
    expect((await officer.post(`/breaches/${breachId}/dpo-notifications`, { informedAt: '2026-12-04T16:30:00+01:00', informedBy: 'privacy officer SZW' })).status).toBe(201);

    // Saturday 16:00: 24 hours after awareness, but the FG was informed: nothing.
    clock.set('2026-12-05T15:05:00.000Z');
    await scheduler().tick();
    expect(mails()).toHaveLength(1);

    // The service is down from Saturday evening to Sunday 18:00; the T-24h alert fell due at Sunday 16:00.
    await first.app.close();
    clock.set('2026-12-06T17:00:00.000Z');
    second = await startTestApp({ clock, env, dataDir: first.dataDir });
    await eventually(async () => mails().length, (count) => count === 3);
    expect(mails().slice(1)).toEqual(expect.arrayContaining([{ to: OFFICER, ruleId: 'breach-at-risk-24h' }, { to: FG, ruleId: 'breach-at-risk-24h' }]));
    expect(smtp.mails[1]?.subject).toBe(`Nog 24 uur om datalek te melden: "${TITLE}" (SZW)`);
    await scheduler().tick();
    expect(mails()).toHaveLength(3);

    // Monday 09:59: not yet; 10:00: six hours left.
    clock.set('2026-12-07T08:59:00.000Z');
    await scheduler().tick();
    expect(mails()).toHaveLength(3);
    clock.set('2026-12-07T09:00:00.000Z');
    await scheduler().tick();
    expect(mails().slice(3)).toEqual(expect.arrayContaining([{ to: OFFICER, ruleId: 'breach-at-risk-6h' }, { to: FG, ruleId: 'breach-at-risk-6h' }]));
    expect(mails()).toHaveLength(5);

    // Monday 16:00: the deadline passes unreported: the CPO hears of it too.
    clock.set('2026-12-07T15:00:00.000Z');
    await scheduler().tick();
    expect(mails().slice(5)).toEqual(expect.arrayContaining([{ to: OFFICER, ruleId: 'breach-overdue' }, { to: FG, ruleId: 'breach-overdue' }, { to: CPO, ruleId: 'breach-overdue' }]));
    expect(mails()).toHaveLength(8);

    // Reported late on Monday evening; nothing more follows.
    const late = second.as('privacy-officer');
    clock.set('2026-12-07T17:00:00.000Z');
    const reported = await late.post(`/breaches/${breachId}/ap-reports`, { reportedAt: '2026-12-07T18:00:00+01:00', apReference: 'M-2026-1204', phase: 'preliminary', lateReason: { code: 'staff-unavailable', explanation: 'Weekend.' } });
    expect(reported.status).toBe(201);
    clock.set('2026-12-09T12:00:00.000Z');
    await scheduler().tick();
    expect(mails()).toHaveLength(8);

    // Each alert once over the webhook too, never a second time, every delivery verified by the published library.
    expect(hooks()).toEqual(['breach-registered', 'breach-at-risk-24h', 'breach-at-risk-6h', 'breach-overdue']);
    expect(receiver.received).toHaveLength(4);
    expect(receiver.rejected).toBe(0);

    // The evidence: AlertSent events in alert-<breachId>, the timeline and GET /alerts.
    const events = second.app.get<EventStore>(EVENT_STORE);
    const sent = (await events.readStream(`alert-${breachId}`)).map((event) => ({ type: event.type, ruleId: event.data.ruleId, channel: (event.data.recipient as { channel: string }).channel, sentAt: event.data.sentAt }));
    expect(sent.every((event) => event.type === 'AlertSent')).toBe(true);
    expect(sent).toHaveLength(12);
    const sentAt = (ruleId: string) => [...new Set(sent.filter((event) => event.ruleId === ruleId).map((event) => event.sentAt))];
    expect(sentAt('breach-registered')).toEqual([FRIDAY_1600]);
    expect(sentAt('breach-at-risk-24h')).toEqual(['2026-12-06T17:00:00.000Z']);
    expect(sentAt('breach-at-risk-6h')).toEqual(['2026-12-07T09:00:00.000Z']);
    expect(sentAt('breach-overdue')).toEqual(['2026-12-07T15:00:00.000Z']);

    const timeline = await eventually(
      () => second!.as('dpo').get(`/breaches/${breachId}`),
      (response) => (response.body.alerts as unknown[] | undefined)?.length === 12,
    );
    const alerts = timeline.body.alerts as { ruleId: string; dueAt: string; sentAt: string; status: string; recipient: { channel: string; address?: string } }[];
    expect(alerts.every((alert) => alert.status === 'sent')).toBe(true);
    expect(alerts.filter((alert) => alert.ruleId === 'breach-at-risk-24h').map((alert) => [alert.dueAt, alert.sentAt])[0]).toEqual(['2026-12-06T15:00:00.000Z', '2026-12-06T17:00:00.000Z']);
    const listed = await second.as('auditor').get(`/alerts?subjectId=${breachId}&status=sent`);
    expect(listed.status).toBe(200);
    expect(listed.body.total).toBe(12);
    // As it stood on Saturday evening: only the registration's mail and webhook.
    const saturday = await second.as('auditor').get(`/alerts?subjectId=${breachId}&asOf=2026-12-05T20:00:00Z`);
    expect(saturday.body).toMatchObject({ total: 2, asOf: '2026-12-05T20:00:00.000Z' });
  });
});
