import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FixedClock } from '../../src/shared/clock.js';
import { type client, registrationBody } from '../support/breach-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * GET /reports/annual/{year} keeps the figures it computed with the versions of the documents
 * they came from: the same figures while no projection moved, new ones after any event.
 */
describe('the yearly report, kept between requests', () => {
  let test: TestApp;
  let po: ReturnType<typeof client>;
  beforeAll(async () => {
    test = await startTestApp({ clock: new FixedClock('2021-12-20T12:00:00.000Z'), env: { DIENSTEN: 'DBV,SZW' } });
    po = test.as('privacy-officer');
  });
  afterAll(async () => {
    await test.dispose();
  });

  const register = async (awareAt: string) => {
    const response = await po.post('/breaches', registrationBody({ awareAt, occurredFrom: null, occurredTo: null, dienst: 'SZW' }));
    expect(response.status).toBe(201);
    return response.body as { breachId: string; position: string };
  };
  const annual = async (query: string) => {
    const response = await po.get(`/reports/annual/2021${query}`);
    expect(response.status).toBe(200);
    return response.body as { total: { registered: number; reported: number }; byMonth: { month: string; registered: number }[] };
  };

  it('answers the same figures again while nothing moved, and new figures after every event, in every year asked', async () => {
    const first = await register('2021-03-02T10:00:00+01:00');
    const before = await annual(`?minPosition=${first.position}`);
    expect(before.total.registered).toBe(1);
    expect(await annual('')).toEqual(before);
    expect((await po.get('/reports/annual/2020')).body).toMatchObject({ total: { registered: 0 } });

    const second = await register('2021-07-01T10:00:00+02:00');
    const after = await annual(`?minPosition=${second.position}`);
    expect(after.total.registered).toBe(2);
    expect(after.byMonth.find((month) => month.month === '2021-07')?.registered).toBe(1);

    const reported = await po.post(`/breaches/${second.breachId}/ap-reports`, { reportedAt: '2021-07-02T10:00:00+02:00', apReference: 'M-1', phase: 'final', lateReason: null });
    expect(reported.status).toBe(201);
    const now = await annual(`?minPosition=${(reported.body as { position: string }).position}`);
    expect(now.total).toMatchObject({ registered: 2, reported: 1 });
    // As of a moment (before anything was recorded here): folded from the log, never the kept figures of the live view.
    expect((await annual('?asOf=2021-06-01T00:00:00Z')).total).toMatchObject({ registered: 0, reported: 0 });
    expect(await annual('')).toEqual(now);
  });
});
