import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { FixedClock } from '../../src/shared/clock.js';
import { PROJECTION_DEFINITIONS } from '../../src/read-store/read-store.module.js';
import { type client, registrationBody } from '../support/breach-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Write, then read your write: the views over HTTP on the embedded default. */
describe('breach views over HTTP', () => {
  const clock = new FixedClock('2026-03-04T12:00:00.000Z');
  let test: TestApp;
  let http: ReturnType<typeof client>;
  let admin: ReturnType<typeof client>;
  beforeAll(async () => {
    // The read-your-write wait: long enough for a loaded machine's projections to catch up
    // (300 ms was not, under CI's load); the projection-behind case waits it out once.
    test = await startTestApp({ clock, env: { READ_WAIT_TIMEOUT_MS: '2000', AT_RISK_HOURS: '24' } });
    http = test.as('privacy-officer');
    admin = test.as('admin');
  });
  afterAll(async () => {
    await test.dispose();
  });

  const register = async (overrides: Record<string, unknown> = {}) => {
    const response = await http.post('/breaches', registrationBody(overrides), { 'idempotency-key': randomUUID() });
    expect(response.status).toBe(201);
    return response.body as { breachId: string; position: string };
  };

  it('reads its own write: the timeline once the projection has the command position', async () => {
    const { breachId, position } = await register();
    const response = await http.get(`/breaches/${breachId}?minPosition=${position}`);
    expect(response.status).toBe(200);
    expect(BigInt(response.headers['projection-position'] as string)).toBeGreaterThanOrEqual(BigInt(position));
    expect(response.body).toMatchObject({
      breachId,
      dienst: 'SZW',
      year: 2026,
      awareAt: '2026-03-02T09:00:00.000Z',
      registeredAt: '2026-03-04T12:00:00.000Z',
      deadline: '2026-03-05T09:00:00.000Z',
      reportingStatus: 'awaiting-report',
      status: 'at-risk',
      closed: false,
    });
    const entries = response.body.entries as { step: string; event: { position: string; hash: string } }[];
    expect(entries).toEqual([expect.objectContaining({ step: 'BreachDetected', event: expect.objectContaining({ position, hash: expect.stringMatching(/^[0-9a-f]{64}$/) }) })]);
  });

  it('follows a report: on time, with hours to report, in the timeline and the register', async () => {
    const { breachId } = await register();
    const reported = await http.post(`/breaches/${breachId}/ap-reports`, { reportedAt: '2026-03-04T10:00:00Z', apReference: 'M-1', phase: 'preliminary' });
    const position = reported.body.position as string;
    const timeline = await http.get(`/breaches/${breachId}?minPosition=${position}`);
    expect(timeline.body).toMatchObject({ reportingStatus: 'reported-on-time', status: 'reported-on-time', late: false, hoursToReport: 49, reportedAt: '2026-03-04T10:00:00.000Z' });
    const list = await http.get(`/breaches?year=2026&status=reported-on-time&minPosition=${position}&pageSize=200`);
    expect(list.status).toBe(200);
    expect((list.body.items as { breachId: string }[]).map((row) => row.breachId)).toContain(breachId);
    expect(list.body.items).toEqual(expect.arrayContaining([expect.not.objectContaining({ basis: expect.anything() })]));
  });

  it('answers 503 projection-behind, with Retry-After, when the view does not reach minPosition in time', async () => {
    const { breachId } = await register();
    const response = await http.get(`/breaches/${breachId}?minPosition=99999999999`);
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.body).toMatchObject({ code: 'projection-behind', minPosition: '99999999999', projection: 'breach-timeline.v2' });
  });

  it('refuses a malformed minPosition and unknown query parameters', async () => {
    expect((await http.get('/breaches?minPosition=-1')).body).toMatchObject({ status: 400, code: 'validation-failed' });
    expect((await http.get('/breaches?colour=red')).body).toMatchObject({ status: 400, code: 'validation-failed' });
    expect((await http.get('/breaches?status=sleeping')).body).toMatchObject({ status: 400 });
    expect((await http.get('/reports/annual/twenty')).body).toMatchObject({ status: 400 });
    expect((await http.get('/reports/late-reporting')).body).toMatchObject({ status: 400 });
  });

  it('lists breaches at risk and overdue now, as the clock moves without events', async () => {
    const { breachId, position } = await register({ awareAt: '2026-03-04T11:00:00Z', occurredFrom: null, occurredTo: null });
    const before = await http.get(`/breaches/deadlines?minPosition=${position}`);
    expect((before.body.breaches as { breachId: string }[]).find((b) => b.breachId === breachId)).toBeUndefined();
    clock.set('2026-03-06T12:00:00.000Z');
    const atRisk = await http.get('/breaches/deadlines');
    expect((atRisk.body.breaches as { breachId: string; status: string }[]).find((b) => b.breachId === breachId)).toMatchObject({ status: 'at-risk', hoursRemaining: 23 });
    clock.set('2026-03-07T12:00:00.000Z');
    const overdue = await http.get('/breaches/deadlines');
    expect((overdue.body.breaches as { breachId: string }[]).find((b) => b.breachId === breachId)).toMatchObject({ status: 'overdue', hoursOverdue: 1 });
    expect((await http.get(`/breaches?status=overdue&pageSize=200`)).body.items).toEqual(expect.arrayContaining([expect.objectContaining({ breachId, status: 'overdue' })]));
    clock.set('2026-03-04T12:00:00.000Z');
  });

  it('reports a year: late reporting with reasons and the annual figures', async () => {
    const { breachId } = await register({ dienst: 'DSO', awareAt: '2025-06-02T10:00:00+02:00', occurredFrom: null, occurredTo: null });
    const reported = await http.post(`/breaches/${breachId}/ap-reports`, {
      reportedAt: '2025-06-09T10:00:00+02:00',
      apReference: 'M-2025-7',
      phase: 'final',
      lateReason: { code: 'not-recognised', explanation: 'It was taken for a postal error.' },
    });
    const position = reported.body.position as string;
    const late = await http.get(`/reports/late-reporting?year=2025&minPosition=${position}`);
    expect(late.status).toBe(200);
    expect(JSON.stringify(late.body)).toContain(breachId);
    // Each line cites the events it comes from: detection and the first filing.
    const line = (late.body.lateReports as { breachId: string; events: Record<string, { streamId: string; revision: number; hash: string } | null> }[]).find((candidate) => candidate.breachId === breachId);
    expect(line?.events).toMatchObject({ detected: { streamId: `breach-${breachId}`, revision: 0, hash: expect.stringMatching(/^[0-9a-f]{64}$/) }, report: { streamId: `breach-${breachId}`, revision: 1 }, verdict: null, corrections: [] });
    const annual = await http.get(`/reports/annual/2025?minPosition=${position}`);
    expect(annual.status).toBe(200);
    expect(annual.body).toMatchObject({ year: 2025, total: expect.objectContaining({ registered: 1, reported: 1, reportedLate: 1, lateReasonNotAccepted: 1 }) });
  });

  it('shows each projection with its position, the head and the lag', async () => {
    const { position } = await register();
    await http.get(`/breaches?minPosition=${position}`);
    await http.get(`/breaches?minPosition=${position}`);
    const response = await admin.get('/projections');
    const projections = response.body.projections as { name: string; state: string; position: string; headPosition: string; lag: string }[];
    expect(projections.map((p) => p.name).sort()).toEqual(PROJECTION_DEFINITIONS.map((definition) => definition.name).sort());
    projections.forEach((p) => expect(p).toMatchObject({ state: 'running', lastError: null }));
  });

  it('rebuilds a projection beside the live one and switches to it with the same documents', async () => {
    const { breachId, position } = await register();
    const before = await http.get(`/breaches/${breachId}?minPosition=${position}`);
    const started = await admin.post('/projections/breach-timeline.v2/rebuilds', {});
    expect(started.status).toBe(202);
    const generation = started.body.generation as number;
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const status = (await admin.get('/projections')).body.projections as { name: string; generation: number; rebuild: unknown }[];
      if (status.find((p) => p.name === 'breach-timeline.v2')?.generation === generation) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const after = await http.get(`/breaches/${breachId}`);
    expect(after.body).toEqual(before.body);
    expect((await admin.post('/projections/nope.v1/rebuilds', {})).status).toBe(404);
  });
});
