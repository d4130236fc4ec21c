import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { API_KEYS, type ApiKeys } from '../../src/auth/api-keys.port.js';
import { PAGE_CSP } from '../../src/web/web-app.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { WebClient } from '../support/web-client.js';

/** The web app's defences, through the HTTP layer (the browser suites check the same pages in Chromium). */
describe('the web app: sessions, CSRF, CSP and the permission table', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await startTestApp();
  });
  afterAll(async () => {
    await test?.dispose();
  });

  it('sends a visitor without a session to the sign-in page, remembering where they were going', async () => {
    const web = new WebClient(test.app);
    expect((await web.get('/')).headers.location).toBe('/app/');
    expect((await web.get('/app/')).headers.location).toBe('/app/sign-in');
    const board = await web.get('/app/board');
    expect(board.statusCode).toBe(303);
    expect(board.headers.location).toBe('/app/sign-in?back=%2Fapp%2Fboard');
  });

  it('serves every page with the strict policy, uncached, and with no inline script, style or handler', async () => {
    const web = new WebClient(test.app);
    await web.signIn(test.keys.cpo);
    for (const url of ['/app/sign-in', '/app/board', '/app/breaches/new']) {
      const page = await web.get(url);
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-security-policy']).toBe(PAGE_CSP);
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)/);
      expect(page.body).not.toMatch(/\sstyle=|\son[a-z]+=/i);
    }
    expect(PAGE_CSP).toMatch(/default-src 'none'/);
    expect(PAGE_CSP).not.toMatch(/unsafe/);
    const css = await web.get('/app/assets/components.css');
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.body).toContain('.utrecht-button');
  });

  it('gives the session cookie only as HttpOnly, Secure, SameSite=Lax, host-only', async () => {
    const web = new WebClient(test.app);
    const signedIn = await web.signIn(test.keys['privacy-officer']);
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe('/app/board');
    const cookie = [signedIn.headers['set-cookie']].flat().find((line) => String(line).startsWith('__Host-pl-session='));
    expect(cookie).toMatch(/; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    expect(cookie).not.toMatch(/Domain=/i);
    expect(cookie).toMatch(/^__Host-pl-session=[A-Za-z0-9_-]{43};/);
  });

  it('refuses a form without its CSRF token, or with another session\'s, and changes nothing', async () => {
    const web = new WebClient(test.app);
    await web.signIn(test.keys['privacy-officer']);
    await web.get('/app/breaches/new');
    const forged = await web.post('/app/breaches/new', { _csrf: '', title: 'x' });
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('Formulier verlopen');
    const other = new WebClient(test.app);
    await other.signIn(test.keys.cpo);
    await other.get('/app/breaches/new');
    const crossed = await web.post('/app/breaches/new', { _csrf: other.csrf, title: 'x' });
    expect(crossed.statusCode).toBe(403);
    const signInForged = await new WebClient(test.app).post('/app/sign-in', { apiKey: test.keys.cpo });
    expect(signInForged.statusCode).toBe(403);
    expect(signInForged.headers['set-cookie'] ?? []).not.toEqual(expect.arrayContaining([expect.stringMatching(/pl-session/)]));
    expect((await test.as('cpo').get('/breaches')).body.total).toBe(0);
  });

  it('signs in no application key, no unknown key, and never leads outside the site', async () => {
    const web = new WebClient(test.app);
    const app = await web.signIn(test.keys.app);
    expect(app.statusCode).toBe(403);
    expect(app.body).toContain('persoonlijke sleutel');
    const unknown = await web.signIn('plk_0000000000000000_abc');
    expect(unknown.statusCode).toBe(401);
    expect(web.cookies.has('__Host-pl-session')).toBe(false);
    await web.get('/app/sign-in');
    const outside = await web.post('/app/sign-in', { apiKey: test.keys.dpo, back: '//evil.example/x' });
    expect(outside.headers.location).not.toMatch(/evil/);
    expect((await web.get('/app/language?to=en&back=https://evil.example')).headers.location).toBe('/');
  });

  it('shows each role only the pages the permission table grants it, and refuses the others with 403', async () => {
    const auditor = new WebClient(test.app);
    await auditor.signIn(test.keys.auditor);
    const board = await auditor.get('/app/board');
    expect(board.body).not.toContain('href="/app/breaches/new"');
    const intake = await auditor.get('/app/breaches/new');
    expect(intake.statusCode).toBe(403);
    expect(intake.body).toContain('Geen toegang');
    const ap = new WebClient(test.app);
    const landed = await ap.signIn(test.keys['supervisory-authority']);
    expect(landed.headers.location).not.toBe('/app/board');
    expect((await ap.get('/app/board')).statusCode).toBe(403);
  });

  it('ends the session at once when the key behind it is revoked', async () => {
    const keys = test.app.get<ApiKeys>(API_KEYS);
    const created = await keys.create({ name: 'short-lived officer', role: 'privacy-officer' }, new Date());
    const web = new WebClient(test.app);
    await web.signIn(created.key);
    expect((await web.get('/app/board')).statusCode).toBe(200);
    await keys.revoke(created.keyId, new Date());
    const after = await web.get('/app/board');
    expect(after.statusCode).toBe(401);
    expect(after.body).toContain('log opnieuw in');
    expect(web.cookies.has('__Host-pl-session')).toBe(false);
  });

  it('signs out: the session is gone on the server, not only in the browser', async () => {
    const web = new WebClient(test.app);
    await web.signIn(test.keys.dpo);
    const kept = web.cookies.get('__Host-pl-session') as string;
    await web.get('/app/board');
    const out = await web.post('/app/sign-out', {});
    expect(out.body).toContain('U bent uitgelogd');
    web.cookies.set('__Host-pl-session', kept);
    expect((await web.get('/app/board')).statusCode).toBe(303);
  });

  it('leaves the API as it was: form bodies are still refused there', async () => {
    const response = await test.app.getHttpAdapter().getInstance().inject({ method: 'POST', url: '/breaches', headers: { authorization: `Bearer ${test.keys['privacy-officer']}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'title=x' });
    expect(response.statusCode).toBe(415);
  });
});

describe('the web app switched off, and plain-HTTP cookies', () => {
  it('WEB_APP=false serves no pages', async () => {
    const test = await startTestApp({ env: { WEB_APP: 'false' } });
    try {
      const fastify = test.app.getHttpAdapter().getInstance();
      expect((await fastify.inject({ method: 'GET', url: '/' })).statusCode).toBe(404);
      expect((await fastify.inject({ method: 'GET', url: '/app/sign-in' })).statusCode).toBe(404);
    } finally {
      await test.dispose();
    }
  });

  it('WEB_COOKIE_SECURE=false drops Secure and the __Host- prefix (for a trial over plain HTTP)', async () => {
    const test = await startTestApp({ env: { WEB_COOKIE_SECURE: 'false' } });
    try {
      const web = new WebClient(test.app);
      const signedIn = await web.signIn(test.keys.cpo);
      const cookie = [signedIn.headers['set-cookie']].flat().find((line) => String(line).startsWith('pl-session='));
      expect(cookie).toMatch(/; Path=\/; HttpOnly; SameSite=Lax$/);
    } finally {
      await test.dispose();
    }
  });
});
