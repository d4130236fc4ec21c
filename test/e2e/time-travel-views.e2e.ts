import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { FixedClock } from '../../src/shared/clock.js';
import { auditBody } from '../support/audit-requests.js';
import { registrationBody, type client } from '../support/breach-requests.js';
import { activityBody } from '../support/register-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';


/** Recorded by the first clock; THEN lies between it and the second, NOW is the second. */
const FIRST = '2026-03-02T12:00:00.000Z';
const THEN = '2026-03-04T12:00:00.000Z';
const NOW = '2026-03-10T12:00:00.000Z';

/** Every view as of a moment: what was recorded later is not yet there, and asOf=now is the live view. */
describe('time travel on every view, over HTTP', () => {
  const clock = new FixedClock(FIRST);
  let test: TestApp;
  let officer: ReturnType<typeof client>;
  let last = '0';
  const ids = { early: '', late: '', activity: '', laterActivity: '', dpia: '', audit: '', recommendation: '' };

  const ok = async (response: Promise<{ status: number; body: Record<string, unknown> }>) => {
    const { status, body } = await response;
    expect([status, body]).toEqual([201, expect.anything()]);
    last = body.position as string;
    return body as Record<string, string>;
  };

  beforeAll(async () => {
    test = await startTestApp({ clock });
    officer = test.as('privacy-officer');
    const key = () => ({ 'idempotency-key': randomUUID() });
    ids.early = (await ok(officer.post('/breaches', registrationBody(), key()))).breachId!;
    ids.activity = (await ok(officer.post('/processing-activities', activityBody('Camera surveillance', 'DSB'), key()))).processingActivityId!;
    await ok(test.as('cpo').post(`/processing-activities/${ids.activity}/publication`, { publishedAt: '2026-02-10T10:00:00+01:00' }));
    ids.dpia = (await ok(officer.post('/dpias', { title: 'Cameras', dienst: 'DSB', processingActivityId: ids.activity, owner: 'AD DSB', startedAt: '2026-02-03T10:00:00+01:00' }, key()))).dpiaId!;
    ids.audit = (await ok(officer.post('/audits', auditBody(), key()))).auditId!;
    ids.recommendation = (
      await ok(officer.post(`/audits/${ids.audit}/recommendations`, { findingId: 'B1', description: 'Act on B1.', dienst: 'DSB', issuedAt: '2026-02-03T10:00:00+01:00', dueAt: '2026-09-01T00:00:00+02:00' }))
    ).recommendationId!;

    clock.set(NOW);
    await ok(officer.post(`/breaches/${ids.early}/ap-reports`, { reportedAt: '2026-03-04T15:30:00Z', apReference: 'M-1', phase: 'preliminary' }));
    await ok(officer.post(`/breaches/${ids.early}/corrections`, { corrections: { dienst: 'DSO' }, reason: 'It was the DSO letter run.' }));
    ids.late = (await ok(officer.post('/breaches', registrationBody({ title: 'Mail to the wrong list', awareAt: '2026-03-05T10:00:00+01:00' }), key()))).breachId!;
    await ok(
      officer.post(`/breaches/${ids.late}/ap-reports`, {
        reportedAt: '2026-03-10T11:00:00Z',
        apReference: 'M-2',
        phase: 'final',
        lateReason: { code: 'not-recognised', explanation: 'It was taken for a postal error.' },
      }),
    );
    await ok(
      officer.post(`/dpias/${ids.dpia}/completion`, {
        completedAt: '2026-03-08T11:00:00+01:00',
        residualRisk: 'medium',
        conclusion: 'Acceptable with the measures.',
        measures: ['Retention limited'],
        adviceFollowed: 'no-advice',
        withoutAdviceReason: 'The FG was not available in time.',
        measuresCannotReduceRisk: false,
      }),
    );
    await ok(officer.post(`/processing-activities/${ids.activity}/amendments`, { changes: { recipients: ['Enforcement', 'Police'] }, reason: 'Shared with the police now.', amendedAt: '2026-03-09T10:00:00+01:00' }));
    ids.laterActivity = (await ok(officer.post('/processing-activities', activityBody('Social support', 'DSB'), key()))).processingActivityId!;
    const recommendation = `/audits/${ids.audit}/recommendations/${ids.recommendation}`;
    await ok(officer.post(`${recommendation}/implementation`, { implementedAt: '2026-03-09T11:00:00+01:00', description: 'Every registration now goes to the FG.' }));
    await ok(test.as('dpo').post(`${recommendation}/dpo-notification`, { informedAt: '2026-03-09T12:00:00+01:00' }));
  });
  afterAll(async () => {
    await test.dispose();
  });

  const then = async (url: string) => {
    const response = await officer.get(`${url}${url.includes('?') ? '&' : '?'}asOf=${THEN}`);
    expect([response.status, response.headers['projection-as-of']]).toEqual([200, THEN]);
    expect(response.body.asOf).toBe(THEN);
    return response.body;
  };
  const live = async (url: string) => {
    const response = await officer.get(`${url}${url.includes('?') ? '&' : '?'}minPosition=${last}`);
    expect(response.status).toBe(200);
    return response.body;
  };

  const routes = () => [
    '/breaches',
    '/breaches?status=reported-on-time&pageSize=1',
    `/breaches/${ids.early}`,
    '/breaches/deadlines',
    '/reports/late-reporting?year=2026',
    '/reports/annual/2026',
    '/reports/dpias/2026',
    '/dpias',
    '/dpias?status=completed',
    `/dpias/${ids.dpia}`,
    '/dpias/reviews-due',
    '/processing-activities',
    `/processing-activities/${ids.activity}`,
    '/processing-activities/completeness',
    '/processing-activities/published',
    '/audits',
    `/audits/${ids.audit}`,
    '/audits/recommendations/open',
  ];

  it('gives every view as of now exactly as the live view, with the moment it reflects', async () => {
    for (const url of routes()) {
      const current = await live(url);
      const travelled = await officer.get(`${url}${url.includes('?') ? '&' : '?'}asOf=${NOW}`);
      expect([url, travelled.status, travelled.headers['projection-as-of']]).toEqual([url, 200, NOW]);
      expect(travelled.headers['projection-position']).toMatch(/^\d+$/);
      expect([url, travelled.body]).toEqual([url, { ...current, asOf: NOW }]);
    }
  });

  it('lists the breaches as they stood: a later registration absent, a later correction not applied, the status of then', async () => {
    expect((await live('/breaches')).total).toBe(2);
    expect(await then('/breaches')).toMatchObject({ total: 1, items: [{ breachId: ids.early, dienst: 'SZW', status: 'at-risk', reportingStatus: 'awaiting-report' }] });
    expect((await then('/breaches?status=at-risk')).items).toEqual([expect.objectContaining({ breachId: ids.early })]);
    expect((await then('/breaches?status=reported-on-time')).total).toBe(0);
    expect(await live('/breaches?pageSize=1&page=2')).toMatchObject({ total: 2, page: 2, items: [{ breachId: ids.early, dienst: 'DSO' }] });
    expect((await officer.get(`/breaches/${ids.late}?asOf=${THEN}`)).body).toMatchObject({ status: 404, code: 'breach-not-found' });
  });

  it('judges deadlines and late reporting at the moment asked', async () => {
    expect(await then('/breaches/deadlines')).toMatchObject({ now: THEN, breaches: [{ breachId: ids.early, status: 'at-risk' }] });
    expect((await live('/breaches/deadlines')).breaches).toEqual([]);
    expect((await then('/reports/late-reporting?year=2026')).lateReports).toEqual([]);
    expect((await live('/reports/late-reporting?year=2026')).lateReports).toEqual([expect.objectContaining({ breachId: ids.late })]);
  });

  it('shows the DPIAs before their completion, and no review due yet', async () => {
    expect(await then(`/dpias/${ids.dpia}`)).toMatchObject({ status: 'in-progress', completedAt: null });
    expect((await then('/dpias?status=completed')).total).toBe(0);
    expect((await live('/dpias?status=completed')).total).toBe(1);
    expect(await then('/dpias/reviews-due')).toMatchObject({ now: THEN, items: [] });
    expect((await live('/dpias/reviews-due')).items).toEqual([expect.objectContaining({ dpiaId: ids.dpia })]);
  });

  it('shows the register before a later amendment and a later registration', async () => {
    expect(await then(`/processing-activities/${ids.activity}`)).toMatchObject({ recipients: ['Enforcement'], amendments: [] });
    expect((await then('/processing-activities')).total).toBe(1);
    expect((await live('/processing-activities')).total).toBe(2);
    expect((await then('/processing-activities/published')).items).toEqual([expect.objectContaining({ processingActivityId: ids.activity, recipients: ['Enforcement'] })]);
    expect((await then('/processing-activities/completeness')).incomplete).toEqual([]);
    expect((await live('/processing-activities/completeness')).incomplete).toEqual([expect.objectContaining({ processingActivityId: ids.laterActivity })]);
    expect((await officer.get(`/processing-activities/${ids.laterActivity}?asOf=${THEN}`)).status).toBe(404);
  });

  it('keeps a recommendation implemented later open as of before', async () => {
    const open = await then('/audits/recommendations/open');
    expect(open).toMatchObject({ now: THEN, total: { open: 1, notImplemented: 1 } });
    expect((await live('/audits/recommendations/open')).total).toMatchObject({ open: 0 });
    expect((await then(`/audits/${ids.audit}`)).recommendations).toEqual([expect.objectContaining({ recommendationId: ids.recommendation, implementedAt: null, settled: false })]);
    expect((await then('/audits')).items).toEqual([expect.objectContaining({ auditId: ids.audit, recommendations: { issued: 1, implemented: 0, dpoInformed: 0, open: 1 } })]);
    expect((await live('/audits')).items).toEqual([expect.objectContaining({ auditId: ids.audit, recommendations: { issued: 1, implemented: 1, dpoInformed: 1, open: 0 } })]);
  });

  it('documents asOf on every view route, without an example the OpenAPI UI would send', async () => {
    const document = (await officer.get('/docs-json')).body as { paths: Record<string, { get?: { parameters?: { name: string; in: string; required?: boolean; example?: unknown; schema?: { example?: unknown } }[] } }> };
    const views = [...new Set(routes().map((url) => url.split('?')[0]!.replace(ids.early, '{breachId}').replace(ids.dpia, '{dpiaId}').replace(ids.activity, '{processingActivityId}').replace(ids.audit, '{auditId}').replace('2026', '{year}')))];
    for (const path of views) {
      const parameters = document.paths[path]?.get?.parameters ?? [];
      expect([path, parameters.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name)]).toEqual([path, expect.arrayContaining(['asOf', 'minPosition'])]);
      const prefilled = parameters.filter((parameter) => parameter.in === 'query' && !parameter.required && (parameter.example !== undefined || parameter.schema?.example !== undefined));
      expect([path, prefilled.map((parameter) => parameter.name)]).toEqual([path, []]);
    }
  });

  it('refuses an asOf that is malformed, in the future, or given with minPosition', async () => {
    expect((await officer.get('/dpias?asOf=yesterday')).body).toMatchObject({ status: 400, code: 'validation-failed', errors: [{ pointer: '/asOf' }] });
    expect((await officer.get('/audits?asOf=2026-03-12T12:00:00Z')).body).toMatchObject({ status: 400, code: 'as-of-in-future', asOf: '2026-03-12T12:00:00.000Z', now: NOW });
    expect((await officer.get('/processing-activities?asOf=2026-03-10T12:04:00Z')).status).toBe(200); // within the allowed skew
    expect((await officer.get(`/breaches/deadlines?asOf=${THEN}&minPosition=1`)).body).toMatchObject({ status: 400, code: 'as-of-with-min-position' });
  });
});
