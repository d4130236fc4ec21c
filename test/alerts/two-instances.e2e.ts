import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { AlertScheduler, DELIVERY_LEASE } from '../../src/alerts/delivery/alert-scheduler.js';
import { DOCUMENT_STORE, type DocumentStore } from '../../src/read-store/document-store.port.js';
import { EVENT_STORE, type EventStore, type NewEvent } from '../../src/event-store/event-store.port.js';
import { FixedClock } from '../../src/shared/clock.js';
import { eventually } from '../support/eventually.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { tempDir } from '../support/temp-dir.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

const T0 = '2026-12-01T09:00:00.000Z';
const HOUR = 3_600_000;
const at = (hours: number) => new Date(Date.parse(T0) + hours * HOUR).toISOString();

/**
 * Two instances of the service on one data folder (one log, one read store, so one delivery
 * lease), both polling every 50 ms: every alert is delivered, and none twice. When the holder
 * stops, the other takes over.
 */
describe('two instances on one data folder', () => {
  let smtp: SmtpSink;
  let receiver: WebhookReceiver;
  const dir = tempDir();
  const dataDir = join(dir.path, 'data');
  const clock = new FixedClock(T0);
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    receiver = await WebhookReceiver.start();
    const env = (id: string) => ({
      ...smtp.env(),
      INSTANCE_ID: id,
      ALERT_FG_EMAILS: 'fg@gemeente.example',
      ALERT_PRIVACY_OFFICER_EMAILS: '*=ecp@gemeente.example',
      ALERT_WEBHOOK_ALLOW_HTTP: 'true',
      ALERT_POLL_MS: '50',
    });
    a = await startTestApp({ clock, env: env('instance-a'), dataDir });
    b = await startTestApp({ clock, env: env('instance-b'), dataDir });
    const subscribed = await a.as('cpo').post('/alerts/webhooks', { url: receiver.url, personalData: true });
    receiver.secret = subscribed.body.secret as string;
  });
  afterAll(async () => {
    await b.dispose();
    await a.dispose();
    dir.remove();
    await receiver.close();
    await smtp.close();
  });

  const settle = () => new Promise((resolve) => setTimeout(resolve, 600));
  const alertIds = () => smtp.mails.map((mail) => mail.alertId);

  it('delivers each alert once between them, and the other instance takes over when the holder stops', async () => {
    const breaches = [];
    for (const dienst of ['SZW', 'OCW', 'DSO']) breaches.push(await a.as('privacy-officer').register({ dienst, awareAt: T0 }));
    // registered (FG); the FG not informed 24 h after awareness (ECP); 24 h and 6 h left (ECP, FG); overdue (ECP, FG, and no CPO configured).
    const expected = { 0: 3, 24: 3 + 3, 48: 6 + 6, 66: 12 + 6, 72: 18 + 6 } as const;
    let live = a;
    for (const [hours, count] of Object.entries(expected)) {
      clock.set(at(Number(hours)));
      await eventually(async () => smtp.mails.length, (n) => n >= count);
      await settle();
      expect({ hours, mails: smtp.mails.length }).toEqual({ hours, mails: count });
      if (Number(hours) === 24) {
        // The holder stops (releasing its lease); the other instance goes on alone.
        const holder = (await a.app.get<DocumentStore>(DOCUMENT_STORE).lease(DELIVERY_LEASE))?.holder;
        expect(holder).toMatch(/^instance-[ab]$/);
        live = holder === 'instance-a' ? b : a;
        await (holder === 'instance-a' ? a : b).app.close();
      }
    }
    expect(new Set(alertIds()).size).toBe(alertIds().length);
    expect(receiver.received.length).toBe(receiver.unique().length);
    expect(receiver.unique()).toHaveLength(3 * 5);
    expect(receiver.received[0]?.payload.data.title).toBe('Decision letter sent to the wrong address');
    const events = live.app.get<EventStore>(EVENT_STORE);
    const sent = (await Promise.all(breaches.map((id) => events.readStream(`alert-${id}`)))).flat().filter((event) => event.type === 'AlertSent');
    expect(sent).toHaveLength(smtp.mails.length + receiver.unique().length);
    expect(new Set(sent.map((event) => event.data.alertId)).size).toBe(sent.length);
  });
});

/** At least once: a delivery whose record was lost (a crash between sending and recording) goes out again under the same id. */
describe('a delivery sent but not recorded', () => {
  it('is sent again under the same idempotency id until its record lands, and recorded once', async () => {
    const smtp = await SmtpSink.start();
    const receiver = await WebhookReceiver.start();
    const clock = new FixedClock(T0);
    const test = await startTestApp({ clock, env: { ...smtp.env(), ALERT_FG_EMAILS: 'fg@gemeente.example', ALERT_WEBHOOK_ALLOW_HTTP: 'true', ALERT_POLL_MS: '3600000' } });
    try {
      receiver.secret = (await test.as('admin').post('/alerts/webhooks', { url: receiver.url })).body.secret as string;
      const breachId = await test.as('privacy-officer').register({ awareAt: T0 });
      const events = test.app.get<EventStore>(EVENT_STORE);
      const append = events.append.bind(events);
      let lost = 0;
      events.append = async (streamId: string, batch: readonly NewEvent[], options) => {
        if (streamId.startsWith('alert-') && lost < 2) {
          lost += 1;
          throw new Error('the process died before the record reached the disk');
        }
        return append(streamId, batch, options);
      };
      const scheduler = test.app.get(AlertScheduler);
      await scheduler.tick();
      await scheduler.tick();
      await scheduler.tick();
      // The pass stops at the first record that fails: the delivery it began with (mail or webhook,
      // whichever id sorts first) goes out three times under one id, the other once, in the third pass.
      const sends = [...smtp.mails.map((mail) => mail.alertId), ...receiver.received.map((hook) => hook.id)];
      const counts = [...new Set(sends)].map((id) => sends.filter((sent) => sent === id).length).sort();
      expect(counts).toEqual([1, 3]);
      expect(receiver.unique()).toHaveLength(1);
      const recorded = await events.readStream(`alert-${breachId}`);
      expect(recorded.map((event) => event.type)).toEqual(['AlertSent', 'AlertSent']);
      expect(new Set(recorded.map((event) => event.data.alertId))).toEqual(new Set(sends));
    } finally {
      await test.dispose();
      await receiver.close();
      await smtp.close();
    }
  });
});
