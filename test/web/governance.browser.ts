import { afterAll, beforeAll, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { auditBody } from '../support/audit-requests.js';
import { BrowserStage, created, describeInBrowser, expectAccessible, screenshot } from '../support/browser.js';
import { activityBody } from '../support/register-requests.js';
import type { TestApp } from '../support/test-app.js';

jest.setTimeout(60_000);

/** The chart's bars as the page draws them: label and value of each. */
async function bars(page: Page, chart: string): Promise<{ label: string | null; value: string | null }[]> {
  return page.locator(`#${chart} .pl-chart__item`).evaluateAll((items) => items.map((item) => ({ label: item.getAttribute('data-label'), value: item.getAttribute('data-value') })));
}

/** A table's body rows, each as its cells' text (the row header first). */
async function rows(page: Page, table: string): Promise<string[][]> {
  return page.locator(`#${table} tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').trim())));
}

describeInBrowser('the annual report, DPIAs, the processing register and open recommendations, in Chromium', () => {
  let stage: BrowserStage;
  let test: TestApp;
  let base: string;
  let page: Page;
  let dpiaId = '';

  beforeAll(async () => {
    stage = await BrowserStage.open();
    ({ test, base } = stage);
    const officer = test.as('privacy-officer');
    const assess = (breachId: string, assessedAt: string) =>
      created(officer.post(`/breaches/${breachId}/assessments`, { assessedAt, risk: 'risk', severity: 'beperkt', reportable: true, notifyDataSubjects: false, rationale: 'Gegevens van één inwoner.' }));
    // 2025: one breach reported on time in March, one late in May, one not yet reported in May.
    const march = await officer.register({ title: 'Brief naar verkeerd adres', dienst: 'SZW', awareAt: '2025-03-10T10:00:00+01:00', occurredFrom: null, occurredTo: null });
    await assess(march, '2025-03-10T12:00:00+01:00');
    await created(officer.post(`/breaches/${march}/ap-reports`, { reportedAt: '2025-03-11T10:00:00+01:00', apReference: 'M-2025-0001', phase: 'final' }));
    const may = await officer.register({ title: 'Dossier op straat', dienst: 'SZW', awareAt: '2025-05-05T10:00:00+02:00', occurredFrom: null, occurredTo: null });
    await assess(may, '2025-05-06T10:00:00+02:00');
    await created(officer.post(`/breaches/${may}/ap-reports`, { reportedAt: '2025-05-09T10:00:00+02:00', apReference: 'M-2025-0002', phase: 'final', lateReason: { code: 'staff-unavailable', explanation: 'De privacy officer was met verlof.' } }));
    await officer.register({ title: 'Laptop gestolen', dienst: 'DSO', awareAt: '2025-05-20T10:00:00+02:00', occurredFrom: null, occurredTo: null });
    dpiaId = (await created(officer.post('/dpias', { title: 'Cameratoezicht binnenstad', dienst: 'DSB', processingActivityId: null, owner: 'AD DSB', startedAt: '2025-02-02T10:00:00+01:00' }))).dpiaId as string;
    await created(officer.post('/processing-activities', { ...activityBody('Parkeervergunningen', 'DSO'), registeredAt: '2025-02-02T10:00:00+01:00' }));
    const auditId = (await created(officer.post('/audits', auditBody({ title: 'Privacy-audit 2025', completedAt: '2025-06-02T10:00:00+02:00' })))).auditId as string;
    await created(officer.post(`/audits/${auditId}/recommendations`, { findingId: 'B1', description: 'Meld elk datalek binnen een dag aan de FG.', dienst: 'SZW', issuedAt: '2025-06-03T10:00:00+02:00', dueAt: '2025-09-01T00:00:00+02:00' }));
    page = await stage.signedIn('dpo');
  }, 60_000);

  afterAll(async () => {
    await stage?.close();
  });

  it('shows the current year from the menu, and another year through the year selector', async () => {
    await page.getByRole('navigation', { name: 'Hoofdnavigatie' }).getByRole('link', { name: 'Jaarverslag' }).click();
    const thisYear = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Amsterdam', year: 'numeric' }).format(new Date());
    expect(await page.locator('h1').textContent()).toBe(`Jaarverslag ${thisYear}`);
    await page.getByRole('spinbutton', { name: 'Jaar' }).fill('2025');
    await page.getByRole('button', { name: 'Tonen' }).click();
    await page.waitForURL(`${base}/app/reports/annual/2025`);
    expect(await page.locator('h1').textContent()).toBe('Jaarverslag 2025');
  });

  it('draws the reports to the AP per month, the late reports per dienst and the DPIAs per dienst, each beside a table of the same figures', async () => {
    await page.goto(`${base}/app/reports/annual/2025`);
    const total = Object.fromEntries((await rows(page, 'figures-total')).map(([name, value]) => [name, value]));
    expect(total).toMatchObject({ Geregistreerd: '3', 'Gemeld aan de AP': '2', 'Op tijd gemeld': '1', 'Te laat gemeld': '1', 'Te laat zonder geldige reden': '1' });

    const months = await bars(page, 'chart-months');
    expect(months.map((bar) => bar.label)).toEqual(['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec']);
    expect(months.map((bar) => bar.value)).toEqual(['0', '0', '1', '0', '1', '0', '0', '0', '0', '0', '0', '0']);
    expect(await page.locator('#chart-months rect.pl-chart__bar').count()).toBe(12);
    expect(await page.locator('#chart-months').getAttribute('role')).toBe('img');
    expect(await page.locator('#chart-months > title').textContent()).toBe('Meldingen aan de AP per maand van ontdekken, 2025');
    const monthRows = await rows(page, 'table-months');
    expect(monthRows[2]).toEqual(['mrt', '1', '1', '1', '0', '0']);
    expect(monthRows[4]).toEqual(['mei', '2', '1', '0', '1', '0']);

    const late = await bars(page, 'chart-late');
    expect(late).toContainEqual({ label: 'SZW', value: '1' });
    expect(late.filter((bar) => bar.value !== '0')).toHaveLength(1);
    const lateRows = await rows(page, 'table-late');
    const szw = lateRows.find((row) => row[0] === 'Sociale Zaken en Werkgelegenheid');
    expect(szw?.at(-1)).toBe('1');
    const lateHeaders = await page.locator('#table-late thead th').allTextContents();
    expect(szw?.[lateHeaders.findIndex((header) => /^Vakantie, weekend/.test(header))]).toBe('1');

    expect(await bars(page, 'chart-dpias')).toContainEqual({ label: 'DSB', value: '1' });
    expect((await rows(page, 'table-dpias')).at(-1)).toEqual(['Totaal', '1', '0', '0', '1']);
    await expectAccessible(page);
    await screenshot(page, 'annual-report');
  });

  it('shows the annual report in English', async () => {
    await page.goto(`${base}/app/reports/annual/2025`);
    await page.getByRole('link', { name: 'Switch to English' }).click();
    expect(await page.locator('h1').textContent()).toBe('Annual report 2025');
    expect(await bars(page, 'chart-months')).toEqual(expect.arrayContaining([{ label: 'Mar', value: '1' }, { label: 'May', value: '1' }]));
    expect(await page.locator('#chart-months > title').textContent()).toBe('Reports to the AP per month of awareness, 2025');
    expect((await rows(page, 'table-months'))[4]).toEqual(['May', '2', '1', '0', '1', '0']);
    await page.getByRole('link', { name: 'Naar het Nederlands' }).click();
    expect(await page.locator('h1').textContent()).toBe('Jaarverslag 2025');
  });

  it('downloads the annual report as CSV, XLSX and PDF through the API', async () => {
    await page.goto(`${base}/app/reports/annual/2025`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Jaarverslag 2025 als CSV (tabellen)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = await page.request.get(`${base}/app/reports/annual/2025/export?format=csv`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
    const text = (await csv.text()).replace(/^\uFEFF/, '');
    const lines = text.split(/\r?\n/);
    expect(lines[0]).toBe('Datalekken per dienst');
    expect(lines[1]).toMatch(/^Dienst,Geregistreerd,Niet meldplichtig,Gemeld aan de AP,Tijdig gemeld,Te laat gemeld,/);
    expect(lines).toContainEqual(expect.stringMatching(/^Sociale Zaken en Werkgelegenheid,2,0,2,1,1,/));
    const xlsx = await page.request.get(`${base}/app/reports/annual/2025/export?format=xlsx`);
    expect(xlsx.headers()['content-type']).toMatch(/spreadsheetml/);
    expect((await xlsx.body()).subarray(0, 2).toString()).toBe('PK');
    const pdf = await page.request.get(`${base}/app/reports/annual/2025/export?format=pdf`);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await page.request.get(`${base}/app/reports/annual/2025/export?format=doc`)).status()).toBe(404);
  });

  it('lists the DPIAs with filters, the reviews due and one DPIA', async () => {
    await page.getByRole('navigation', { name: 'Hoofdnavigatie' }).getByRole('link', { name: 'DPIA’s' }).click();
    const list = page.getByRole('table', { name: /DPIA’s, de laatst gestarte eerst/ });
    expect(await list.getByRole('row', { name: /Cameratoezicht binnenstad/ }).textContent()).toMatch(/Dienst Stadsbeheer|DSB/);
    expect(await list.getByRole('row', { name: /Cameratoezicht binnenstad/ }).textContent()).toContain('In uitvoering');
    await expectAccessible(page);
    await screenshot(page, 'dpias');
    await page.getByLabel('Status').selectOption('completed');
    await page.getByRole('button', { name: 'Filteren' }).click();
    expect(new URL(page.url()).searchParams.get('status')).toBe('completed');
    expect(await page.getByText('Geen DPIA’s gevonden.').count()).toBe(1);
    await page.goto(`${base}/app/dpias`);
    await page.getByRole('link', { name: 'Cameratoezicht binnenstad' }).click();
    await page.waitForURL(`${base}/app/dpias/${dpiaId}`);
    expect(await page.locator('h1').textContent()).toBe('Cameratoezicht binnenstad');
    expect(await page.locator('dl').textContent()).toContain('AD DSB');
    await expectAccessible(page);
  });

  it('shows the processing register with its gaps', async () => {
    await page.goto(`${base}/app/register`);
    const row = page.getByRole('table', { name: 'Verwerkingen, op naam' }).getByRole('row', { name: /Parkeervergunningen/ });
    expect(await row.textContent()).toContain('AD DSO');
    expect(await row.textContent()).toContain('DPIA nodig, geen gekoppeld');
    const incomplete = page.getByRole('table', { name: 'Verwerkingen met een lacune' }).getByRole('row', { name: /Parkeervergunningen/ });
    expect(await incomplete.textContent()).toContain('DPIA nodig, geen gekoppeld');
    await expectAccessible(page);
    await screenshot(page, 'register');
    await page.getByLabel('Status').selectOption('retired');
    await page.getByRole('button', { name: 'Filteren' }).click();
    expect(await page.getByText('Geen verwerkingen gevonden.').count()).toBe(1);
  });

  it('shows the open recommendations per dienst, filtered by dienst', async () => {
    await page.goto(`${base}/app/recommendations`);
    const row = page.getByRole('table', { name: 'Openstaande aanbevelingen, de oudste eerst' }).getByRole('row', { name: /Meld elk datalek binnen een dag/ });
    expect(await row.textContent()).toContain('Privacy-audit 2025');
    expect(await row.textContent()).toContain('Verstreken');
    await expectAccessible(page);
    await screenshot(page, 'recommendations');
    await page.getByLabel(/^Dienst/).selectOption('DSO');
    await page.getByRole('button', { name: 'Filteren' }).click();
    expect(await page.getByText('Geen openstaande aanbevelingen.').count()).toBe(1);
  });

  it('gives the supervisory authority none of these pages', async () => {
    const apPage = await stage.signedIn('supervisory-authority');
    for (const path of ['/app/reports/annual/2025', '/app/dpias', '/app/register', '/app/recommendations', '/app/reports/annual/2025/export?format=csv']) {
      expect({ path, status: (await apPage.goto(`${base}${path}`))?.status() }).toEqual({ path, status: 403 });
    }
    await apPage.context().close();
  });
});
