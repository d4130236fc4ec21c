import { afterAll, beforeAll, expect, it, jest } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeInBrowser, expectAccessible, launchBrowser, screenshot } from '../support/browser.js';
import { freePort, startOpenIdProvider, type OpenIdProvider } from '../support/openid-provider.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { tempDir } from '../support/temp-dir.js';

jest.setTimeout(60_000);

const AUDIENCE = 'https://privacy-ledger.gemeente.test';
const amsterdam = (date: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(date).replace(' ', 'T');

describeInBrowser('the web app: sign-in with the identity provider (OpenID Connect, code flow with PKCE), in Chromium', () => {
  let idp: OpenIdProvider;
  let test: TestApp;
  let base: string;
  let browser: Browser;
  const dir = tempDir();
  const contexts: BrowserContext[] = [];

  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext();
    contexts.push(context);
    return context.newPage();
  };

  /** Through the identity provider's own login and consent pages, as a person would; returns the authorization request's URL. */
  const signInAt = async (page: Page, login: string): Promise<URL> => {
    await page.goto(`${base}/app/board`);
    expect(new URL(page.url()).pathname).toBe('/app/sign-in');
    const authorization = page.waitForRequest((request) => request.url().startsWith(`${idp.issuer}/auth`));
    await page.getByRole('button', { name: 'Inloggen met uw gemeenteaccount' }).click();
    const request = new URL((await authorization).url());
    await page.waitForURL((url) => url.href.startsWith(`${idp.issuer}/interaction/`));
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('welkom');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.href.startsWith(base));
    return request;
  };

  beforeAll(async () => {
    const port = await freePort();
    base = `http://localhost:${port}`;
    idp = await startOpenIdProvider({
      clientId: 'privacy-ledger-pages',
      clientSecret: 'een-geheim-van-de-client',
      redirectUri: `${base}/app/sign-in/callback`,
      postLogoutRedirectUri: `${base}/app/sign-in`,
      audience: AUDIENCE,
      roles: { 'p.jansen': ['privacy-officer'], 'a.bakker': ['auditor'] },
      // Shorter than the minute before expiry at which the pages renew it: every page renews.
      accessTokenSeconds: 30,
    });
    const secretFile = join(dir.path, 'oidc-client-secret');
    writeFileSync(secretFile, 'een-geheim-van-de-client\n');
    test = await startTestApp({
      env: {
        AUTH_JWT_ISSUER: idp.issuer,
        AUTH_JWT_AUDIENCE: AUDIENCE,
        AUTH_JWKS_URL: `${idp.issuer}/jwks`,
        OIDC_CLIENT_ID: 'privacy-ledger-pages',
        OIDC_CLIENT_SECRET_FILE: secretFile,
        OIDC_REDIRECT_URL: `${base}/app/sign-in/callback`,
      },
    });
    await test.app.listen(port, '127.0.0.1');
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await test?.dispose();
    await idp?.close();
    dir.remove();
  });

  it('signs a privacy officer in at the identity provider (S256, state, nonce) and back, with the role from the access token', async () => {
    const page = await newPage();
    await page.goto(`${base}/`);
    // Only the identity provider: no API-key form when OIDC is configured.
    expect(await page.getByLabel('API-sleutel').count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'oidc-sign-in');
    const request = await signInAt(page, 'p.jansen');
    expect(request.searchParams.get('code_challenge_method')).toBe('S256');
    expect(request.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(request.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(request.searchParams.get('nonce')).toMatch(/^[\w-]{20,}$/);
    expect(request.searchParams.get('redirect_uri')).toBe(`${base}/app/sign-in/callback`);
    expect(new URL(page.url()).pathname).toBe('/app/board');
    expect(await page.locator('.pl-account').textContent()).toContain('Ingelogd als Test p.jansen (privacy officer)');
    const menu = page.getByRole('navigation', { name: 'Hoofdnavigatie' });
    expect(await menu.getByRole('link', { name: 'Nieuw datalek' }).count()).toBe(1);
    expect(await menu.getByRole('link', { name: 'Verificatie en export' }).count()).toBe(0);
    // The short-lived cookie of the flow is gone; the session cookie is the usual one.
    const cookies = await page.context().cookies(base);
    expect(cookies.map((cookie) => cookie.name)).not.toContain('__Host-pl-oidc');
    expect(cookies.find((cookie) => cookie.name === '__Host-pl-session')).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax' });
    expect(idp.grants).toContain('authorization_code');
    await expectAccessible(page);
  });

  it('records a breach registered through the form with the token’s subject as actor, renewing the access token on the way', async () => {
    const page = await newPage();
    await signInAt(page, 'p.jansen');
    const renewals = idp.grants.filter((grant) => grant === 'refresh_token').length;
    await page.goto(`${base}/app/breaches/new`);
    await page.getByLabel('Korte omschrijving').fill('Mail met bijlage naar verkeerde ontvanger');
    await page.getByLabel('Beschrijving').fill('Een overzicht van de schuldhulpverlening is naar een verkeerd adres gemaild.');
    await page.getByLabel('Dienst').selectOption({ index: 1 });
    await page.getByLabel('Soort incident').selectOption('wrong-recipient');
    await page.getByLabel('Ontdekt op (Nederlandse tijd)').fill(amsterdam(new Date(Date.now() - 2 * 3_600_000)));
    await page.getByLabel('Hoe is het ontdekt').fill('De ontvanger belde');
    await page.getByLabel(/^Vertrouwelijkheid/).check();
    await page.getByLabel('Soorten persoonsgegevens').fill('naam, schulden');
    await page.getByLabel(/^Aantal/).fill('1');
    await page.getByRole('button', { name: 'Datalek registreren' }).click();
    await page.waitForURL(/\/app\/breaches\/[0-9a-f-]{36}$/);
    // Each page renewed the 30-second token (a minute before expiry) with the refresh token.
    expect(idp.grants.filter((grant) => grant === 'refresh_token').length).toBeGreaterThanOrEqual(renewals + 2);
    const breachId = new URL(page.url()).pathname.split('/').pop() as string;
    const events = (await test.as('cpo').get(`/breaches/${breachId}/events`)).body.events as { type: string; metadata: { actor: unknown } }[];
    expect(events[0]?.metadata.actor).toEqual({ id: `jwt:${idp.issuer}#p.jansen`, role: 'privacy-officer' });
  });

  it('ends the session when the access token can no longer be renewed', async () => {
    const page = await newPage();
    await signInAt(page, 'p.jansen');
    expect(new URL(page.url()).pathname).toBe('/app/board');
    idp.refuseTokens = true;
    try {
      const next = await page.goto(`${base}/app/board`);
      expect(new URL(next?.url() ?? '').pathname).toBe('/app/sign-in');
      expect(new URL(next?.url() ?? '').searchParams.get('back')).toBe('/app/board');
    } finally {
      idp.refuseTokens = false;
    }
    // Gone for good: the next page, with the identity provider answering again, still asks to sign in.
    const again = await page.goto(`${base}/app/board`);
    expect(new URL(again?.url() ?? '').pathname).toBe('/app/sign-in');
  });

  it('keeps an auditor out of the intake: no menu entry, and the page answers 403', async () => {
    const page = await newPage();
    await signInAt(page, 'a.bakker');
    const menu = page.getByRole('navigation', { name: 'Hoofdnavigatie' });
    expect(await menu.getByRole('link', { name: 'Nieuw datalek' }).count()).toBe(0);
    expect(await menu.getByRole('link', { name: 'Verificatie en export' }).count()).toBe(1);
    const response = await page.goto(`${base}/app/breaches/new`);
    expect(response?.status()).toBe(403);
    expect(await page.locator('h1').textContent()).toBe('Geen toegang');
  });

  it('refuses an account whose token holds no role for this service', async () => {
    const page = await newPage();
    await signInAt(page, 'onbekend');
    expect(new URL(page.url()).pathname).toBe('/app/sign-in/callback');
    expect(await page.getByRole('alert').textContent()).toContain('geeft geen toegang tot deze dienst');
    const board = await page.goto(`${base}/app/board`);
    expect(new URL(board?.url() ?? '').pathname).toBe('/app/sign-in');
  });

  it('refuses a callback whose state was tampered with, and one the identity provider refused', async () => {
    const page = await newPage();
    // The identity provider's redirect back, its state changed on the way.
    idp.rewriteRedirect = (location) => {
      if (!location.startsWith(`${base}/app/sign-in/callback?`)) return location;
      const url = new URL(location);
      url.searchParams.set('state', `${url.searchParams.get('state') ?? ''}x`);
      return url.href;
    };
    try {
      await signInAt(page, 'p.jansen');
    } finally {
      idp.rewriteRedirect = undefined;
    }
    expect(new URL(page.url()).pathname).toBe('/app/sign-in/callback');
    expect(await page.getByRole('alert').textContent()).toContain('de controlecode klopt niet');
    await expectAccessible(page);
    await screenshot(page, 'oidc-state-refused');
    expect((await page.goto(`${base}/app/board`))?.url()).toContain('/app/sign-in');

    // The identity provider's own refusal, for this very sign-in (the state matches); a new browser, signed in nowhere.
    const other = await newPage();
    await other.goto(`${base}/app/sign-in`);
    const authorization = other.waitForRequest((request) => request.url().startsWith(`${idp.issuer}/auth`));
    await other.getByRole('button', { name: 'Inloggen met uw gemeenteaccount' }).click();
    const state = new URL((await authorization).url()).searchParams.get('state') ?? '';
    await other.waitForURL((url) => url.href.startsWith(`${idp.issuer}/interaction/`));
    await other.goto(`${base}/app/sign-in/callback?error=access_denied&state=${encodeURIComponent(state)}`);
    expect(await other.getByRole('alert').textContent()).toContain('Het inloggen is afgebroken');
    // Without the flow's cookie (used once) the callback is refused however it looks.
    await other.goto(`${base}/app/sign-in/callback?code=abc&state=${encodeURIComponent(state)}`);
    expect(await other.getByRole('alert').textContent()).toContain('duurde te lang of is niet op deze site begonnen');
  });

  it('signs out: the session ends here and at the identity provider', async () => {
    const page = await newPage();
    await signInAt(page, 'p.jansen');
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.waitForURL((url) => url.href.startsWith(idp.issuer));
    // oidc-provider asks whether to sign out there as well.
    await page.getByRole('button', { name: /Yes, sign me out/i }).click();
    await page.waitForURL(`${base}/app/sign-in`);
    const board = await page.goto(`${base}/app/board`);
    expect(new URL(board?.url() ?? '').pathname).toBe('/app/sign-in');
    // Signing in again asks for the login: the identity provider's session ended too.
    await page.getByRole('button', { name: 'Inloggen met uw gemeenteaccount' }).click();
    await page.waitForURL((url) => url.href.startsWith(`${idp.issuer}/interaction/`));
    expect(await page.locator('input[name="login"]').count()).toBe(1);
  });
});
