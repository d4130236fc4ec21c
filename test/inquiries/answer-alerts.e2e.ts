import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AlertScheduler } from '../../src/alerts/delivery/alert-scheduler.js';
import { publicKeyFromText } from '../../src/ledger/checkpoint.js';
import { leafHash } from '../../src/ledger/merkle.js';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';
import { verifyAnswer, type AnswerTrust } from '../../src/inquiries/answer/verify-answer.js';
import { FixedClock } from '../../src/shared/clock.js';
import { newEvent } from '../support/events.js';
import { eventually } from '../support/eventually.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

const CLI = fileURLToPath(new URL('../../dist-bench/src/cli/verify.js', import.meta.url));

/*
 * "Afterwards the AP may ask whether the organisation was warned." A breach registered on a
 * Friday at 16:00 (deadline Monday 16:00); alerts at registration, at T-24h and at T-6h (the
 * webhook failing once at T-6h, then taking the retry); on Monday an inquiry of the AP over the
 * breach is answered. The answer carries the alert events with their proofs and the warned list.
 */
const FRIDAY_1600 = '2026-12-04T15:00:00.000Z';
const SUNDAY_1600 = '2026-12-06T15:00:00.000Z';
const MONDAY_1000 = '2026-12-07T09:00:00.000Z';
const MONDAY_1000_RETRY = '2026-12-07T09:00:30.000Z';
const MONDAY_1100 = '2026-12-07T10:00:00.000Z';
const DEADLINE = '2026-12-07T15:00:00.000Z';
const FG = 'fg@gemeente.example';
const OFFICER = 'privacy.szw@gemeente.example';

type Line = Record<string, unknown> & { kind: string };
type Warned = { ruleId: string; hoursBeforeDeadline: number; recipient: string; channel: string; sentAt: string; event: { streamId: string; position: string } };

describe('an AP answer about a breach the organisation was warned of', () => {
  let smtp: SmtpSink;
  let receiver: WebhookReceiver;
  let test: TestApp;
  let breachId: string;
  let inquiryId: string;
  let bundle: string;
  let publicKey: string;
  const clock = new FixedClock(FRIDAY_1600);
  const linesOf = async function* (text: string) {
    for (const line of text.split('\n')) yield line;
  };
  const trust = (): AnswerTrust => ({ log: { publicKey: publicKeyFromText(publicKey) } });
  const parsed = (): Line[] => bundle.trim().split('\n').map((line) => JSON.parse(line) as Line);
  const breachLine = (lines: Line[]) => lines.find((line) => line.kind === 'breach') as Line & { warned: Warned[]; undelivered: unknown[] };
  const verify = (lines: Line[]) => verifyAnswer(linesOf(lines.map((line) => JSON.stringify(line)).join('\n')), trust());

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    receiver = await WebhookReceiver.start();
    test = await startTestApp({
      clock,
      env: { ...smtp.env(), ALERT_FG_EMAILS: FG, ALERT_PRIVACY_OFFICER_EMAILS: `SZW=${OFFICER}`, ALERT_WEBHOOK_ALLOW_HTTP: 'true', ALERT_POLL_MS: '3600000', ALERT_RETRY_BASE_SECONDS: '30' },
    });
    const subscribed = await test.as('cpo').post('/alerts/webhooks', { url: receiver.url, ruleIds: ['breach-at-risk-6h'], description: 'officers channel' });
    expect(subscribed.status).toBe(201);
    receiver.secret = subscribed.body.secret as string;
    const tickAt = async (at: string) => {
      clock.set(at);
      await test.app.get(AlertScheduler).tick();
    };
    breachId = await test.as('privacy-officer').register({ dienst: 'SZW', awareAt: '2026-12-04T16:00:00+01:00', occurredFrom: '2026-12-04T09:00:00+01:00', occurredTo: '2026-12-04T09:00:00+01:00' });
    await tickAt(FRIDAY_1600);
    await tickAt(SUNDAY_1600);
    receiver.failNext = 1;
    await tickAt(MONDAY_1000);
    await tickAt(MONDAY_1000_RETRY);
    expect(smtp.mails.map((mail) => `${mail.ruleId} ${mail.to.join(',')}`).sort()).toEqual([
      `breach-at-risk-24h ${FG}`,
      `breach-at-risk-24h ${OFFICER}`,
      `breach-at-risk-6h ${FG}`,
      `breach-at-risk-6h ${OFFICER}`,
      `breach-registered ${FG}`,
      // The FG was never informed of the breach: 24 hours after awareness the officers hear of it.
      `dpo-not-informed-24h ${OFFICER}`,
    ]);
    expect(receiver.unique()).toHaveLength(1);

    clock.set(MONDAY_1100);
    const received = await test.as('privacy-officer').post('/inquiries', { receivedAt: MONDAY_1100, apReference: 'AP-2026-077', question: 'Was the organisation warned before the deadline?', scope: { breachIds: [breachId] }, answerDueAt: '2026-12-21T17:00:00+01:00' });
    expect(received.status).toBe(201);
    inquiryId = received.body.inquiryId as string;
    expect((await test.as('privacy-officer').post(`/inquiries/${inquiryId}/answers`, {})).status).toBe(201);
    const response = await test.app.inject({ method: 'GET', url: `/inquiries/${inquiryId}/answer`, headers: { authorization: `Bearer ${test.keys['supervisory-authority']}` } });
    expect(response.statusCode).toBe(200);
    bundle = response.body;
    publicKey = (await test.as('auditor').get('/audit/public-key')).body.verifierKey as string;
  });
  afterAll(async () => {
    await test.dispose();
    await receiver.close();
    await smtp.close();
  });

  it('carries every alert event of the breach, each with its inclusion proof', () => {
    const alertEvents = parsed().filter((line) => line.kind === 'event' && (line.event as { streamId: string }).streamId === `alert-${breachId}`) as (Line & { disclosure: string; proof: string[]; event: { type: string } })[];
    const types = alertEvents.map((line) => line.event.type);
    expect(types.filter((type) => type === 'AlertSent')).toHaveLength(7);
    expect(types.filter((type) => type === 'AlertAttemptFailed')).toHaveLength(1);
    expect(types).toHaveLength(8);
    for (const line of alertEvents) {
      expect(line.disclosure).toBe('scope');
      expect(line.proof.length).toBeGreaterThan(0);
    }
  });

  it('states who was warned, how long before the deadline, by which channel — never an address or a URL', () => {
    const breach = breachLine(parsed());
    const order = (w: Warned) => `${w.sentAt} ${w.ruleId} ${w.recipient}`;
    expect([...breach.warned].sort((a, b) => (order(a) < order(b) ? -1 : 1)).map(({ ruleId, hoursBeforeDeadline, recipient, channel, sentAt }) => ({ ruleId, hoursBeforeDeadline, recipient, channel, sentAt }))).toEqual([
      { ruleId: 'breach-registered', hoursBeforeDeadline: 72, recipient: 'fg', channel: 'email', sentAt: FRIDAY_1600 },
      { ruleId: 'breach-at-risk-24h', hoursBeforeDeadline: 24, recipient: 'fg', channel: 'email', sentAt: SUNDAY_1600 },
      { ruleId: 'breach-at-risk-24h', hoursBeforeDeadline: 24, recipient: 'privacy-officers', channel: 'email', sentAt: SUNDAY_1600 },
      { ruleId: 'dpo-not-informed-24h', hoursBeforeDeadline: 24, recipient: 'privacy-officers', channel: 'email', sentAt: SUNDAY_1600 },
      { ruleId: 'breach-at-risk-6h', hoursBeforeDeadline: 6, recipient: 'fg', channel: 'email', sentAt: MONDAY_1000 },
      { ruleId: 'breach-at-risk-6h', hoursBeforeDeadline: 6, recipient: 'privacy-officers', channel: 'email', sentAt: MONDAY_1000 },
      { ruleId: 'breach-at-risk-6h', hoursBeforeDeadline: 6, recipient: 'webhook', channel: 'webhook', sentAt: MONDAY_1000_RETRY },
    ]);
    expect(breach.warned.every((w) => w.event.streamId === `alert-${breachId}`)).toBe(true);
    expect(breach.undelivered).toEqual([]);
    expect((breach as unknown as { deadline: string }).deadline).toBe(DEADLINE);
    const text = JSON.stringify(breach);
    expect(text).not.toContain(FG);
    expect(text).not.toContain(OFFICER);
    expect(text).not.toContain(receiver.url);
  });

  it('verifies offline, the warned list recomputed from the proven alert events', async () => {
    const result = await verify(parsed());
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.checks.join('\n')).toContain(`breach ${breachId} warned 7×`);
  });

  const alertEvent = (lines: Line[], type: string) => lines.find((line) => line.kind === 'event' && (line.event as { streamId: string; type: string }).streamId === `alert-${breachId}` && (line.event as { type: string }).type === type) as Line & { event: { data: Record<string, unknown> } };
  const tamperings: [string, (lines: Line[]) => void, string][] = [
    ['an alert event is altered (its sending moved earlier)', (lines) => void (alertEvent(lines, 'AlertSent').event.data.sentAt = '2026-12-04T14:00:00.000Z'), 'hash'],
    ['an alert event is left out', (lines) => void lines.splice(lines.indexOf(alertEvent(lines, 'AlertAttemptFailed')) + 1, 1), 'alerts'],
    ['the summary moves a warning earlier', (lines) => void (breachLine(lines).warned[3]!.hoursBeforeDeadline = 30), 'alerts'],
    ['the summary adds a warning', (lines) => void breachLine(lines).warned.push({ ...breachLine(lines).warned[0]!, recipient: 'cpo' }), 'alerts'],
    ['the summary drops a warning', (lines) => void breachLine(lines).warned.pop(), 'alerts'],
    ['the summary hides a failure as a success', (lines) => void breachLine(lines).undelivered.push({ ruleId: 'breach-overdue' }), 'alerts'],
  ];
  it.each(tamperings)('is refused when %s', async (_what, tamper, kind) => {
    const lines = parsed();
    tamper(lines);
    const result = await verify(lines);
    expect(result.ok).toBe(false);
    expect(result.problems.map((problem) => problem.kind)).toContain(kind);
  });

  it('is checked by the CLI, which names the warnings it recomputed, and refuses a tampered warned list', async () => {
    const file = join(test.dataDir, 'answer.ndjson');
    const keyFile = join(test.dataDir, 'log.pub');
    writeFileSync(keyFile, publicKey);
    writeFileSync(file, bundle);
    const ok = await run(['verify-answer', file, '--public-key', keyFile]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`breach-at-risk-6h to fg by email at ${MONDAY_1000} (6 h before the deadline)`);
    writeFileSync(file, bundle.replace('"hoursBeforeDeadline":6,', '"hoursBeforeDeadline":12,'));
    const bad = await run(['verify-answer', file, '--public-key', keyFile]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('BROKEN (alerts)');
  });

  it('lets the AP read the breach in scope with its alerts', async () => {
    const read = await eventually(() => test.as('supervisory-authority').get(`/breaches/${breachId}?minPosition=0`), (response) => response.status === 200 && (response.body.alerts as unknown[] | undefined)?.length === 7);
    expect((read.body.alerts as { ruleId: string }[]).map((alert) => alert.ruleId)).toContain('breach-at-risk-6h');
  });

  it('in an answer over a population, discloses the alert events of the breaches in scope and refuses them withheld as leaves', async () => {
    clock.set(MONDAY_1100);
    const received = await test.as('privacy-officer').post('/inquiries', { receivedAt: MONDAY_1100, apReference: 'AP-2026-078', question: 'All breaches registered in 2026?', scope: { criterion: { kind: 'registered', year: 2026 } }, answerDueAt: '2026-12-21T17:00:00+01:00' });
    expect(received.status).toBe(201);
    const id = received.body.inquiryId as string;
    expect((await test.as('privacy-officer').post(`/inquiries/${id}/answers`, {})).status).toBe(201);
    const response = await test.app.inject({ method: 'GET', url: `/inquiries/${id}/answer`, headers: { authorization: `Bearer ${test.keys['supervisory-authority']}` } });
    const lines = response.body.trim().split('\n').map((line) => JSON.parse(line) as Line);
    expect(lines[0]).toMatchObject({ completeness: true, breachIds: [breachId] });
    expect(lines.filter((line) => line.kind === 'event' && (line.event as { streamId: string }).streamId === `alert-${breachId}`)).toHaveLength(8);
    expect(breachLine(lines).warned).toHaveLength(7);
    expect((await verify(lines)).problems).toEqual([]);
    const index = lines.findIndex((line) => line.kind === 'event' && (line.event as { streamId: string }).streamId === `alert-${breachId}`);
    const { leafIndex, event } = lines[index] as Line & { leafIndex: number; event: { position: string; streamId: string; type: string; metadata: { hash: string } } };
    lines[index] = { kind: 'leaf', leafIndex, position: event.position, streamId: event.streamId, type: event.type, leafHash: leafHash(event.metadata.hash).toString('base64') };
    const kinds = (await verify(lines)).problems.map((problem) => problem.kind);
    expect(kinds).toContain('scope');
    expect(kinds).toContain('alerts');
  });

  it('rebuilds an answer recorded before the alerts were part of it in that version (1): no alert events, no lists, and it verifies', async () => {
    const store = test.app.get<EventStore>(EVENT_STORE);
    const stream = await store.readStream(`inquiry-${inquiryId}`);
    const { answerVersion, ...recordedInVersion1 } = stream.find((event) => event.type === 'InquiryAnswered')!.data;
    expect(answerVersion).toBe(3); // the current format version (answer-format.ts)
    await store.append(`inquiry-${inquiryId}`, [newEvent('InquiryAnswered', recordedInVersion1)], { expectedRevision: stream.at(-1)!.revision });
    const response = await test.app.inject({ method: 'GET', url: `/inquiries/${inquiryId}/answer?number=2`, headers: { authorization: `Bearer ${test.keys['supervisory-authority']}` } });
    expect(response.statusCode).toBe(200);
    const lines = response.body.trim().split('\n').map((line) => JSON.parse(line) as Line);
    expect(lines[0]).toMatchObject({ kind: 'answer', version: 1 });
    expect(lines.filter((line) => line.kind === 'event' && (line.event as { streamId: string }).streamId.startsWith('alert-'))).toEqual([]);
    expect(breachLine(lines)).not.toHaveProperty('warned');
    const result = await verifyAnswer(linesOf(response.body), trust());
    expect(result.problems).toEqual([]);
  });

  it('leaves out alerts recorded after the checkpoint: the answer is served again byte for byte after the deadline alerts', async () => {
    clock.set(DEADLINE);
    await test.app.get(AlertScheduler).tick();
    const overdue = (await test.app.get<EventStore>(EVENT_STORE).readStream(`alert-${breachId}`)).filter((event) => event.data.ruleId === 'breach-overdue');
    expect(overdue.length).toBeGreaterThan(0);
    const response = await test.app.inject({ method: 'GET', url: `/inquiries/${inquiryId}/answer?number=1`, headers: { authorization: `Bearer ${test.keys['supervisory-authority']}` } });
    expect(response.body).toBe(bundle);
    expect(response.body).not.toContain('breach-overdue');
  });
});

function run(args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], (error, stdout) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout }));
  });
}
