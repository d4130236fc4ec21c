import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { FixedClock } from '../../src/shared/clock.js';
import { registrationBody } from '../support/breach-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('auditors: replay and time travel', () => {
  const clock = new FixedClock('2026-03-02T12:00:00.000Z');
  let test: TestApp;
  let breachId: string;
  let head: string;
  beforeAll(async () => {
    test = await startTestApp({ clock });
    const officer = test.as('privacy-officer');
    breachId = (await officer.post('/breaches', registrationBody(), { 'idempotency-key': randomUUID() })).body.breachId as string;
    clock.set('2026-03-04T16:00:00.000Z');
    await officer.post(`/breaches/${breachId}/ap-reports`, { reportedAt: '2026-03-04T15:30:00Z', apReference: 'M-9', phase: 'preliminary' });
    clock.set('2026-03-10T09:00:00.000Z');
    head = (await officer.post(`/breaches/${breachId}/corrections`, { corrections: { dienst: 'DSO' }, reason: 'It was the DSO letter run.' })).body.position as string;
  });
  afterAll(async () => {
    await test.dispose();
  });

  it('replays the whole log in global order, page by page and as NDJSON', async () => {
    const auditor = test.as('auditor');
    const paged: { position: string }[] = [];
    for (let from = '0'; ; ) {
      const page = await auditor.get(`/audit/events?fromPosition=${from}&limit=2`);
      expect(page.status).toBe(200);
      paged.push(...(page.body.events as { position: string }[]));
      if (page.body.nextPosition === null) break;
      from = page.body.nextPosition as string;
    }
    expect(paged.map((e) => e.position)).toEqual(paged.map((e) => e.position).sort((a, b) => Number(BigInt(a) - BigInt(b))));
    const ndjson = await test.app.inject({ method: 'GET', url: '/audit/events', headers: { authorization: `Bearer ${test.keys.auditor}`, accept: 'application/x-ndjson' } });
    expect(ndjson.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = ndjson.body.trim().split('\n').map((line) => JSON.parse(line) as { position: string });
    expect(lines).toEqual(paged);
    expect(lines.length).toBe(3);
  });

  it('replays one stream, refuses a malformed stream id and names a missing one', async () => {
    const auditor = test.as('auditor');
    const stream = await auditor.get(`/audit/streams/breach-${breachId}`);
    expect((stream.body.events as { type: string }[]).map((e) => e.type)).toEqual(['BreachDetected', 'BreachReportedToAP', 'BreachDetailsCorrected']);
    expect((await auditor.get('/audit/streams/%24all')).status).toBe(400);
    expect((await auditor.get(`/audit/streams/breach-${randomUUID()}`)).status).toBe(404);
  });

  it('writes every replay to the access log', async () => {
    await test.as('auditor').get('/audit/events?limit=1');
    const log = await test.as('dpo').get('/access-log');
    expect(log.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ route: '/audit/events', actor: { id: test.actors.auditor, role: 'auditor' } })]));
  });

  it('shows a breach as it stood at any moment, from the same projection code', async () => {
    const officer = test.as('privacy-officer');
    const early = await officer.get(`/breaches/${breachId}?asOf=2026-03-03T12:00:00Z`);
    expect(early.body).toMatchObject({ reportingStatus: 'awaiting-report', status: 'open', dienst: 'SZW', reportedAt: null, asOf: '2026-03-03T12:00:00.000Z' });
    const before = await officer.get(`/breaches/${breachId}?asOf=2026-03-04T12:00:00Z`);
    expect(before.body).toMatchObject({ reportingStatus: 'awaiting-report', status: 'at-risk', reportedAt: null });
    const reported = await officer.get(`/breaches/${breachId}?asOf=2026-03-05T00:00:00%2B01:00`);
    expect(reported.body).toMatchObject({ reportingStatus: 'reported-on-time', dienst: 'SZW' });
    const live = await officer.get(`/breaches/${breachId}?minPosition=${head}`);
    const now = await officer.get(`/breaches/${breachId}?asOf=2026-03-10T09:00:00Z`);
    expect(now.body).toEqual({ ...live.body, asOf: '2026-03-10T09:00:00.000Z' });
    expect(now.body).toMatchObject({ dienst: 'DSO' });
    expect((await officer.get(`/breaches/${breachId}?asOf=2026-03-01T00:00:00Z`)).status).toBe(404);
    expect((await officer.get(`/breaches/${breachId}?asOf=yesterday`)).status).toBe(400);
  });

  it("gives a year's figures as they stood at a moment", async () => {
    const officer = test.as('privacy-officer');
    const early = await officer.get('/reports/annual/2026?asOf=2026-03-03T00:00:00Z');
    expect(early.body).toMatchObject({ total: expect.objectContaining({ registered: 1, reported: 0 }) });
    const later = await officer.get('/reports/annual/2026?asOf=2026-03-05T00:00:00Z');
    expect(later.body).toMatchObject({ total: expect.objectContaining({ registered: 1, reported: 1 }) });
    const live = await officer.get(`/reports/annual/2026?minPosition=${head}`);
    const now = await officer.get('/reports/annual/2026?asOf=2026-03-10T09:00:00Z');
    expect(now.body).toEqual({ ...live.body, asOf: '2026-03-10T09:00:00.000Z' });
    expect(now.headers['projection-as-of']).toBe('2026-03-10T09:00:00.000Z');
  });
});
