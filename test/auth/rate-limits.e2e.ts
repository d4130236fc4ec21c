import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT, type CryptoKey } from 'jose';
import { randomBytes } from 'node:crypto';
import { client } from '../support/breach-requests.js';
import { identityProvider } from '../support/identity-provider.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { tempDir } from '../support/temp-dir.js';

const PER_MINUTE = 12;
const FAILURES_PER_MINUTE = 5;

/** Each test starts its own app: the budgets are per minute, and a test spends them. */
describe('rate limits: per identity, and failed authentications per address', () => {
  const dir = tempDir();
  let jwks: string;
  let signing: CryptoKey;
  let test: TestApp;
  beforeAll(async () => {
    ({ jwksFile: jwks, signing } = await identityProvider(dir.path));
  });
  afterAll(() => dir.remove());

  const start = async () => {
    test = await startTestApp({
      env: { RATE_LIMIT_PER_MINUTE: String(PER_MINUTE), AUTH_FAILURES_PER_MINUTE: String(FAILURES_PER_MINUTE), AUTH_JWT_ISSUER: 'https://login.example.nl', AUTH_JWT_AUDIENCE: 'privacy-ledger', AUTH_JWKS_FILE: jwks },
    });
  };
  const stop = () => test.dispose();

  const token = (subject: string) =>
    new SignJWT({ roles: ['auditor'], jti: randomBytes(8).toString('hex') })
      .setProtectedHeader({ alg: 'ES256', kid: 'idp-1' })
      .setSubject(subject)
      .setIssuer('https://login.example.nl')
      .setAudience('privacy-ledger')
      .setExpirationTime('5m')
      .sign(signing);
  const madeUp = () => `plk_${randomBytes(8).toString('hex')}_${randomBytes(32).toString('base64url')}`;

  it('answers made-up bearer tokens from one address with 429 once its budget of failures is spent, leaving valid credentials alone', async () => {
    await start();
    try {
      const statuses: number[] = [];
      for (let n = 0; n < 3 * FAILURES_PER_MINUTE; n += 1) statuses.push((await client(test.app, madeUp()).get('/breaches')).status);
      expect(statuses.slice(0, FAILURES_PER_MINUTE)).toEqual(Array.from({ length: FAILURES_PER_MINUTE }, () => 401));
      expect(statuses.slice(FAILURES_PER_MINUTE + 1).every((status) => status === 429)).toBe(true);
      const limited = await client(test.app, 'not-even-a-key').get('/breaches');
      expect(limited.status).toBe(429);
      expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(limited.headers['retry-after']).toMatch(/^\d+$/);
      expect(limited.body).toMatchObject({ status: 429, code: 'too-many-failed-authentications' });
      expect((await test.as('auditor').get('/breaches')).status).toBe(200);
      expect((await client(test.app, await token('auditor@example.nl')).get('/breaches')).status).toBe(200);
    } finally {
      await stop();
    }
  });

  it('gives two tokens of one identity one budget, and another identity its own', async () => {
    await start();
    try {
      const [a, b] = await Promise.all([token('auditor@example.nl'), token('auditor@example.nl')]);
      const statuses: number[] = [];
      for (let n = 0; n < PER_MINUTE; n += 1) statuses.push((await client(test.app, n % 2 === 0 ? a : b).get('/breaches')).status);
      expect(statuses.every((status) => status === 200)).toBe(true);
      const limited = await client(test.app, b).get('/breaches');
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({ code: 'too-many-requests' });
      expect(limited.headers['retry-after']).toMatch(/^\d+$/);
      expect((await client(test.app, await token('auditor@example.nl')).get('/breaches')).status).toBe(429);
      expect((await client(test.app, await token('other-auditor@example.nl')).get('/breaches')).status).toBe(200);
    } finally {
      await stop();
    }
  });
});
