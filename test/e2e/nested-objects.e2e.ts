import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';
import { registrationBody } from '../support/breach-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** A nested request object must be a JSON object: an array in its place is refused with 400, and nothing is written. */
describe('arrays where objects are expected', () => {
  let test: TestApp;
  let store: EventStore;
  let breachId: string;
  beforeAll(async () => {
    test = await startTestApp();
    store = test.app.get<EventStore>(EVENT_STORE);
    breachId = await test.as('privacy-officer').register();
  });
  afterAll(async () => {
    await test.dispose();
  });

  const report = { reportedAt: '2026-03-04T16:30:00+01:00', apReference: 'M-2026-004711', phase: 'preliminary' };
  const correction = { corrections: { title: 'Letter sent to the wrong address' }, reason: 'The title was misleading.' };
  const cases: [string, () => string, Record<string, unknown>, string][] = [
    ['discovery: []', () => '/breaches', registrationBody({ discovery: [] }), '/discovery'],
    ['dataSubjects: []', () => '/breaches', registrationBody({ dataSubjects: [] }), '/dataSubjects'],
    ['discovery: [a valid discovery]', () => '/breaches', registrationBody({ discovery: [{ how: 'x', processor: null }] }), '/discovery'],
    ['lateReason: [] in an AP report', () => `/breaches/${breachId}/ap-reports`, { ...report, lateReason: [] }, '/lateReason'],
    ['corrections: []', () => `/breaches/${breachId}/corrections`, { ...correction, corrections: [] }, '/corrections'],
    ['corrections: [{}]', () => `/breaches/${breachId}/corrections`, { ...correction, corrections: [{}] }, '/corrections'],
    ['corrections.dataSubjects: []', () => `/breaches/${breachId}/corrections`, { ...correction, corrections: { dataSubjects: [] } }, '/corrections/dataSubjects'],
    ['lateReason: [] in a correction', () => `/breaches/${breachId}/corrections`, { ...correction, lateReason: [] }, '/lateReason'],
  ];

  it.each(cases)('refuses %s with 400 validation-failed at its pointer and writes nothing', async (_name, url, body, pointer) => {
    const before = await store.headPosition();
    const response = await test.as('privacy-officer').post(url(), body);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 400, code: 'validation-failed', errors: [expect.objectContaining({ pointer })] });
    expect(await store.headPosition()).toBe(before);
  });

  it('refuses a required nested object that is missing or null, rather than failing on it (500)', async () => {
    const example = (await test.as('privacy-officer').get('/docs-json')).body as { paths: Record<string, { post?: { requestBody?: { content: Record<string, { examples?: Record<string, { value: Record<string, unknown> }> }> } } }> };
    const activity = example.paths['/processing-activities']?.post?.requestBody?.content['application/json']?.examples?.example?.value as Record<string, unknown>;
    expect(activity).toBeDefined();
    const before = await store.headPosition();
    for (const owner of [undefined, null]) {
      const { owner: _owner, ...rest } = activity;
      const response = await test.as('privacy-officer').post('/processing-activities', owner === undefined ? rest : { ...rest, owner });
      expect([response.status, response.body.code, response.body.errors]).toEqual([400, 'validation-failed', expect.arrayContaining([expect.objectContaining({ pointer: '/owner' })])]);
    }
    const withoutDiscovery = registrationBody();
    delete withoutDiscovery.discovery;
    expect((await test.as('privacy-officer').post('/breaches', withoutDiscovery)).status).toBe(400);
    expect(await store.headPosition()).toBe(before);
  });

  it('refuses an array of arrays where a list of objects is expected', async () => {
    const response = await test.as('privacy-officer').post('/audits', { title: 'Audit', kind: 'internal', auditor: 'Office', scope: 'All', completedAt: '2026-02-02T10:00:00+01:00', findings: [[{ findingId: 'B1', description: 'x' }]] });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'validation-failed', errors: [expect.objectContaining({ pointer: '/findings/0' })] });
  });
});
