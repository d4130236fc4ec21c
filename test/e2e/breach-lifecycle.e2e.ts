import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';
import { verifyStream } from '../../src/event-store/verify.js';
import { FixedClock } from '../../src/shared/clock.js';
import { type client, registrationBody } from '../support/breach-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const NOW = '2026-03-25T12:00:00.000Z';

/** A breach from detection to closure over HTTP, each step based on the revision before it. */
describe('a breach from detection to closure', () => {
  let test: TestApp;
  let http: ReturnType<typeof client>;
  let fg: ReturnType<typeof client>;
  beforeAll(async () => {
    test = await startTestApp({ clock: new FixedClock(NOW) });
    http = test.as('privacy-officer');
    fg = test.as('dpo');
  });
  afterAll(async () => {
    await test.dispose();
  });

  it('records every step, refuses what closure ended, and keeps a verifiable chain', async () => {
    const registered = await http.post('/breaches', registrationBody());
    expect(registered.status).toBe(201);
    const breachId = registered.body.breachId as string;
    let revision = 0;
    const step = async (subResource: string, body: Record<string, unknown>, as = http) => {
      const response = await as.post(`/breaches/${breachId}/${subResource}`, body, { 'if-match': `"${revision}"` });
      expect({ subResource, status: response.status, body: response.body }).toMatchObject({ subResource, status: 201, body: { breachId, revision: revision + 1 } });
      revision += 1;
      return response.body;
    };

    await step('dpo-notifications', { informedAt: '2026-03-02T12:00:00+01:00', informedBy: 'privacy officer SZW' });
    await step('dpo-advice', { advice: 'Report preliminarily today and inform the applicant.', advisedAt: '2026-03-02T15:00:00+01:00' }, fg);
    await step('assessments', { assessedAt: '2026-03-02T16:00:00+01:00', risk: 'high', severity: 'aanzienlijk', reportable: true, notifyDataSubjects: true, rationale: 'Income data of a named applicant.' });
    const measure = await step('measures', { description: 'Asked the neighbour to return the letter.', purpose: 'containment', takenAt: '2026-03-02T17:00:00+01:00' });
    expect(measure.measureId).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
    const lateReason = { code: 'internal-escalation', explanation: 'The service desk passed the call on two days late.' };
    await step('ap-reports', { reportedAt: '2026-03-05T16:30:00+01:00', apReference: 'M-2026-004711', phase: 'preliminary', lateReason });
    await step('ap-report-supplements', { supplementedAt: '2026-03-06T11:00:00+01:00', changes: 'The letter was retrieved unopened.', phase: 'final' });
    await step('data-subject-notifications', { notifiedAt: '2026-03-06T12:00:00+01:00', count: 1, channel: 'letter' });
    await step('root-causes', { category: 'human-error', description: 'The address was copied from an old case file.' });
    await step('late-reason-verdicts', { verdict: 'not-accepted', comment: 'Internal escalation is no reason the AP accepts.', assessedAt: '2026-03-07T11:00:00+01:00' }, fg);
    await step('corrections', { corrections: { dataSubjects: { kind: 'range', min: 1, max: 2 } }, reason: 'A second applicant was named in the letter.' });
    await step('closure', { closedAt: '2026-03-20T16:00:00+01:00', summary: 'Letter retrieved, applicant informed, address check added.' });

    const refused = await http.post(`/breaches/${breachId}/measures`, { description: 'Too late.', purpose: 'prevention', takenAt: '2026-03-21T10:00:00+01:00' });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'breach-closed' });
    await step('late-reason-verdicts', { verdict: 'not-accepted', comment: 'Confirmed after the audit.', assessedAt: '2026-03-22T10:00:00+01:00' }, fg);

    const replay = await http.get(`/breaches/${breachId}/events`);
    expect(replay.status).toBe(200);
    expect(replay.headers.etag).toBe(`"${revision}"`);
    const events = replay.body.events as { type: string; revision: number; position: string; metadata: Record<string, unknown> }[];
    expect(events.map((e) => e.type)).toEqual([
      'BreachDetected',
      'DpoInformed',
      'DpoAdviceGiven',
      'BreachAssessed',
      'MeasureTaken',
      'BreachReportedToAP',
      'BreachReportSupplemented',
      'DataSubjectsNotified',
      'RootCauseRecorded',
      'LateReasonAssessed',
      'BreachDetailsCorrected',
      'BreachClosed',
      'LateReasonAssessed',
    ]);
    expect(events.map((e) => e.revision)).toEqual(events.map((_, n) => n));
    events.slice(1).forEach((e, n) => expect(BigInt(e.position)).toBeGreaterThan(BigInt(events[n]!.position)));
    events.forEach((e) => expect(e.metadata).toMatchObject({ recordedAt: NOW, prevHash: expect.any(String), hash: expect.any(String) }));
    // The actor is the authenticated identity: the FG for its advice and verdicts, the privacy officer otherwise.
    expect(events.map((e) => (e.metadata.actor as { role: string }).role)).toEqual(
      events.map((e) => (e.type === 'DpoAdviceGiven' || e.type === 'LateReasonAssessed' ? 'dpo' : 'privacy-officer')),
    );
    expect(events[0]?.metadata.actor).toEqual({ id: test.actors['privacy-officer'], role: 'privacy-officer' });
    const reported = events[5] as unknown as { data: Record<string, unknown> };
    // The explanation is personal data: stored (and returned) encrypted.
    expect(reported.data).toMatchObject({ late: true, deadline: '2026-03-05T09:00:00.000Z', lateReason: { code: lateReason.code, explanation: { $enc: 'A256GCM', kid: breachId } } });
    expect(await verifyStream(test.app.get<EventStore>(EVENT_STORE), `breach-${breachId}`)).toMatchObject({ ok: true, eventsChecked: 13 });
  });
});
