import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { AlertScheduler } from '../../src/alerts/delivery/alert-scheduler.js';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';
import { FixedClock } from '../../src/shared/clock.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

const T0 = '2026-06-01T08:00:00.000Z';

/** The admin API of the alerts: rules and subscriptions, who may set them, what is refused; and the alerts beyond breaches. */
describe('alert rules and subscriptions', () => {
  let smtp: SmtpSink;
  let receiver: WebhookReceiver;
  let test: TestApp;
  const clock = new FixedClock(T0);
  const rule = { ruleId: 'breach-at-risk-12h', kind: 'breach-at-risk', hours: 12, recipients: ['privacy-officers'], enabled: true, reason: 'Halfway through the last day.' };

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    receiver = await WebhookReceiver.start();
    test = await startTestApp({
      clock,
      env: { ...smtp.env(), ALERT_FG_EMAILS: 'fg@gemeente.example', ALERT_CPO_EMAILS: 'cpo@gemeente.example', ALERT_PRIVACY_OFFICER_EMAILS: 'DSB=dsb@gemeente.example;*=ecp@gemeente.example', ALERT_WEBHOOK_ALLOW_HTTP: 'true', ALERT_POLL_MS: '3600000', ALERT_EMAIL_PERSONAL_DATA: 'false' },
    });
  });
  afterAll(async () => {
    await test.dispose();
    await receiver.close();
    await smtp.close();
  });
  const head = () => test.app.get<EventStore>(EVENT_STORE).headPosition();

  it('lets the CPO and an admin set rules and subscriptions; the officers, the FG and auditors only read the rules', async () => {
    expect((await test.as('privacy-officer').post('/alerts/rules', rule)).status).toBe(403);
    expect((await test.as('dpo').post('/alerts/webhooks', { url: receiver.url })).status).toBe(403);
    expect((await test.as('auditor').get('/alerts/webhooks')).status).toBe(403);
    expect((await test.as('app').get('/alerts')).status).toBe(403);
    const listed = await test.as('privacy-officer').get('/alerts/rules');
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ language: 'nl', smtp: true, emailPersonalData: false, recipients: { fg: ['fg@gemeente.example'] } });
  });

  it('records a rule with its reason and actor, and shows it among the rules in force', async () => {
    const set = await test.as('cpo').post('/alerts/rules', rule, { 'idempotency-key': 'rule-12h' });
    expect(set.status).toBe(201);
    const events = await test.app.get<EventStore>(EVENT_STORE).readStream('alerting-config');
    expect(events.at(-1)).toMatchObject({ type: 'AlertRuleSet', data: rule, metadata: { actor: { id: test.actors.cpo, role: 'cpo' } } });
    const again = await test.as('cpo').post('/alerts/rules', rule, { 'idempotency-key': 'rule-12h' });
    expect(again.headers['idempotent-replayed']).toBe('true');
    const rules = (await test.as('dpo').get('/alerts/rules')).body.rules as { ruleId: string; source: string }[];
    expect(rules.find((r) => r.ruleId === 'breach-at-risk-12h')).toMatchObject({ source: 'admin', hours: 12 });
    expect(rules.find((r) => r.ruleId === 'breach-registered')).toMatchObject({ source: 'configuration' });
  });

  it('refuses bad rules and subscriptions with a code, appending nothing', async () => {
    const before = await head();
    const refusals = [
      [await test.as('cpo').post('/alerts/rules', { ...rule, hours: 80 }), 422, 'alert-rule-hours-out-of-range'],
      [await test.as('cpo').post('/alerts/rules', { ...rule, ruleId: 'breach-overdue', kind: 'breach-overdue', hours: null, recipients: ['privacy-officers', 'fg', 'cpo'] }), 422, 'alert-rule-unchanged'],
      [await test.as('cpo').post('/alerts/rules', { ...rule, ruleId: 'breach-registered' }), 422, 'alert-rule-kind-fixed'],
      [await test.as('cpo').post('/alerts/rules', { ...rule, kind: 'something' }), 400, 'validation-failed'],
      [await test.as('cpo').post('/alerts/rules', { ...rule, ruleId: 'Bad Id' }), 400, 'validation-failed'],
      [await test.as('cpo').post('/alerts/webhooks', { url: 'https://hooks.example/x', ruleIds: ['no-such-rule'] }), 422, 'unknown-alert-rule'],
      [await test.as('cpo').post('/alerts/webhooks', { url: 'ftp://hooks.example/x' }), 422, 'webhook-url-not-https'],
      [await test.as('cpo').post(`/alerts/webhooks/${randomUUID()}/secret-rotations`, {}), 404, 'webhook-subscription-not-found'],
      [await test.as('cpo').post('/alerts/webhooks/not-a-uuid/cancellation', { reason: 'x' }), 404, 'webhook-subscription-not-found'],
    ] as const;
    for (const [response, status, code] of refusals) expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
    expect(await head()).toBe(before);
  });

  it('answers a retried subscription with the same subscription and secret, never lists the secret, and stops sending once cancelled', async () => {
    const first = await test.as('admin').post('/alerts/webhooks', { url: receiver.url, personalData: true }, { 'idempotency-key': 'hook-1' });
    const retry = await test.as('admin').post('/alerts/webhooks', { url: receiver.url, personalData: true }, { 'idempotency-key': 'hook-1' });
    expect(retry.body).toEqual(first.body);
    receiver.secret = first.body.secret as string;
    const listed = JSON.stringify((await test.as('cpo').get('/alerts/webhooks')).body);
    expect(listed).not.toContain(first.body.secret as string);
    expect(JSON.stringify(await test.app.get<EventStore>(EVENT_STORE).readAll(), (_, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))).not.toContain((first.body.secret as string).slice(6));
    const cancelled = await test.as('cpo').post(`/alerts/webhooks/${first.body.subscriptionId}/cancellation`, { reason: 'Replaced by another channel.' });
    expect(cancelled.status).toBe(201);
    expect((await test.as('cpo').post(`/alerts/webhooks/${first.body.subscriptionId}/cancellation`, { reason: 'again' })).body.code).toBe('webhook-unsubscribed');
    await test.as('privacy-officer').register({ awareAt: T0 });
    await test.app.get(AlertScheduler).tick();
    expect(receiver.requests).toBe(0);
  });

  it('applies an admin rule to breaches, and leaves the title out of mails when configured so', async () => {
    smtp.mails.length = 0;
    const breachId = await test.as('privacy-officer').register({ dienst: 'DSB', awareAt: '2026-06-01T10:00:00+02:00' });
    clock.set('2026-06-03T20:00:00.000Z'); // awareAt + 60 h: 12 hours left
    await test.app.get(AlertScheduler).tick();
    const twelve = smtp.mails.filter((mail) => mail.ruleId === 'breach-at-risk-12h');
    expect(twelve.map((mail) => mail.to)).toEqual(expect.arrayContaining([['dsb@gemeente.example']]));
    const mine = twelve.find((mail) => mail.text.includes(breachId));
    expect(mine?.subject).toBe(`Nog 12 uur om datalek te melden: ${breachId} (DSB)`);
    expect(smtp.mails.some((mail) => mail.text.includes('Decision letter sent to the wrong address'))).toBe(false);
  });

  it('warns before an inquiry\'s answer deadline and when an audit recommendation falls due', async () => {
    smtp.mails.length = 0;
    clock.set('2026-06-10T08:00:00.000Z');
    const inquiry = await test.as('privacy-officer').post('/inquiries', { receivedAt: '2026-06-10T09:00:00+02:00', apReference: 'AP-2026-7', question: 'Why late?', scope: { breachIds: [] , criterion: { kind: 'registered', year: 2026 } }, answerDueAt: '2026-06-12T12:00:00+02:00' });
    expect(inquiry.status).toBe(201);
    const audit = await test.as('privacy-officer').post('/audits', { title: 'Privacy audit 2026', kind: 'internal', auditor: 'Internal Audit', scope: 'Breaches', completedAt: '2026-06-10T09:00:00+02:00', findings: [{ findingId: 'B1', description: 'Late reports.' }] });
    expect(audit.status).toBe(201);
    const recommendation = await test.as('privacy-officer').post(`/audits/${audit.body.auditId}/recommendations`, { findingId: 'B1', description: 'Report preliminarily.', dienst: 'DSB', issuedAt: '2026-06-10T09:30:00+02:00', dueAt: '2026-06-11T12:00:00+02:00' }, { 'if-match': '"0"' });
    expect(recommendation.status).toBe(201);
    await test.app.get(AlertScheduler).tick();
    expect(smtp.mails.filter((mail) => mail.ruleId.startsWith('inquiry') || mail.ruleId.startsWith('recommendation'))).toEqual([]);
    clock.set('2026-06-11T10:00:00.000Z'); // the recommendation's due date; 48 hours before the AP's deadline has passed too
    await test.app.get(AlertScheduler).tick();
    const about = smtp.mails.map((mail) => `${mail.ruleId} → ${mail.to.join(',')}`).filter((line) => /^(inquiry|recommendation)/.test(line)).sort();
    expect(about).toEqual([
      'inquiry-answer-due-48h → cpo@gemeente.example',
      'inquiry-answer-due-48h → ecp@gemeente.example',
      'inquiry-answer-due-48h → fg@gemeente.example',
      'recommendation-due-0h → cpo@gemeente.example',
      'recommendation-due-0h → dsb@gemeente.example',
    ]);
    expect(smtp.mails.find((mail) => mail.ruleId === 'inquiry-answer-due-48h')?.subject).toContain('verzoek "AP-2026-7"');
  });

  it('tells the officers of the dienst and the CPO when a DPIA falls due for review, three years after completion', async () => {
    smtp.mails.length = 0;
    clock.set('2026-06-20T08:00:00.000Z');
    const officer = test.as('privacy-officer');
    const started = await officer.post('/dpias', { title: 'Camera surveillance in the city centre', dienst: 'DSB', processingActivityId: null, owner: 'AD DSB', startedAt: '2026-06-15T10:00:00+02:00' });
    expect(started.status).toBe(201);
    const dpiaId = started.body.dpiaId as string;
    expect((await test.as('dpo').post(`/dpias/${dpiaId}/dpo-advice`, { advice: 'Limit retention to 28 days.', advisedAt: '2026-06-16T10:00:00+02:00' })).status).toBe(201);
    const completed = await officer.post(`/dpias/${dpiaId}/completion`, { completedAt: '2026-06-18T11:00:00+02:00', residualRisk: 'low', conclusion: 'Acceptable.', measures: ['Recordings deleted after 28 days'], adviceFollowed: 'followed', withoutAdviceReason: null, measuresCannotReduceRisk: false });
    expect(completed.status).toBe(201);
    await test.app.get(AlertScheduler).tick();
    expect(smtp.mails.filter((mail) => mail.ruleId.startsWith('dpia'))).toEqual([]);
    clock.set('2029-06-18T10:00:00.000Z');
    await test.app.get(AlertScheduler).tick();
    const review = smtp.mails.filter((mail) => mail.ruleId === 'dpia-review-due-0h');
    expect(review.map((mail) => mail.to.join(',')).sort()).toEqual(['cpo@gemeente.example', 'dsb@gemeente.example']);
    expect(review[0]?.subject).toBe('Herbeoordeling DPIA nodig: "Camera surveillance in the city centre" (DSB)');
  });
});
