import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '../../src/logging/logger.js';
import { registrationBody } from '../support/breach-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The service log has one line per answered request, carrying what Fastify's two lines
 * ("incoming request", "request completed") carried, and the credential that was checked.
 */
describe('the request log', () => {
  let test: TestApp;
  const lines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    test = await startTestApp({ logger: createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) }) });
  });
  afterAll(async () => {
    await test.dispose();
  });

  const linesOf = (reqId: string) => lines.filter((line) => line.reqId === reqId);

  it('logs an answered command in one line: request id, method, url, host, remote address, status, time and credential', async () => {
    const answer = await test.app.inject({
      method: 'POST',
      url: '/breaches',
      headers: { authorization: `Bearer ${test.keys['privacy-officer']}`, 'idempotency-key': 'log-1', 'x-request-id': 'req-log-1' },
      payload: registrationBody(),
    });
    expect(answer.statusCode).toBe(201);
    const logged = linesOf('req-log-1');
    expect(logged).toEqual([
      expect.objectContaining({
        level: 'info',
        msg: 'request completed',
        reqId: 'req-log-1',
        req: expect.objectContaining({ method: 'POST', url: '/breaches', host: 'localhost:80', remoteAddress: '127.0.0.1' }),
        res: { statusCode: 201 },
        responseTime: expect.any(Number),
        credential: test.actors['privacy-officer'],
      }),
    ]);
    expect(lines.some((line) => line.msg === 'incoming request')).toBe(false);
    // Never a body: the request log carries no personal data.
    expect(JSON.stringify(logged)).not.toContain(String(registrationBody().title));
  });

  it('logs a refused request the same way, without a credential when none was accepted', async () => {
    const answer = await test.app.inject({ method: 'GET', url: '/breaches', headers: { authorization: 'Bearer plk_not-a-key', 'x-request-id': 'req-log-2' } });
    expect(answer.statusCode).toBe(401);
    const [line, ...more] = linesOf('req-log-2');
    expect(more).toEqual([]);
    expect(line).toMatchObject({ msg: 'request completed', req: { method: 'GET', url: '/breaches' }, res: { statusCode: 401 } });
    expect(line).not.toHaveProperty('credential');
  });
});
