import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { AuditFigures } from '../../projections/audit-reports.js';
import { FixedClock } from '../../src/shared/clock.js';
import { auditBody } from '../support/audit-requests.js';
import type { client } from '../support/breach-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const DAY_MS = 86_400_000;

/** The audit views over HTTP: what became of an audit's recommendations, per dienst, as the clock moves. */
describe('audit views over HTTP', () => {
  const clock = new FixedClock('2026-06-01T12:00:00.000Z');
  let test: TestApp;
  let officer: ReturnType<typeof client>;
  let auditId: string;
  let last: string;
  const recommendations: Record<'settled' | 'overdue' | 'notTold', string> = { settled: '', overdue: '', notTold: '' };

  const ok = async (response: Promise<{ status: number; body: Record<string, unknown> }>) => {
    const { status, body } = await response;
    expect([status, body]).toEqual([201, expect.anything()]);
    last = body.position as string;
    return body;
  };

  beforeAll(async () => {
    // The read-your-write wait: long enough for a loaded machine's projections to catch up
    // (300 ms was not, under CI's load); the projection-behind case waits it out once.
    test = await startTestApp({ clock, env: { READ_WAIT_TIMEOUT_MS: '2000', DIENSTEN: 'DBV,DSB,SZW' } });
    officer = test.as('privacy-officer');
    // Audits of Wpg processing (tagged so): the annual report's Wpg check counts only these.
    auditId = (await ok(officer.post('/audits', auditBody({ regime: 'wpg' }), { 'idempotency-key': randomUUID() }))).auditId as string;
    const issue = async (dienst: string, issuedAt: string, dueAt: string | null) =>
      (await ok(officer.post(`/audits/${auditId}/recommendations`, { findingId: 'B1', description: `Act on B1 in ${dienst}.`, dienst, issuedAt, dueAt }))).recommendationId as string;
    recommendations.settled = await issue('DSB', '2026-02-03T10:00:00+01:00', '2026-09-01T00:00:00+02:00');
    recommendations.overdue = await issue('SZW', '2026-03-01T10:00:00+01:00', '2026-05-01T00:00:00+02:00');
    recommendations.notTold = await issue('DSB', '2026-04-01T10:00:00+02:00', null);
    const base = (id: string) => `/audits/${auditId}/recommendations/${id}`;
    await ok(officer.post(`${base(recommendations.settled)}/implementation`, { implementedAt: '2026-04-01T11:00:00+02:00', description: 'Every registration now goes to the FG.' }));
    await ok(test.as('dpo').post(`${base(recommendations.settled)}/dpo-notification`, { informedAt: '2026-04-02T10:00:00+02:00' }));
    await ok(officer.post(`${base(recommendations.notTold)}/implementation`, { implementedAt: '2026-05-01T11:00:00+02:00', description: 'Done, the FG was not told.' }));
  });
  afterAll(async () => {
    await test.dispose();
  });

  it('lists the open recommendations per dienst, with their age, and whether the FG was informed', async () => {
    const response = await officer.get(`/audits/recommendations/open?minPosition=${last}`);
    expect(response.status).toBe(200);
    expect(BigInt(response.headers['projection-position'] as string)).toBeGreaterThanOrEqual(BigInt(last));
    expect(response.body).toMatchObject({
      now: '2026-06-01T12:00:00.000Z',
      total: { open: 2, notImplemented: 1, implementedFgNotInformed: 1, overdue: 1, oldestAgeDays: 92 },
      byDienst: [
        { dienst: 'DBV', open: 0, oldestAgeDays: null, recommendations: [] },
        {
          dienst: 'DSB',
          open: 1,
          notImplemented: 0,
          implementedFgNotInformed: 1,
          overdue: 0,
          oldestAgeDays: 61,
          recommendations: [
            {
              auditId,
              auditTitle: 'Privacy audit 2025',
              auditKind: 'internal',
              recommendationId: recommendations.notTold,
              ageDays: 61,
              overdue: false,
              implemented: true,
              implementedAt: '2026-05-01T09:00:00.000Z',
              dpoInformed: false,
              dpoInformedAt: null,
            },
          ],
        },
        { dienst: 'SZW', open: 1, notImplemented: 1, overdue: 1, recommendations: [{ recommendationId: recommendations.overdue, ageDays: 92, overdue: true, dueAt: '2026-04-30T22:00:00.000Z', implemented: false }] },
      ],
    });
  });

  it('ages the recommendations as the clock moves, without any event', async () => {
    clock.advance(10 * DAY_MS);
    try {
      const response = await officer.get(`/audits/recommendations/open?dienst=SZW&minPosition=${last}`);
      expect(response.body).toMatchObject({ now: '2026-06-11T12:00:00.000Z', total: { open: 1, oldestAgeDays: 102 }, byDienst: [{ dienst: 'SZW', recommendations: [{ ageDays: 102 }] }] });
      expect(response.body.byDienst).toHaveLength(1);
    } finally {
      clock.set('2026-06-01T12:00:00.000Z');
    }
  });

  it('refuses a dienst it does not know', async () => {
    expect((await officer.get('/audits/recommendations/open?dienst=NOPE')).body).toMatchObject({ status: 400, code: 'validation-failed' });
  });

  it('lists the audits, filtered by year and kind, with where their recommendations stand', async () => {
    const response = await officer.get(`/audits?year=2026&kind=internal&minPosition=${last}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      items: [
        {
          auditId,
          title: 'Privacy audit 2025',
          kind: 'internal',
          regime: 'wpg',
          regimeLabel: 'Wpg (politiegegevens)',
          kindLabel: 'Interne audit',
          auditor: 'Internal Audit Office',
          scope: 'The breach register and the DPIA process',
          completedAt: '2026-02-02T09:00:00.000Z',
          year: 2026,
          recordedAt: '2026-06-01T12:00:00.000Z',
          findingCount: 1,
          recommendations: { issued: 3, implemented: 2, dpoInformed: 1, open: 2 },
          lastPosition: last,
        },
      ],
      page: 1,
      pageSize: 50,
      total: 1,
    });
    expect((await officer.get(`/audits?kind=external&minPosition=${last}`)).body).toMatchObject({ items: [], total: 0 });
    expect((await officer.get(`/audits?year=2025&minPosition=${last}`)).body).toMatchObject({ items: [], total: 0 });
    expect((await officer.get(`/audits?page=2&pageSize=1&minPosition=${last}`)).body).toMatchObject({ items: [], page: 2, pageSize: 1, total: 1 });
    expect((await officer.get('/audits?kind=yearly')).body).toMatchObject({ status: 400, code: 'validation-failed' });
  });

  it('shows one audit with every recommendation and the events its facts come from', async () => {
    const response = await test.as('auditor').get(`/audits/${auditId}?minPosition=${last}`);
    expect(response.status).toBe(200);
    const hash = expect.stringMatching(/^[0-9a-f]{64}$/);
    expect(response.body).toMatchObject({
      auditId,
      year: 2026,
      findings: [{ findingId: 'B1', description: 'Breaches are not always reported to the FG.' }],
      openRecommendations: 2,
      events: { completed: { streamId: `audit-${auditId}`, revision: 0, hash } },
      lastPosition: last,
    });
    expect((response.body.recommendations as unknown[])[0]).toMatchObject({
      recommendationId: recommendations.settled,
      dienst: 'DSB',
      implementedAt: '2026-04-01T09:00:00.000Z',
      implementationDescription: 'Every registration now goes to the FG.',
      dpoInformedAt: '2026-04-02T08:00:00.000Z',
      settled: true,
      events: { issued: { revision: 1, hash }, implemented: { revision: 4, hash }, dpoInformed: { revision: 5, hash } },
    });
  });

  it('answers 404 audit-not-found for an unknown audit, 400 for an id that is not one', async () => {
    const unknown = await officer.get(`/audits/${randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(unknown.body).toMatchObject({ status: 404, code: 'audit-not-found' });
    expect((await officer.get('/audits/not-a-uuid')).body).toMatchObject({ status: 400, code: 'validation-failed' });
  });

  it('reads its own write, and answers 503 projection-behind when the view does not reach minPosition in time', async () => {
    const { position } = await ok(officer.post('/audits', auditBody({ title: 'External audit', kind: 'external', regime: 'wpg', auditor: 'Audit firm', completedAt: '2026-05-05T10:00:00+02:00', findings: [] })));
    expect((await officer.get(`/audits?kind=external&minPosition=${position as string}`)).body).toMatchObject({ total: 1, items: [{ kind: 'external', recommendations: { issued: 0, open: 0 } }] });
    const behind = await officer.get(`/audits/${auditId}?minPosition=99999999999`);
    expect(behind.status).toBe(503);
    expect(behind.body).toMatchObject({ code: 'projection-behind', projection: 'audit-recommendations.v1' });
    expect((await officer.get('/audits/recommendations/open?minPosition=-1')).body).toMatchObject({ status: 400, code: 'validation-failed' });
  });

  it('gives the audit figures in the annual report, live and as of a moment', async () => {
    clock.set('2026-06-03T12:00:00.000Z');
    try {
      await ok(officer.post(`/audits/${auditId}/recommendations`, { findingId: null, description: 'Train the DBV desk.', dienst: 'DBV', issuedAt: '2026-06-03T10:00:00Z', dueAt: null }));
      const figures = async (asOf: string) => (await test.as('dpo').get(`/reports/annual/2026?asOf=${asOf}`)).body.audits as AuditFigures;
      expect((await figures('2026-06-02T00:00:00Z')).recommendations).toMatchObject({ issued: 3, implemented: 2, dpoInformed: 1, openAtYearEnd: 2 });
      expect((await figures('2026-06-03T12:00:00Z')).recommendations).toMatchObject({ issued: 4, openAtYearEnd: 3 });
      expect((await figures('2026-06-03T12:00:00Z')).wpg).toMatchObject({ internalAuditInYear: true, externalAuditInLastFourYears: true, latestExternalAuditAt: '2026-05-05T08:00:00.000Z' });
    } finally {
      clock.set('2026-06-01T12:00:00.000Z');
    }
  });

  it('is not for the supervisory authority nor an app', async () => {
    for (const role of ['supervisory-authority', 'app'] as const) {
      expect((await test.as(role).get('/audits')).status).toBe(403);
      expect((await test.as(role).get('/audits/recommendations/open')).status).toBe(403);
    }
  });
});
