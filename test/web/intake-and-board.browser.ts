import { afterAll, beforeAll, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { BrowserStage, describeInBrowser, expectAccessible, screenshot, signIn } from '../support/browser.js';
import type { TestApp } from '../support/test-app.js';

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);
/** A datetime-local value in Amsterdam time, as a person types it. */
const amsterdam = (date: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(date).replace(' ', 'T');

jest.setTimeout(60_000);

describeInBrowser('the web app: sign-in, intake and the deadline board, in Chromium', () => {
  let stage: BrowserStage;
  let test: TestApp;
  let base: string;
  let page: Page;

  beforeAll(async () => {
    stage = await BrowserStage.open();
    ({ test, base } = stage);
    page = await (await stage.browser.newContext()).newPage();
  }, 60_000);

  afterAll(async () => {
    await stage?.close();
  });

  it('signs a privacy officer in with an API key, in Dutch, and lands on the deadline board', async () => {
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe('/app/sign-in');
    await expectAccessible(page);
    await screenshot(page, 'sign-in');
    await page.getByLabel('API-sleutel').fill('plk_wrong_key');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('onbekend, ingetrokken of onjuist');
    await signIn(page, base, test.keys['privacy-officer']);
    expect(new URL(page.url()).pathname).toBe('/app/board');
    expect(await page.locator('h1').textContent()).toContain('Termijnen');
    const cookies = await page.context().cookies();
    const session = cookies.find((cookie) => cookie.name === '__Host-pl-session');
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
  });

  it('refuses an empty registration with the refusal in Dutch, per field, and records nothing', async () => {
    await page.goto(`${base}/app/breaches/new`);
    await expectAccessible(page);
    await page.getByLabel('Ontdekt op (Nederlandse tijd)').fill('');
    await page.getByRole('button', { name: 'Datalek registreren' }).click();
    expect(await page.getByRole('alert').first().textContent()).toContain('Niet alle velden zijn goed ingevuld');
    expect(await page.locator('#field-title-error').textContent()).toContain('verplicht');
    expect(await page.getByLabel('Korte omschrijving').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page);
    await screenshot(page, 'intake-refused');
    const list = await test.as('cpo').get('/breaches');
    expect(list.body.total).toBe(0);
  });

  it('registers a breach through the form and shows it on the board, counting down', async () => {
    await page.goto(`${base}/app/breaches/new`);
    await page.getByLabel('Korte omschrijving').fill('Beschikking naar verkeerd adres');
    await page.getByLabel('Beschrijving').fill('Een beschikking Wmo is naar de buren gestuurd.');
    await page.getByLabel('Dienst').selectOption({ index: 1 });
    await page.getByLabel('Soort incident').selectOption('wrong-recipient');
    await page.getByLabel('Ontdekt op (Nederlandse tijd)').fill(amsterdam(hoursAgo(60)));
    await page.getByLabel('Hoe is het ontdekt').fill('De buren belden het KCC');
    await page.getByLabel(/^Vertrouwelijkheid/).check();
    await page.getByLabel('Soorten persoonsgegevens').fill('naam, adres, inkomen');
    await page.getByLabel('Burgerservicenummers (BSN)').check();
    await page.getByLabel(/^Aantal/).fill('1');
    await page.getByRole('button', { name: 'Datalek registreren' }).click();
    await page.waitForURL(/\/app\/breaches\/[0-9a-f-]{36}$/);
    const breachId = new URL(page.url()).pathname.split('/').pop() as string;
    const stored = await test.as('cpo').get(`/breaches/${breachId}/dossier`);
    expect(stored.status).toBe(200);
    await page.goto(`${base}/app/board`);
    const row = page.getByRole('row', { name: /Beschikking naar verkeerd adres/ });
    expect(await row.textContent()).toMatch(/Termijn in gevaar/);
    expect(await row.locator('[data-countdown]').textContent()).toMatch(/^nog 1[12] u \d\d min$/);
    await expectAccessible(page);
    await screenshot(page, 'board');
  });

  it('switches to English and back', async () => {
    await page.goto(`${base}/app/board`);
    await page.getByRole('link', { name: 'Switch to English' }).click();
    expect(await page.locator('h1').textContent()).toContain('Deadlines');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('link', { name: 'Naar het Nederlands' }).click();
    expect(await page.locator('h1').textContent()).toContain('Termijnen');
  });
});
