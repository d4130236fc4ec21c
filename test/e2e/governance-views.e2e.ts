import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { FixedClock } from '../../src/shared/clock.js';
import { activityBody as activity } from '../support/register-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const completion = (overrides: object = {}) => ({
  completedAt: '2026-04-01T11:00:00+02:00',
  residualRisk: 'medium',
  conclusion: 'Acceptable with the measures.',
  measures: ['Retention limited'],
  adviceFollowed: 'followed',
  withoutAdviceReason: null,
  measuresCannotReduceRisk: false,
  ...overrides,
});

/** The DPIA and register views and the annual report's DPIA and register parts, over HTTP. */
describe('DPIA and register views over HTTP', () => {
  let test: TestApp;
  const clock = new FixedClock('2026-03-01T12:00:00.000Z');
  let cameras: string;
  let permits: string;
  let reviewed: string;
  let unadvised: string;
  let lastPosition = '0';

  beforeAll(async () => {
    test = await startTestApp({ clock });
    const officer = test.as('privacy-officer');
    const post = async (url: string, body: object, headers: Record<string, string> = {}) => {
      const response = await officer.post(url, body, { 'idempotency-key': randomUUID(), ...headers });
      expect(response.status).toBe(201);
      lastPosition = response.body.position as string;
      return response.body as Record<string, string>;
    };
    cameras = (await post('/processing-activities', activity('Camera surveillance', 'DSB'))).processingActivityId!;
    permits = (await post('/processing-activities', activity('Social support', 'SZW'))).processingActivityId!;
    expect((await test.as('cpo').post(`/processing-activities/${cameras}/publication`, { publishedAt: '2026-02-10T10:00:00+01:00' })).status).toBe(201);
    reviewed = (await post('/dpias', { title: 'Cameras', dienst: 'DSB', processingActivityId: cameras, owner: 'AD DSB', startedAt: '2026-02-03T10:00:00+01:00' })).dpiaId!;
    expect((await test.as('dpo').post(`/dpias/${reviewed}/dpo-advice`, { advice: 'Keep recordings 28 days.', advisedAt: '2026-02-20T10:00:00+01:00' })).status).toBe(201);
    unadvised = (await post('/dpias', { title: 'Youth care data', dienst: 'SZW', processingActivityId: null, owner: 'AD SZW', startedAt: '2026-02-03T10:00:00+01:00' })).dpiaId!;
    clock.set('2026-04-15T12:00:00.000Z'); // completions and the amendment are recorded after 1 April
    await post(`/dpias/${reviewed}/completion`, completion());
    await post(`/dpias/${unadvised}/completion`, completion({ residualRisk: 'high', adviceFollowed: 'no-advice', withoutAdviceReason: 'The FG was not available in time.' }));
    clock.set('2026-05-02T12:00:00.000Z');
    await post(`/processing-activities/${cameras}/amendments`, { changes: { recipients: ['Enforcement', 'Police'] }, reason: 'Images are now shared with the police.', amendedAt: '2026-05-01T10:00:00+02:00' });
  });
  afterAll(async () => {
    await test.dispose();
  });

  it('shows one DPIA with its evidence, and refuses ids that name none', async () => {
    const dpo = test.as('dpo');
    const one = await dpo.get(`/dpias/${reviewed}?minPosition=${lastPosition}`);
    expect(one.status).toBe(200);
    expect(one.headers['projection-position']).toBeDefined();
    expect(one.body).toMatchObject({ dpiaId: reviewed, status: 'completed', completedWithoutDpoAdvice: false, processingActivityId: cameras, reviewDueAt: '2029-04-01T09:00:00.000Z' });
    expect((one.body.events as { type: string }[]).map((e) => e.type)).toEqual(['DpiaStarted', 'DpoAdviceOnDpiaGiven', 'DpiaCompleted']);
    expect((await dpo.get(`/dpias/${randomUUID()}`)).body).toMatchObject({ status: 404, code: 'dpia-not-found' });
    expect((await dpo.get('/dpias/not-a-uuid')).body).toMatchObject({ status: 404, code: 'dpia-not-found' });
  });

  it('lists DPIAs by the flags the FG asks for, and refuses a filter it does not know', async () => {
    const dpo = test.as('dpo');
    const flagged = await dpo.get(`/dpias?withoutDpoAdvice=true&minPosition=${lastPosition}`);
    expect(flagged.body).toMatchObject({ total: 1, page: 1, pageSize: 50, items: [{ dpiaId: unadvised, withoutAdviceReason: 'The FG was not available in time.' }] });
    expect((await dpo.get('/dpias?highRiskWithoutPriorConsultation=true')).body.items).toEqual([expect.objectContaining({ dpiaId: unadvised, priorConsultationRequired: false })]);
    expect((await dpo.get('/dpias?dienst=DSB&status=completed')).body.total).toBe(1);
    expect((await dpo.get('/dpias?status=finished')).body).toMatchObject({ status: 400, code: 'validation-failed' });
    expect((await dpo.get('/dpias?withoutDpoAdvice=maybe')).body).toMatchObject({ status: 400, code: 'validation-failed' });
  });

  it('makes the review due when the linked processing activity was amended after completion', async () => {
    const due = await test.as('privacy-officer').get(`/dpias/reviews-due?minPosition=${lastPosition}`);
    expect(due.status).toBe(200);
    expect(due.body).toMatchObject({ now: '2026-05-02T12:00:00.000Z', withinDays: 0 });
    expect(due.body.items).toEqual([
      expect.objectContaining({
        dpiaId: reviewed,
        dueAt: '2026-05-01T08:00:00.000Z',
        overdue: true,
        reasons: [expect.objectContaining({ kind: 'processing-amended', fields: ['recipients'], reason: 'Images are now shared with the police.', event: expect.objectContaining({ streamId: `processing-${cameras}` }) })],
      }),
    ]);
    expect((await test.as('privacy-officer').get('/dpias/reviews-due?withinDays=-1')).body).toMatchObject({ status: 400 });
  });

  it('gives the DPIA overview of a year as dienst x status with its trend and lists', async () => {
    const report = await test.as('dpo').get(`/reports/dpias/2026?minPosition=${lastPosition}`);
    expect(report.status).toBe(200);
    expect(report.body.total).toEqual({ inProgress: 0, completed: 2, started: 2, abandoned: 0 });
    expect(report.body.byDienst).toEqual(
      expect.arrayContaining([
        { dienst: 'DSB', dienstLabel: 'Dienst Stadsbeheer', inProgress: 0, completed: 1, started: 1, abandoned: 0 },
        { dienst: 'SZW', dienstLabel: 'Sociale Zaken en Werkgelegenheid', inProgress: 0, completed: 1, started: 1, abandoned: 0 },
      ]),
    );
    expect(report.body.trend).toEqual([{ year: 2026, inProgress: 0, completed: 2, started: 2, abandoned: 0 }]);
    expect(report.body.completedWithoutDpoAdvice).toEqual([expect.objectContaining({ dpiaId: unadvised })]);
    const before = await test.as('dpo').get('/reports/dpias/2026?asOf=2026-04-01T00:00:00Z');
    expect(before.body.total).toEqual({ inProgress: 2, completed: 0, started: 2, abandoned: 0 });
    expect((await test.as('dpo').get('/reports/dpias/20x6')).body).toMatchObject({ status: 400, code: 'validation-failed' });
  });

  it('shows the current register, one activity with its amendments, and the completeness report', async () => {
    const officer = test.as('privacy-officer');
    const register = await officer.get(`/processing-activities?minPosition=${lastPosition}`);
    expect(register.body).toMatchObject({ total: 2, items: [{ name: 'Camera surveillance' }, { name: 'Social support' }] });
    expect((await officer.get('/processing-activities?published=true')).body.items).toEqual([expect.objectContaining({ processingActivityId: cameras })]);
    const one = await officer.get(`/processing-activities/${cameras}`);
    expect(one.body).toMatchObject({ recipients: ['Enforcement', 'Police'], amendments: [{ fields: ['recipients'], changes: [{ field: 'recipients', from: ['Enforcement'], to: ['Enforcement', 'Police'] }] }] });
    expect((await officer.get(`/processing-activities/${randomUUID()}`)).body).toMatchObject({ status: 404, code: 'processing-activity-not-found' });
    const completeness = await officer.get('/processing-activities/completeness');
    expect(completeness.body.total).toMatchObject({ activities: 2, complete: 1, missingOwner: 0, missingLegalBasis: 0, dpiaNeededWithoutDpia: 1, byGap: { 'missing-controller': 0, 'missing-processors': 0 } });
    expect(completeness.body.incomplete).toEqual([expect.objectContaining({ processingActivityId: permits, gaps: ['dpia-needed-none-linked'] })]);
  });

  it('shows the published subset to every identity, without the internal administration', async () => {
    const published = await test.as('supervisory-authority').get(`/processing-activities/published?minPosition=${lastPosition}`);
    expect(published.status).toBe(200);
    expect(published.body.total).toBe(1);
    const [entry] = published.body.items as object[];
    expect(entry).toMatchObject({ processingActivityId: cameras, name: 'Camera surveillance', recipients: ['Enforcement', 'Police'] });
    expect(entry).not.toHaveProperty('owner');
    expect(entry).not.toHaveProperty('securityMeasures');
    expect((await test.as('supervisory-authority').get('/processing-activities/completeness')).status).toBe(403);
  });

  it('puts the DPIA, register and audit figures into the annual report, live and as of a moment', async () => {
    const report = await test.as('dpo').get(`/reports/annual/2026?minPosition=${lastPosition}`);
    expect(report.status).toBe(200);
    expect(report.body.total).toMatchObject({ registered: 0 });
    expect(report.body.dpias).toMatchObject({ year: 2026, total: { completed: 2 } });
    expect(report.body.processingRegister).toMatchObject({
      year: 2026,
      registered: 2,
      amendments: 1,
      published: 1,
      retired: 0,
      atYearEnd: { activities: 2, complete: 1, missingOwner: 0, missingLegalBasis: 0, dpiaNeededWithoutDpia: 1, published: 1 },
    });
    expect(report.body.audits).toMatchObject({ year: 2026, auditsCompleted: { total: 0 }, wpg: { internalAuditInYear: false } });
    const before = await test.as('dpo').get('/reports/annual/2026?asOf=2026-04-01T00:00:00Z');
    expect(before.body.dpias).toMatchObject({ total: { completed: 0, inProgress: 2 } });
    expect(before.body.processingRegister).toMatchObject({ registered: 2, amendments: 0 });
  });
});
