import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { FixedClock } from '../../src/shared/clock.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const start = { title: 'Camera surveillance in the city centre', dienst: 'DSB', processingActivityId: null, owner: 'AD DSB', startedAt: '2026-02-02T10:00:00+01:00' };
const completion = {
  completedAt: '2026-04-01T11:00:00+02:00',
  residualRisk: 'high',
  conclusion: 'The risk of function creep remains high.',
  measures: ['Recordings deleted after 28 days', 'Every access logged'],
  adviceFollowed: 'partly',
  withoutAdviceReason: null,
  measuresCannotReduceRisk: true,
};

/** A DPIA over HTTP, with the conventions of the breach commands. */
describe('DPIA commands over HTTP', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await startTestApp({ clock: new FixedClock('2026-06-01T12:00:00.000Z') });
  });
  afterAll(async () => {
    await test.dispose();
  });

  it('runs a DPIA with a high residual risk through prior consultation of the AP', async () => {
    const officer = test.as('privacy-officer');
    const key = randomUUID();
    const started = await officer.post('/dpias', start, { 'idempotency-key': key });
    expect(started.status).toBe(201);
    const dpiaId = started.body.dpiaId as string;
    expect(started.body).toMatchObject({ revision: 0, position: expect.stringMatching(/^\d+$/) });
    expect((await officer.post('/dpias', start, { 'idempotency-key': key })).body).toEqual(started.body);

    expect((await officer.post(`/dpias/${dpiaId}/dpo-advice`, { advice: 'Limit retention.', advisedAt: '2026-03-02T10:00:00+01:00' })).status).toBe(403);
    const advice = await test.as('dpo').post(`/dpias/${dpiaId}/dpo-advice`, { advice: 'Limit retention to 28 days.', advisedAt: '2026-03-02T10:00:00+01:00' }, { 'if-match': '"0"' });
    expect(advice.status).toBe(201);
    expect((await officer.post(`/dpias/${dpiaId}/completion`, completion, { 'if-match': '"0"' })).body).toMatchObject({ status: 409, code: 'revision-conflict', currentRevision: 1 });
    expect((await officer.post(`/dpias/${dpiaId}/completion`, completion, { 'if-match': '"1"' })).status).toBe(201);
    // Art. 36: the review waits for the AP's answer on a high risk the measures cannot reduce.
    expect((await officer.post(`/dpias/${dpiaId}/reviews`, { reviewedAt: '2026-05-01T10:00:00+02:00', outcome: 'Unchanged.', nextReviewDue: null })).body).toMatchObject({ status: 422, code: 'prior-consultation-required' });
    expect((await officer.post(`/dpias/${dpiaId}/prior-consultation-requests`, { requestedAt: '2026-04-02T11:00:00+02:00', apReference: 'AP-VB-2026-17' })).status).toBe(201);
    expect((await officer.post(`/dpias/${dpiaId}/prior-consultation-conclusions`, { concludedAt: '2026-05-20T11:00:00+02:00', outcome: 'No objection.', apReference: 'AP-VB-2026-17' })).status).toBe(201);
    const stream = await test.as('auditor').get(`/audit/streams/dpia-${dpiaId}`);
    expect((stream.body.events as { type: string }[]).map((e) => e.type)).toEqual(['DpiaStarted', 'DpoAdviceOnDpiaGiven', 'DpiaCompleted', 'PriorConsultationRequested', 'PriorConsultationConcluded']);
  });

  it('answers malformed and unknown requests with problem+json', async () => {
    const officer = test.as('privacy-officer');
    expect((await officer.post('/dpias', { ...start, startedAt: 'last week', colour: 'red' })).body).toMatchObject({ status: 400, code: 'validation-failed' });
    expect((await officer.post(`/dpias/${randomUUID()}/abandonment`, { abandonedAt: '2026-03-10T10:00:00+01:00', reason: 'Dropped.' })).body).toMatchObject({ status: 404 });
    expect((await officer.post('/dpias', { ...start, dienst: 'NOPE' })).body).toMatchObject({ status: 422, code: 'unknown-dienst' });
  });
});
