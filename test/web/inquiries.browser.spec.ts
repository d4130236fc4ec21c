import { afterAll, beforeAll, expect, it, jest } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { BrowserStage, describeInBrowser, expectAccessible, screenshot } from '../support/browser.js';
import type { TestApp } from '../support/test-app.js';

jest.setTimeout(60_000);

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
const daysAhead = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describeInBrowser('the web app: inquiries of the AP, in Chromium', () => {
  let stage: BrowserStage;
  let test: TestApp;
  let base: string;
  /** In the scope of the AP's own inquiry, answered. */
  let inScope: string;
  /** Named only by an inquiry for another AP identity. */
  let outOfScope: string;
  let mine: string;
  let notMine: string;
  let answerSha256: string;
  const signedIn = (role: Parameters<TestApp['as']>[0]) => stage.signedIn(role);

  beforeAll(async () => {
    stage = await BrowserStage.open();
    ({ test, base } = stage);
    const po = test.as('privacy-officer');
    inScope = await po.register({ title: 'Beschikking naar verkeerd adres', awareAt: hoursAgo(200), occurredFrom: null, occurredTo: null });
    outOfScope = await po.register({ title: 'Laptop gestolen', awareAt: hoursAgo(100), occurredFrom: null, occurredTo: null });
    const receive = async (apReference: string, breachId: string, readers: string[] | null) => {
      const response = await po.post('/inquiries', { receivedAt: hoursAgo(48), apReference, question: `Waarom is datalek ${apReference} te laat gemeld?`, scope: { breachIds: [breachId] }, answerDueAt: daysAhead(14), readers });
      expect(response.status).toBe(201);
      return response.body.inquiryId as string;
    };
    mine = await receive('AP-2026-00123', inScope, [test.actors['supervisory-authority']]);
    notMine = await receive('AP-2026-00999', outOfScope, ['api-key:someone-else']);
    const answered = await po.post(`/inquiries/${mine}/answers`, {});
    expect(answered.status).toBe(201);
    answerSha256 = answered.body.answerSha256 as string;
  }, 60_000);

  afterAll(() => stage?.close());

  it('shows the AP inspector only its own inquiries', async () => {
    const page = await signedIn('supervisory-authority');
    expect(new URL(page.url()).pathname).toBe('/app/inquiries');
    expect(await page.locator('h1').textContent()).toBe('Vragen van de AP');
    const table = page.getByRole('table', { name: /Vragen van de AP \(open\)/ });
    expect(await table.getByRole('link', { name: 'AP-2026-00123' }).count()).toBe(1);
    expect(await table.textContent()).not.toContain('AP-2026-00999');
    expect(await page.getByRole('link', { name: 'Vraag van de AP vastleggen' }).count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'inquiries');
    await page.getByRole('link', { name: 'Gesloten' }).click();
    expect(await page.getByText('Er zijn geen vragen in deze selectie.').isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Switch to English' }).click();
    expect(await page.locator('h1').textContent()).toBe('AP inquiries');
    await page.getByRole('link', { name: 'All' }).click();
    expect(await page.getByRole('table', { name: /AP inquiries \(all\)/ }).getByRole('link', { name: 'AP-2026-00123' }).count()).toBe(1);
    await page.getByRole('link', { name: 'Naar het Nederlands' }).click();
    expect(await page.locator('h1').textContent()).toBe('Vragen van de AP');
    await page.context().close();
  });

  it('lets the AP open its inquiry, see the breaches in scope and in the answer, and download the answer file', async () => {
    const page = await signedIn('supervisory-authority');
    await page.getByRole('link', { name: 'AP-2026-00123' }).click();
    await page.waitForURL(`${base}/app/inquiries/${mine}`);
    expect(await page.locator('h1').textContent()).toBe('Vraag van de AP AP-2026-00123');
    expect(await page.locator('.pl-question').textContent()).toBe('Waarom is datalek AP-2026-00123 te laat gemeld?');
    const scope = page.locator('section[aria-labelledby="scope-title"]');
    expect(await scope.getByRole('link', { name: `Datalek ${inScope}` }).getAttribute('href')).toBe(`/app/breaches/${inScope}`);
    expect(await scope.textContent()).not.toContain(outOfScope);
    expect(await page.locator('#answer-breaches').getByRole('link', { name: `Datalek ${inScope}` }).count()).toBe(1);
    const answers = page.getByRole('table', { name: 'Antwoorden op deze vraag' });
    expect(await answers.textContent()).toContain(answerSha256);
    expect(await page.getByRole('heading', { name: 'Behandelen' }).count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'inquiry');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Antwoord 1 downloaden' }).click()]);
    expect(download.suggestedFilename()).toBe(`answer-${mine}-1.ndjson`);
    const bytes = readFileSync(await download.path());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(answerSha256);
    const header = JSON.parse(bytes.toString('utf8').split('\n')[0] as string) as Record<string, unknown>;
    expect(header).toMatchObject({ kind: 'answer', format: 'privacy-ledger-answer', breachIds: [inScope] });
    const response = await page.context().request.get(`${base}/app/inquiries/${mine}/bundle?number=1`);
    expect(response.headers()['content-type']).toBe('application/x-ndjson');
    expect(response.headers()['content-disposition']).toBe(`attachment; filename="answer-${mine}-1.ndjson"`);
    await page.context().close();
  });

  it('refuses the AP an inquiry that does not name it, and its answer file; the API refuses its breach', async () => {
    const page = await signedIn('supervisory-authority');
    const response = await page.goto(`${base}/app/inquiries/${notMine}`);
    expect(response?.status()).toBe(403);
    expect(await page.getByRole('alert').textContent()).toContain('(forbidden)');
    expect(await page.locator('main').textContent()).toContain('U mag deze vraag niet inzien');
    expect(await page.content()).not.toContain(outOfScope);
    await expectAccessible(page);
    const bundle = await page.context().request.get(`${base}/app/inquiries/${notMine}/bundle`);
    expect(bundle.status()).toBe(403);
    expect(await bundle.text()).toContain('(forbidden)');
    expect((await test.as('supervisory-authority').get(`/breaches/${outOfScope}`)).status).toBe(403);
    // An inquiry that does not exist is, to the AP, one it may not read.
    expect((await page.goto(`${base}/app/inquiries/00000000-0000-4000-8000-000000000000`))?.status()).toBe(403);
    await page.context().close();
    const officer = await signedIn('privacy-officer');
    expect((await officer.goto(`${base}/app/inquiries/00000000-0000-4000-8000-000000000000`))?.status()).toBe(404);
    expect(await officer.getByRole('alert').textContent()).toContain('Deze vraag van de AP bestaat niet');
    await officer.context().close();
  });

  it('lets a privacy officer record an inquiry through the form, with refusals per field in Dutch', async () => {
    const page = await signedIn('privacy-officer');
    await page.goto(`${base}/app/inquiries`);
    await page.getByRole('link', { name: 'Vraag van de AP vastleggen' }).click();
    await page.waitForURL(`${base}/app/inquiries/new`);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Vraag vastleggen' }).click();
    expect(await page.getByRole('alert').first().textContent()).toContain('Niet alle velden zijn goed ingevuld');
    expect(await page.getByLabel('Kenmerk van de AP').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page);
    await screenshot(page, 'inquiry-new-refused');

    await page.getByLabel('Kenmerk van de AP').fill('AP-2026-00456');
    await page.getByLabel('De vraag in de woorden van de AP').fill('Welke datalekken van dit jaar zijn te laat gemeld?');
    await page.getByLabel('Antwoord uiterlijk (Nederlandse tijd)').fill('2099-01-01T17:00');
    await page.getByLabel(/^Genoemde datalekken/).fill(outOfScope);
    await page.getByRole('button', { name: 'Vraag vastleggen' }).click();
    await page.waitForURL(/\/app\/inquiries\/[0-9a-f-]{36}$/);
    expect(await page.getByRole('status').textContent()).toContain('De vraag van de AP is vastgelegd.');
    expect(await page.locator('h1').textContent()).toBe('Vraag van de AP AP-2026-00456');
    const inquiryId = new URL(page.url()).pathname.split('/').pop() as string;
    expect((await test.as('cpo').get(`/inquiries/${inquiryId}`)).body).toMatchObject({ apReference: 'AP-2026-00456', scope: { breachIds: [outOfScope], period: null, criterion: null }, readers: null });
    await page.context().close();
  });

  it('lets a privacy officer change the scope, answer and close an inquiry from its page', async () => {
    const page = await signedIn('privacy-officer');
    const listed = (await test.as('privacy-officer').get('/inquiries')).body.items as { inquiryId: string; apReference: string }[];
    const inquiryId = listed.find((item) => item.apReference === 'AP-2026-00456')?.inquiryId as string;
    await page.goto(`${base}/app/inquiries/${inquiryId}`);

    // A change without a reason is refused, and the form comes back open with what was typed.
    await page.getByText('Reikwijdte wijzigen', { exact: true }).first().click();
    await page.getByLabel(/^Criterium/).selectOption('reported-late');
    await page.getByLabel('Jaar van het criterium').fill('2026');
    await page.getByRole('button', { name: 'Reikwijdte wijzigen' }).click();
    expect(await page.getByRole('alert').first().textContent()).toContain('Niet alle velden zijn goed ingevuld');
    expect(await page.getByLabel('Jaar van het criterium').inputValue()).toBe('2026');
    await expectAccessible(page);
    await page.getByLabel('Reden van de wijziging').fill('De AP vraagt ook naar alle te laat gemelde datalekken.');
    await page.getByRole('button', { name: 'Reikwijdte wijzigen' }).click();
    await page.waitForURL(`${base}/app/inquiries/${inquiryId}`);
    expect(await page.getByRole('status').textContent()).toContain('De reikwijdte is gewijzigd');
    expect(await page.locator('section[aria-labelledby="scope-title"]').textContent()).toContain('Te laat gemeld in 2026');

    await page.getByText('Beantwoorden vanuit het logboek').click();
    await page.getByRole('button', { name: 'Vraag nu beantwoorden' }).click();
    await page.waitForURL(`${base}/app/inquiries/${inquiryId}`);
    expect(await page.getByRole('status').textContent()).toMatch(/Beantwoord: antwoord 1 omvat \d+ datalek\(ken\)/);
    expect(await page.locator('#answer-breaches').textContent()).toContain(outOfScope);
    await expectAccessible(page);

    await page.getByText('Vraag sluiten', { exact: true }).first().click();
    await page.getByLabel('Reden', { exact: true }).fill('De AP bevestigde dat het antwoord volstaat.');
    await page.getByRole('button', { name: 'Vraag sluiten' }).click();
    await page.waitForURL(`${base}/app/inquiries/${inquiryId}`);
    expect(await page.getByRole('status').textContent()).toContain('De vraag is gesloten.');
    expect(await page.locator('dl').first().textContent()).toContain('Gesloten');
    expect(await page.getByRole('heading', { name: 'Behandelen' }).count()).toBe(0);
    const history = await page.locator('.pl-timeline').textContent();
    for (const step of ['Ontvangen', 'Reikwijdte gewijzigd', 'Beantwoord', 'Gesloten']) expect(history).toContain(step);
    expect((await test.as('cpo').get(`/inquiries/${inquiryId}`)).body).toMatchObject({ status: 'closed', scope: { criterion: { kind: 'reported-late', year: 2026 } } });
    await page.context().close();
  });

  it('shows an auditor the inquiries without the forms, and refuses the administrator the page', async () => {
    const auditor = await signedIn('auditor');
    await auditor.goto(`${base}/app/inquiries/${mine}`);
    expect(await auditor.locator('h1').textContent()).toBe('Vraag van de AP AP-2026-00123');
    expect(await auditor.getByRole('heading', { name: 'Behandelen' }).count()).toBe(0);
    const form = await auditor.goto(`${base}/app/inquiries/new`);
    expect(form?.status()).toBe(403);
    await auditor.context().close();
    const admin = await signedIn('admin');
    expect(await admin.getByRole('navigation', { name: 'Hoofdnavigatie' }).getByRole('link', { name: 'Vragen van de AP' }).count()).toBe(0);
    const response = await admin.goto(`${base}/app/inquiries`);
    expect(response?.status()).toBe(403);
    expect(await admin.locator('h1').textContent()).toBe('Geen toegang');
    await admin.context().close();
  });
});
