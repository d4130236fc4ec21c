import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('hostile input and transport hardening', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await startTestApp({ env: { JSON_MAX_DEPTH: '8', RATE_LIMIT_PER_MINUTE: '40' } });
  });
  afterAll(async () => {
    await test.dispose();
  });

  const post = (payload: string, headers: Record<string, string> = {}) =>
    test.app.inject({ method: 'POST', url: '/breaches', headers: { 'content-type': 'application/json', authorization: `Bearer ${test.keys['privacy-officer']}`, ...headers }, payload });

  it('refuses a body nested deeper than the limit before parsing it', async () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    for (const body of [deep, '{"a":'.repeat(9) + '1' + '}'.repeat(9)]) {
      const response = await post(body);
      expect(response.statusCode).toBe(400);
      expect(JSON.parse(response.body)).toMatchObject({ code: 'json-too-deep' });
    }
  });

  it('refuses prototype-polluting keys', async () => {
    for (const body of ['{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}']) {
      expect(JSON.parse((await post(body)).body)).toMatchObject({ status: 400, code: 'malformed-json' });
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('sends security headers', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/health' });
    expect(response.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'SAMEORIGIN', 'strict-transport-security': expect.any(String), 'content-security-policy': expect.any(String) });
  });

  it('keeps CORS closed by default', async () => {
    const preflight = await test.app.inject({ method: 'OPTIONS', url: '/breaches', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const simple = await test.app.inject({ method: 'GET', url: '/health', headers: { origin: 'https://evil.example' } });
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('records who read the audit endpoints, for the FG and admins only', async () => {
    const breachId = await test.as('privacy-officer').register();
    await test.as('auditor').get(`/breaches/${breachId}/events`);
    const log = await test.as('dpo').get('/access-log');
    expect(log.status).toBe(200);
    expect(log.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ actor: { id: test.actors.auditor, role: 'auditor' }, route: '/breaches/:breachId/events', url: `/breaches/${breachId}/events`, status: 200 })]));
    expect((await test.as('auditor').get('/access-log')).status).toBe(403);
    expect((await test.as('admin').get('/access-log')).status).toBe(200);
  });

  it('limits the rate per client with 429 and Retry-After, leaving other clients and /health alone', async () => {
    const statuses: number[] = [];
    for (let n = 0; n < 45; n += 1) statuses.push((await test.as('cpo').get('/breaches')).status);
    expect(statuses.slice(0, 30).every((status) => status === 200)).toBe(true);
    const limited = await test.as('cpo').get('/breaches');
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ code: 'too-many-requests' });
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await test.as('auditor').get('/breaches')).status).toBe(200);
    expect((await test.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });
});
