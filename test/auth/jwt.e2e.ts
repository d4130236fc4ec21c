import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT, generateKeyPair, type CryptoKey } from 'jose';
import { SERVICE_ACTOR } from '../../src/ledger/checkpoint-log.js';
import { client } from '../support/breach-requests.js';
import { identityProvider } from '../support/identity-provider.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { tempDir } from '../support/temp-dir.js';

/** Bearer JWTs of an identity provider, verified against its JWKS (here a local JWKS file). */
describe('JWT authentication', () => {
  const dir = tempDir();
  let test: TestApp;
  let signing: CryptoKey;
  let stranger: CryptoKey;
  beforeAll(async () => {
    const idp = await identityProvider(dir.path);
    signing = idp.signing;
    stranger = (await generateKeyPair('ES256')).privateKey;
    const file = idp.jwksFile;
    test = await startTestApp({ env: { AUTH_JWT_ISSUER: 'https://login.example.nl', AUTH_JWT_AUDIENCE: 'privacy-ledger', AUTH_JWKS_FILE: file } });
  });
  afterAll(async () => {
    await test.dispose();
    dir.remove();
  });

  const token = (claims: Record<string, unknown>, options: { key?: CryptoKey; issuer?: string; audience?: string; expires?: string } = {}) =>
    new SignJWT({ roles: ['privacy-officer'], name: 'P. Jansen', ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: 'idp-1' })
      .setSubject('jansen@example.nl')
      .setIssuer(options.issuer ?? 'https://login.example.nl')
      .setAudience(options.audience ?? 'privacy-ledger')
      .setIssuedAt()
      .setExpirationTime(options.expires ?? '5m')
      .sign(options.key ?? signing);

  it('accepts a valid token and records its subject and role as the actor', async () => {
    const http = client(test.app, await token({}));
    const breachId = await http.register();
    const events = (await http.get(`/breaches/${breachId}/events`)).body.events as { metadata: { actor: unknown } }[];
    expect(events[0]?.metadata.actor).toEqual({ id: 'jwt:https://login.example.nl#jansen@example.nl', role: 'privacy-officer' });
  });

  it.each([
    ['an API key', () => test.actors['privacy-officer']],
    ['the service itself', () => SERVICE_ACTOR.id],
  ])('never records a token whose subject names %s as that identity', async (_name, subject) => {
    const http = client(test.app, await new SignJWT({ roles: ['privacy-officer'] }).setProtectedHeader({ alg: 'ES256', kid: 'idp-1' }).setSubject(subject()).setIssuer('https://login.example.nl').setAudience('privacy-ledger').setExpirationTime('5m').sign(signing));
    const breachId = await http.register();
    const events = (await http.get(`/breaches/${breachId}/events`)).body.events as { metadata: { actor: { id: string } } }[];
    expect(events[0]?.metadata.actor.id).toBe(`jwt:https://login.example.nl#${subject()}`);
    expect(events[0]?.metadata.actor.id).not.toBe(subject());
  });

  it.each([
    ['another issuer', { issuer: 'https://evil.example' }],
    ['another audience', { audience: 'someone-else' }],
    ['an expired token', { expires: '-1m' }],
    ['a key the provider does not publish', { key: undefined as unknown as CryptoKey, useStranger: true }],
  ])('refuses %s', async (_name, options) => {
    const jwt = await token({}, { ...options, ...((options as { useStranger?: boolean }).useStranger ? { key: stranger } : {}) });
    expect((await client(test.app, jwt).get('/breaches')).status).toBe(401);
  });

  it('refuses unsigned and HMAC tokens', async () => {
    const header = (alg: string) => Buffer.from(JSON.stringify({ alg, typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: 'x', iss: 'https://login.example.nl', aud: 'privacy-ledger', exp: 9_999_999_999, roles: ['admin'] })).toString('base64url');
    expect((await client(test.app, `${header('none')}.${payload}.`).get('/projections')).status).toBe(401);
    const hmac = await new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer('https://login.example.nl').setAudience('privacy-ledger').setExpirationTime('5m').sign(new TextEncoder().encode('a-shared-secret-of-enough-length!!'));
    expect((await client(test.app, hmac).get('/projections')).status).toBe(401);
  });

  it('refuses a token without a known role, and applies the role it carries', async () => {
    expect((await client(test.app, await token({ roles: ['superuser'] })).get('/breaches')).status).toBe(401);
    expect((await client(test.app, await token({ roles: 'auditor' })).post('/breaches', {})).status).toBe(403);
    expect((await client(test.app, await token({ roles: 'auditor' })).get('/breaches')).status).toBe(200);
  });

  it('lets an app token send only the commands its scope lists', async () => {
    const app = client(test.app, await token({ roles: ['app'], scope: 'register-breach give-dpo-advice' }));
    const breachId = await app.register();
    expect((await app.post(`/breaches/${breachId}/measures`, {})).status).toBe(403);
  });
});
