import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { REGISTER_PROCESSING_ACTIVITY_EXAMPLE } from '../../src/processing-register/processing-examples.js';
import { FixedClock } from '../../src/shared/clock.js';
import { auditBody } from '../support/audit-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const activity = REGISTER_PROCESSING_ACTIVITY_EXAMPLE;
const audit = auditBody();

/** The register of processing activities and audit recommendations over HTTP. */
describe('the processing register and audits over HTTP', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await startTestApp({ clock: new FixedClock('2026-06-01T12:00:00.000Z') });
  });
  afterAll(async () => {
    await test.dispose();
  });

  it('registers, amends (the GS as owner, with a reason), publishes and retires a processing activity', async () => {
    const officer = test.as('privacy-officer');
    const cpo = test.as('cpo');
    const registered = await officer.post('/processing-activities', activity, { 'idempotency-key': randomUUID() });
    expect(registered.status).toBe(201);
    const id = registered.body.processingActivityId as string;
    const amended = await officer.post(`/processing-activities/${id}/amendments`, { changes: { owner: { kind: 'gs', name: 'GS', reason: 'No AD has been appointed yet.' } }, reason: 'Reorganisation.', amendedAt: '2026-03-10T10:00:00+01:00' }, { 'if-match': '"0"' });
    expect(amended.status).toBe(201);
    expect((await officer.post(`/processing-activities/${id}/publication`, { publishedAt: '2026-03-11T10:00:00+01:00' })).status).toBe(403);
    expect((await cpo.post(`/processing-activities/${id}/publication`, { publishedAt: '2026-03-11T10:00:00+01:00' })).status).toBe(201);
    expect((await cpo.post(`/processing-activities/${id}/retirement`, { retiredAt: '2026-04-01T10:00:00+02:00', reason: 'Permits moved to the national system.' })).status).toBe(201);
    expect((await officer.post(`/processing-activities/${id}/amendments`, { changes: { retention: 'One year' }, reason: 'Late change.', amendedAt: '2026-05-01T10:00:00+02:00' })).body).toMatchObject({ status: 422, code: 'processing-activity-retired' });
    const events = (await test.as('auditor').get(`/audit/streams/processing-${id}`)).body.events as { type: string }[];
    expect(events.map((e) => e.type)).toEqual(['ProcessingActivityRegistered', 'ProcessingActivityAmended', 'ProcessingActivityPublished', 'ProcessingActivityRetired']);
    expect((await officer.post('/processing-activities', { ...activity, owner: { kind: 'gs', name: 'GS', reason: null } })).body).toMatchObject({ status: 422, code: 'gs-owner-requires-reason' });
  });

  it('records an audit, its recommendation, the implementation and that the FG was informed of it', async () => {
    const officer = test.as('privacy-officer');
    const completed = await officer.post('/audits', audit, { 'idempotency-key': randomUUID() });
    expect(completed.status).toBe(201);
    const auditId = completed.body.auditId as string;
    const issued = await officer.post(`/audits/${auditId}/recommendations`, { findingId: 'B1', description: 'Inform the FG of every breach within a working day.', dienst: 'DSB', issuedAt: '2026-02-03T10:00:00+01:00', dueAt: null });
    expect(issued.status).toBe(201);
    const recommendationId = issued.body.recommendationId as string;
    const base = `/audits/${auditId}/recommendations/${recommendationId}`;
    expect((await officer.post(`${base}/dpo-notification`, { informedAt: '2026-04-02T10:00:00+02:00' })).body).toMatchObject({ status: 422, code: 'recommendation-not-implemented' });
    expect((await officer.post(`${base}/implementation`, { implementedAt: '2026-04-01T11:00:00+02:00', description: 'Every registration now goes to the FG.' })).status).toBe(201);
    expect((await test.as('dpo').post(`${base}/dpo-notification`, { informedAt: '2026-04-02T10:00:00+02:00' })).status).toBe(201);
    expect((await test.as('auditor').post('/audits', audit)).status).toBe(403);
  });
});
