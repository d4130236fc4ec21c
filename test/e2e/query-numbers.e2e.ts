import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Role } from '../../src/auth/roles.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Every numeric query parameter and path segment is range-checked: out of range is 400 validation-failed, never a 500. */
describe('numeric query parameters out of range', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await startTestApp();
  });
  afterAll(async () => {
    await test.dispose();
  });

  const beyondInt64 = '9223372036854775808';
  const beyondUint64 = '18446744073709551616';
  const beyondSafe = '9007199254740993';
  const huge = '9'.repeat(400);
  const cases: [Role, 'GET' | 'POST', string][] = [
    ['auditor', 'GET', `/audit/events?fromPosition=${beyondInt64}`],
    ['auditor', 'GET', `/audit/events?fromPosition=${beyondUint64}`],
    ['auditor', 'GET', `/audit/events?fromPosition=${huge}`],
    ['auditor', 'GET', '/audit/events?limit=1e3'],
    ['auditor', 'GET', `/audit/streams/breach-${randomUUID()}?fromRevision=${beyondSafe}`],
    ['auditor', 'GET', `/audit/streams/breach-${randomUUID()}?fromRevision=1e400`],
    ['auditor', 'GET', `/audit/proofs/inclusion?position=${beyondInt64}`],
    ['auditor', 'GET', `/audit/proofs/inclusion?position=1&treeSize=${beyondSafe}`],
    ['auditor', 'GET', `/audit/proofs/consistency?from=1&to=${huge}`],
    ['auditor', 'GET', `/audit/proofs/consistency?from=${beyondSafe}&to=1`],
    ['auditor', 'POST', `/audit/checkpoints/${beyondSafe}/cosignatures`],
    ['auditor', 'POST', `/audit/checkpoints/${'9'.repeat(40)}/cosignatures`],
    ['dpo', 'GET', `/access-log?page=${beyondSafe}`],
    ['dpo', 'GET', `/access-log?page=${huge}`],
    ['auditor', 'GET', `/breaches?minPosition=${beyondInt64}`],
    ['auditor', 'GET', `/breaches?page=${huge}`],
    ['auditor', 'GET', '/breaches?pageSize=0x10'],
    ['auditor', 'GET', '/breaches?year=+2021'],
    ['auditor', 'GET', `/reports/late-reporting?year=${huge}`],
    ['auditor', 'GET', `/reports/annual/2021?minPosition=${beyondUint64}`],
    ['auditor', 'GET', `/dpias/reviews-due?withinDays=${huge}`],
    ['auditor', 'GET', `/dpias?completedYear=${beyondSafe}`],
    ['auditor', 'GET', `/inquiries/${randomUUID()}/answer?number=${huge}`],
  ];

  it.each(cases)('as %s, %s %s answers 400 validation-failed', async (role, method, url) => {
    const response = await test.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${test.keys[role]}`, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
      ...(method === 'POST' ? { payload: JSON.stringify({ publicKey: 'x', line: 'y' }) } : {}),
    });
    expect([response.statusCode, response.headers['content-type']]).toEqual([400, expect.stringMatching(/^application\/problem\+json/)]);
    expect(JSON.parse(response.body)).toMatchObject({ status: 400, code: 'validation-failed' });
  });

  it('still takes the largest position the stores can hold', async () => {
    const response = await test.as('auditor').get('/audit/events?fromPosition=9223372036854775807');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ events: [], nextPosition: null });
  });
});
