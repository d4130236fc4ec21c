import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FixedClock } from '../../src/shared/clock.js';
import { auditBody } from '../support/audit-requests.js';
import { type client, registrationBody } from '../support/breach-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const NOW = '2021-12-20T12:00:00.000Z';

/**
 * The rules an FG judges the register by, over HTTP: re-filing after a withdrawal, withdrawal
 * grounds, revoking a waiver, erasure only after closure, closure with a root cause, the clock
 * of a processor case, the regime, links to audit recommendations, and the figures they give.
 */
describe('breach rules as the FG judges them, over HTTP', () => {
  let test: TestApp;
  let po: ReturnType<typeof client>;
  let position = '0';
  beforeAll(async () => {
    test = await startTestApp({ clock: new FixedClock(NOW), env: { DIENSTEN: 'DBV,SZW' } });
    po = test.as('privacy-officer');
  });
  afterAll(async () => {
    await test.dispose();
  });

  const ok = async (url: string, body: Record<string, unknown>, as = po) => {
    const response = await as.post(url, body);
    expect({ url, status: response.status, body: response.body }).toMatchObject({ url, status: 201 });
    position = response.body.position as string;
    return response.body;
  };
  const refused = async (url: string, body: Record<string, unknown>, code: string, status = 422, as = po) => {
    const response = await as.post(url, body);
    expect({ url, status: response.status, code: response.body.code }).toEqual({ url, status, code });
  };
  const register = async (overrides: Record<string, unknown> = {}) => (await ok('/breaches', registrationBody({ awareAt: '2021-03-02T10:00:00+01:00', occurredFrom: null, occurredTo: null, ...overrides }))).breachId as string;
  const assessReportable = (id: string, notify = false) =>
    ok(`/breaches/${id}/assessments`, { assessedAt: '2021-03-02T12:00:00+01:00', risk: notify ? 'high' : 'risk', severity: 'beperkt', reportable: true, notifyDataSubjects: notify, rationale: null });

  let refiledId: string;
  it('re-files a withdrawn report under a new meldnummer; the first filing decides lateness', async () => {
    refiledId = await register();
    await assessReportable(refiledId);
    await ok(`/breaches/${refiledId}/ap-reports`, { reportedAt: '2021-03-06T10:00:00+01:00', apReference: 'M-1', phase: 'preliminary', lateReason: { code: 'staff-unavailable', explanation: 'Weekend.' } });
    await refused(`/breaches/${refiledId}/ap-report-withdrawals`, { withdrawnAt: '2021-03-07T10:00:00+01:00', reason: 'Wrong form.' }, 'validation-failed', 400);
    await ok(`/breaches/${refiledId}/ap-report-withdrawals`, { withdrawnAt: '2021-03-07T10:00:00+01:00', ground: 'other', reason: 'Filed with the wrong form.' });
    await refused(`/breaches/${refiledId}/ap-reports`, { reportedAt: '2021-03-08T10:00:00+01:00', apReference: 'M-1', phase: 'final', lateReason: null }, 'ap-reference-already-used');
    await ok(`/breaches/${refiledId}/ap-reports`, { reportedAt: '2021-03-08T10:00:00+01:00', apReference: 'M-2', phase: 'final', lateReason: null });
    const timeline = (await po.get(`/breaches/${refiledId}?minPosition=${position}`)).body;
    expect(timeline).toMatchObject({ reportedAt: '2021-03-06T09:00:00.000Z', apReference: 'M-2', late: true, reportingStatus: 'reported-late', withdrawnAt: null, withdrawalGround: 'other', refilings: 1 });
  });

  it('closes a reported breach only with a root cause (or an explicit unknown), then erases; erasure is refused while open', async () => {
    await refused(`/breaches/${refiledId}/personal-data-erasure`, { reason: 'Retention ended.' }, 'breach-open', 422, test.as('dpo'));
    await refused(`/breaches/${refiledId}/closure`, { closedAt: '2021-03-20T10:00:00+01:00', summary: 'Done.' }, 'closure-requires-root-cause');
    await ok(`/breaches/${refiledId}/root-causes`, { category: 'unknown', description: 'The logs were gone before anyone looked.' });
    await ok(`/breaches/${refiledId}/closure`, { closedAt: '2021-03-20T10:00:00+01:00', summary: 'Done.' });
    await ok(`/breaches/${refiledId}/personal-data-erasure`, { reason: 'Retention ended.' }, test.as('dpo'));
  });

  it('revokes a waiver of the communication: it is owed again before closure', async () => {
    const id = await register({ dienst: 'DBV' });
    await assessReportable(id, true);
    await ok(`/breaches/${id}/ap-reports`, { reportedAt: '2021-03-03T10:00:00+01:00', apReference: 'M-3', phase: 'final', lateReason: null });
    await ok(`/breaches/${id}/root-causes`, { category: 'technical', description: 'An unpatched server.' });
    await refused(`/breaches/${id}/data-subject-notification-waiver-revocations`, { revokedAt: '2021-03-04T10:00:00+01:00', cause: 'ap-required', reason: 'x' }, 'notification-not-waived');
    await ok(`/breaches/${id}/data-subject-notification-waivers`, { waivedAt: '2021-03-04T10:00:00+01:00', ground: 'unintelligible-data', explanation: 'The disk was encrypted.', publicCommunication: null });
    await refused(`/breaches/${id}/data-subject-notification-waiver-revocations`, { revokedAt: '2021-03-05T10:00:00+01:00', cause: 'because', reason: 'x' }, 'validation-failed', 400);
    await ok(`/breaches/${id}/data-subject-notification-waiver-revocations`, { revokedAt: '2021-03-05T10:00:00+01:00', cause: 'ap-required', reason: 'The AP found the key on the same disk.' });
    await refused(`/breaches/${id}/closure`, { closedAt: '2021-03-20T10:00:00+01:00', summary: 'Done.' }, 'data-subjects-not-notified');
    await refused(`/breaches/${id}/data-subject-notification-waivers`, { waivedAt: '2021-03-06T10:00:00+01:00', ground: 'high-risk-removed', explanation: 'x', publicCommunication: null }, 'notification-required-by-ap');
    await ok(`/breaches/${id}/data-subject-notifications`, { notifiedAt: '2021-03-06T10:00:00+01:00', count: 3, channel: 'letter' });
    await ok(`/breaches/${id}/closure`, { closedAt: '2021-03-20T10:00:00+01:00', summary: 'Done.' });
    const timeline = (await po.get(`/breaches/${id}?minPosition=${position}`)).body;
    expect(timeline).toMatchObject({ notificationWaiver: null, waiverRevocation: { cause: 'ap-required', revokedAt: '2021-03-05T09:00:00.000Z' }, rootCauseCategory: 'technical' });
  });

  it('starts the clock of a processor case when the processor informed the municipality', async () => {
    await refused('/breaches', registrationBody({ awareAt: '2021-03-02T10:00:00+01:00', occurredFrom: null, occurredTo: null, processorInformedAt: '2021-03-06T10:00:00+01:00' }), 'processor-informed-at-requires-processor');
    const registered = await po.post(
      '/breaches',
      registrationBody({ awareAt: '2021-03-02T10:00:00+01:00', occurredFrom: null, occurredTo: null, discovery: { how: 'E-mail of the processor', processor: 'Print BV' }, processorInformedAt: '2021-03-06T10:00:00+01:00', regime: 'wpg' }),
    );
    expect(registered.body).toMatchObject({ deadline: '2021-03-09T09:00:00.000Z' });
    const id = registered.body.breachId as string;
    await assessReportable(id);
    // 5 days after awareAt, 2 after the processor informed the municipality: on time, no reason needed.
    await ok(`/breaches/${id}/ap-reports`, { reportedAt: '2021-03-07T10:00:00+01:00', apReference: 'M-4', phase: 'final', lateReason: null });
    const timeline = (await po.get(`/breaches/${id}?minPosition=${position}`)).body;
    expect(timeline).toMatchObject({ awareAt: '2021-03-02T09:00:00.000Z', processorInformedAt: '2021-03-06T09:00:00.000Z', deadline: '2021-03-09T09:00:00.000Z', late: false, hoursToReport: 24, regime: 'wpg' });
    expect(timeline.registrationDelayHours).toBeGreaterThan(24 * 200); // still measured from awareAt
  });

  it('links a breach to an audit recommendation, also after closure, and shows it in the cause analysis and the annual report', async () => {
    const auditId = (await ok('/audits', auditBody({ completedAt: '2021-01-10T10:00:00+01:00' }))).auditId as string;
    const recommendationId = (await ok(`/audits/${auditId}/recommendations`, { findingId: 'B1', description: 'Check addresses twice.', dienst: 'SZW', issuedAt: '2021-01-11T10:00:00+01:00', dueAt: null }))
      .recommendationId as string;
    const link = { auditId, recommendationId, relation: 'should-have-prevented', linkedAt: '2021-04-01T10:00:00+02:00' };
    await refused(`/breaches/${refiledId}/recommendation-links`, { ...link, recommendationId: '00000000-0000-4000-8000-000000000000' }, 'recommendation-not-found');
    await ok(`/breaches/${refiledId}/recommendation-links`, link, test.as('dpo'));
    await refused(`/breaches/${refiledId}/recommendation-links`, link, 'recommendation-already-linked');
    // A repeat: the same kind in the same dienst within the window.
    const repeat = await register({ awareAt: '2021-04-10T10:00:00+02:00' });

    const causes = await po.get(`/reports/breach-causes/2021?period=month&repeatWindowDays=60&minPosition=${position}`);
    expect(causes.status).toBe(200);
    expect(causes.body).toMatchObject({ year: 2021, period: 'month', repeatWindowDays: 60 });
    expect(causes.body.periods).toHaveLength(12);
    expect(causes.body.total).toMatchObject({ registered: 4, byIncidentKind: { 'wrong-recipient': 4 }, byRootCause: { unknown: 1, technical: 1, none: 2 }, repeatIncidents: 2 }); // three in SZW within the window: two repeats
    expect((causes.body.repeatIncidents as { breaches: { breachId: string }[] }[]).map((s) => s.breaches.map((b) => b.breachId)).flat()).toContain(repeat);
    expect(causes.body.recommendationLinks).toEqual([
      expect.objectContaining({ breachId: refiledId, relation: 'should-have-prevented', recommendationId, recommendation: expect.objectContaining({ description: 'Check addresses twice.', settled: false }) }),
    ]);
    expect((causes.body.trend as { year: number }[]).map((t) => t.year)).toEqual([2019, 2020, 2021]);
    expect((await po.get('/reports/breach-causes/2021?period=week')).body).toMatchObject({ code: 'validation-failed' });

    const annual = await po.get(`/reports/annual/2021?minPosition=${position}`);
    expect(annual.status).toBe(200);
    expect(annual.body.total).toMatchObject({ registered: 4, reported: 3, reportedLate: 1, withdrawn: 1, withdrawnNoBreach: 0, withdrawnOtherGround: 1, refiled: 1, lateWithoutValidExcuse: 1, closedWithoutRootCause: 1, closedRootCauseUnknown: 1 });
    expect((annual.body.byRegime as { regime: string; registered: number }[]).map((line) => [line.regime, line.registered])).toEqual([
      ['avg', 3],
      ['wpg', 1],
    ]);
    expect(annual.body.causes).toMatchObject({ period: 'quarter', total: { registered: 4 } });

    const late = await po.get(`/reports/late-reporting?year=2021&minPosition=${position}`);
    expect(late.body).toMatchObject({ reportedLate: 1, lateWithoutValidExcuse: 1 });
    expect((late.body.lateReports as object[])[0]).toMatchObject({ breachId: refiledId, withoutValidExcuse: true, verdictContradictsAp: false });
  });
});
