import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { helmetHeaders } from '../../src/http/security-headers.js';
import { registrationBody } from '../support/breach-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Every answer carries the security headers, whichever way it is sent: a route's answer, a refusal by a guard, a pipe, the parser, the router, the rate limit. */
describe('security headers on every kind of answer', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '5' } });
  });
  afterAll(async () => {
    await test.dispose();
  });

  const expected = () => helmetHeaders();
  const json = (role: 'privacy-officer' | 'auditor' = 'privacy-officer') => ({ 'content-type': 'application/json', authorization: `Bearer ${test.keys[role]}` });

  it('on a command answered 201, a 401, a 403, a 404 from the router, a 415 and a refused body', async () => {
    const answers = [
      await test.app.inject({ method: 'POST', url: '/breaches', headers: json(), payload: JSON.stringify(registrationBody()) }),
      await test.app.inject({ method: 'POST', url: '/breaches', headers: { 'content-type': 'application/json' }, payload: '{}' }),
      await test.app.inject({ method: 'POST', url: '/breaches', headers: json('auditor'), payload: JSON.stringify(registrationBody()) }),
      await test.app.inject({ method: 'GET', url: '/no-such-route', headers: json() }),
      await test.app.inject({ method: 'POST', url: '/breaches', headers: { ...json(), 'content-type': 'text/plain' }, payload: 'x' }),
    ];
    expect(answers.map((answer) => answer.statusCode)).toEqual([201, 401, 403, 404, 415]);
    const refused = await test.app.inject({ method: 'POST', url: '/breaches', headers: json(), payload: JSON.stringify({ ...registrationBody(), unknownField: 1 }) });
    expect([400, 422]).toContain(refused.statusCode);
    for (const answer of [...answers, refused]) expect(answer.headers).toMatchObject(expected());
  });

  it('on a 429 of the rate limit', async () => {
    let last = await test.app.inject({ method: 'GET', url: '/breaches', headers: json() });
    for (let i = 0; i < 10 && last.statusCode !== 429; i += 1) last = await test.app.inject({ method: 'GET', url: '/breaches', headers: json() });
    expect(last.statusCode).toBe(429);
    expect(last.headers).toMatchObject(expected());
  });
});
