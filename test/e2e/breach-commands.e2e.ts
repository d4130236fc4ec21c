import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from '../../src/event-store/canonical-json.js';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';
import { verifyStream } from '../../src/event-store/verify.js';
import { FixedClock } from '../../src/shared/clock.js';
import { registrationBody, type client } from '../support/breach-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const NOW = '2026-03-10T12:00:00.000Z';
// awareAt 2026-03-02T10:00+01:00 = 09:00Z: the deadline is 2026-03-05T09:00Z.
const onTime = { reportedAt: '2026-03-04T16:30:00+01:00', apReference: 'M-2026-1', phase: 'preliminary' };
const late = { reportedAt: '2026-03-06T10:00:00+01:00', apReference: 'M-2026-2', phase: 'preliminary' };
const lateReason = { code: 'processor-delay', explanation: 'The processor informed us four days after it found the misconfiguration.' };

describe('breach commands over HTTP', () => {
  let test: TestApp;
  let http: ReturnType<typeof client>;
  let store: EventStore;
  beforeAll(async () => {
    test = await startTestApp({ clock: new FixedClock(NOW), env: { HTTP_BODY_LIMIT_BYTES: '65536' } });
    http = test.as('privacy-officer');
    store = test.app.get<EventStore>(EVENT_STORE);
  });
  afterAll(async () => {
    await test.dispose();
  });

  const eventsOf = async (breachId: string) => (await http.get(`/breaches/${breachId}/events`)).body.events as { type: string; metadata: Record<string, unknown>; data: Record<string, unknown> }[];

  describe('registration', () => {
    it('registers a breach and answers with its id, revision, position, deadline and location', async () => {
      const response = await http.post('/breaches', registrationBody());
      expect(response.status).toBe(201);
      expect(response.body).toEqual({ breachId: expect.stringMatching(/^[0-9a-f-]{36}$/), revision: 0, position: expect.stringMatching(/^\d+$/), deadline: '2026-03-05T09:00:00.000Z' });
      expect(response.headers.location).toBe(`/breaches/${String(response.body.breachId)}`);
      expect(response.headers.etag).toBe('"0"');
    });

    it('stores times in UTC and stamps recordedAt and the actor itself', async () => {
      const breachId = await http.register();
      const [detected] = await eventsOf(breachId);
      expect(detected?.data).toMatchObject({ breachId, awareAt: '2026-03-02T09:00:00.000Z', occurredFrom: '2026-03-01T08:00:00.000Z' });
      expect(detected?.metadata).toMatchObject({ recordedAt: NOW, actor: { id: test.actors['privacy-officer'], role: 'privacy-officer' } });
    });
  });

  describe('reporting to the AP', () => {
    it('records an on-time report', async () => {
      const breachId = await http.register();
      const response = await http.post(`/breaches/${breachId}/ap-reports`, onTime, { 'if-match': '"0"' });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({ breachId, revision: 1, position: expect.stringMatching(/^\d+$/) });
      const [, reported] = await eventsOf(breachId);
      expect(reported).toMatchObject({ type: 'BreachReportedToAP', data: { reportedAt: '2026-03-04T15:30:00.000Z', late: false, lateReason: null, deadline: '2026-03-05T09:00:00.000Z' } });
    });

    it('refuses a late report without a reason, and writes nothing', async () => {
      const breachId = await http.register();
      const response = await http.post(`/breaches/${breachId}/ap-reports`, late);
      expect(response.status).toBe(422);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ code: 'late-report-requires-reason', status: 422, type: 'urn:privacy-ledger:problem:late-report-requires-reason', deadline: '2026-03-05T09:00:00.000Z' });
      expect(await eventsOf(breachId)).toHaveLength(1);
    });

    it('records a late report with its reason', async () => {
      const breachId = await http.register();
      const response = await http.post(`/breaches/${breachId}/ap-reports`, { ...late, lateReason });
      expect(response.status).toBe(201);
      const [, reported] = await eventsOf(breachId);
      // The explanation is personal data: stored (and returned) encrypted.
      expect(reported?.data).toMatchObject({ late: true, lateReason: { code: lateReason.code, explanation: { $enc: 'A256GCM', kid: breachId } } });
    });

    it('gives exactly one of two reports racing with the same If-Match a 409 naming the current revision', async () => {
      const breachId = await http.register();
      const [a, b] = await Promise.all([
        http.post(`/breaches/${breachId}/ap-reports`, onTime, { 'if-match': '0' }),
        http.post(`/breaches/${breachId}/ap-reports`, { ...onTime, apReference: 'M-2026-9' }, { 'if-match': '0' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      const conflict = a.status === 409 ? a : b;
      expect(conflict.body).toMatchObject({ code: 'revision-conflict', currentRevision: 1 });
      expect(await eventsOf(breachId)).toHaveLength(2);
    });
  });

  describe('concurrent commands on one breach', () => {
    const measure = (n: number) => ({ description: `Measure ${n}: asked the neighbour to return the letter.`, purpose: 'containment', takenAt: '2026-03-02T17:00:00+01:00' });

    it('decides every one of 20 concurrent commands without If-Match again on the new state, until each is recorded', async () => {
      const breachId = await http.register();
      const responses = await Promise.all(Array.from({ length: 20 }, (_, n) => http.post(`/breaches/${breachId}/measures`, measure(n))));
      expect(responses.map((response) => response.status)).toEqual(Array.from({ length: 20 }, () => 201));
      expect(new Set(responses.map((response) => response.body.revision)).size).toBe(20);
      expect(await eventsOf(breachId)).toHaveLength(21);
    });

    it('still gives the losers of 20 concurrent commands with the same If-Match a 409', async () => {
      const breachId = await http.register();
      const responses = await Promise.all(Array.from({ length: 20 }, (_, n) => http.post(`/breaches/${breachId}/measures`, measure(n), { 'if-match': '"0"' })));
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([201, ...Array.from({ length: 19 }, () => 409)]);
      expect(await eventsOf(breachId)).toHaveLength(2);
    });
  });

  describe('retries', () => {
    it('answers a retry with the same Idempotency-Key with the original response, writing once', async () => {
      const key = randomUUID();
      const first = await http.post('/breaches', registrationBody(), { 'idempotency-key': key });
      const retry = await http.post('/breaches', registrationBody(), { 'idempotency-key': key });
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      const breachId = first.body.breachId as string;
      const report = await http.post(`/breaches/${breachId}/ap-reports`, onTime, { 'idempotency-key': key, 'if-match': '0' });
      // The same key on a sub-resource is a different request: refused, not confused.
      expect(report.status).toBe(422);
      const reportKey = randomUUID();
      const reported = await http.post(`/breaches/${breachId}/ap-reports`, onTime, { 'idempotency-key': reportKey, 'if-match': '0' });
      const again = await http.post(`/breaches/${breachId}/ap-reports`, onTime, { 'idempotency-key': reportKey, 'if-match': '0' });
      expect(again.status).toBe(201);
      expect(again.body).toEqual(reported.body);
      expect(await eventsOf(breachId)).toHaveLength(2);
    });

    it('fingerprints requests with a key of the installation and of the breach, so the log cannot confirm a guessed body', async () => {
      const body = registrationBody();
      const breachId = (await http.post('/breaches', body)).body.breachId as string;
      const [detected] = await eventsOf(breachId);
      const stored = (detected?.metadata.extensions as { requestHash: string }).requestHash;
      const plain = createHash('sha256').update(canonicalJson({ method: 'POST', route: '/breaches', params: {}, body })).digest('hex');
      expect(stored).toMatch(/^subject-hmac:[0-9a-f]{64}$/);
      expect(stored).not.toContain(plain);
    });

    it('refuses the same Idempotency-Key with another body', async () => {
      const key = randomUUID();
      await http.post('/breaches', registrationBody(), { 'idempotency-key': key });
      const other = await http.post('/breaches', registrationBody({ title: 'Something else' }), { 'idempotency-key': key });
      expect(other.status).toBe(422);
      expect(other.body).toMatchObject({ code: 'idempotency-key-reused' });
    });
  });

  describe('errors are problem+json with a stable code, and change nothing', () => {
    it('400 with a message per field', async () => {
      const response = await http.post('/breaches', registrationBody({ awareAt: '2026-03-02T10:00:00', dienst: 42, ciaAspects: ['secrecy'], dataSubjects: { kind: 'range', min: 1 }, recordedAt: NOW }));
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('validation-failed');
      const pointers = (response.body.errors as { pointer: string }[]).map((e) => e.pointer);
      expect(pointers).toEqual(expect.arrayContaining(['/awareAt', '/dienst', '/ciaAspects', '/dataSubjects/max', '/recordedAt']));
    });

    it('400 for malformed JSON, a body that is not an object, and bad headers', async () => {
      const breachId = await http.register();
      expect((await http.post(`/breaches/${breachId}/ap-reports`, '{"reportedAt":')).body).toMatchObject({ status: 400, code: 'malformed-json' });
      expect((await http.post(`/breaches/${breachId}/ap-reports`, '[1,2]')).body).toMatchObject({ status: 400, code: 'validation-failed' });
      expect((await http.post(`/breaches/${breachId}/ap-reports`, onTime, { 'if-match': 'yesterday' })).body).toMatchObject({ status: 400, code: 'invalid-if-match' });
      expect((await http.post(`/breaches/${breachId}/ap-reports`, onTime, { 'idempotency-key': 'has spaces in it' })).body).toMatchObject({ status: 400, code: 'invalid-idempotency-key' });
      expect(await eventsOf(breachId)).toHaveLength(1);
    });

    it('404 for an unknown breach and for an id that is no UUID', async () => {
      for (const id of [randomUUID(), 'not-a-uuid']) {
        expect((await http.post(`/breaches/${id}/ap-reports`, onTime)).body).toMatchObject({ status: 404, code: 'breach-not-found' });
        expect((await http.get(`/breaches/${id}/events`)).body).toMatchObject({ status: 404, code: 'breach-not-found' });
      }
    });

    it('409 for a stale If-Match', async () => {
      const breachId = await http.register();
      const response = await http.post(`/breaches/${breachId}/ap-reports`, onTime, { 'if-match': '"7"' });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ code: 'revision-conflict', currentRevision: 0 });
    });

    it('413 for a body over the limit', async () => {
      const response = await http.post('/breaches', registrationBody({ description: 'x'.repeat(70_000) }));
      expect(response.status).toBe(413);
      expect(response.body).toMatchObject({ code: 'payload-too-large' });
    });

    it('415 for a body that is not JSON', async () => {
      const response = await http.send('POST', '/breaches', undefined, { 'content-type': 'text/plain' });
      const form = await test.app.inject({ method: 'POST', url: '/breaches', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${test.keys['privacy-officer']}` }, payload: 'title=x' });
      expect([response.status, form.statusCode]).toEqual([415, 415]);
      expect(JSON.parse(form.body)).toMatchObject({ code: 'unsupported-media-type' });
    });

    it('422 for a rule of the domain', async () => {
      const response = await http.post('/breaches', registrationBody({ dienst: 'NOPE' }));
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ code: 'unknown-dienst', instance: '/breaches' });
    });
  });

  it('keeps every chain it wrote verifiable', async () => {
    const breachId = await http.register();
    await http.post(`/breaches/${breachId}/ap-reports`, onTime);
    expect(await verifyStream(store, `breach-${breachId}`)).toMatchObject({ ok: true, eventsChecked: 2 });
  });

  it('documents every command in OpenAPI at /docs-json, with an example, and serves /docs', async () => {
    const document = (await http.get('/docs-json')).body as { paths: Record<string, { post?: { requestBody?: { content: Record<string, { examples?: object }> } } }> };
    const commands = Object.entries(document.paths).filter(([path, operations]) => operations.post && path.startsWith('/breaches'));
    expect(commands.map(([path]) => path).sort()).toEqual(
      ['', 'ap-report-supplements', 'ap-report-withdrawals', 'ap-reports', 'assessments', 'closure', 'corrections', 'data-subject-notification-waiver-revocations', 'data-subject-notification-waivers', 'data-subject-notifications', 'dpo-advice', 'dpo-notifications', 'late-reason-verdicts', 'measures', 'notification-details', 'personal-data-erasure', 'recommendation-links', 'root-causes']
        .map((sub) => (sub ? `/breaches/{breachId}/${sub}` : '/breaches'))
        .sort(),
    );
    for (const [path, operations] of commands) {
      expect([path, operations.post?.requestBody?.content['application/json']?.examples]).toEqual([path, expect.objectContaining({ example: expect.anything() })]);
    }
    expect(document.paths['/breaches/{breachId}/events']).toBeDefined();
    expect((await test.app.inject({ method: 'GET', url: '/docs' })).statusCode).toBe(200);
  });
});
