import { afterAll, beforeAll, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { BrowserStage, created, describeInBrowser, expectAccessible, screenshot } from '../support/browser.js';
import type { TestApp } from '../support/test-app.js';

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

jest.setTimeout(60_000);

describeInBrowser("the FG's page: late reasons to judge, advice to give, breaches not informed of, in Chromium", () => {
  let stage: BrowserStage;
  let test: TestApp;
  let base: string;
  let page: Page;
  const ids = { late: '', advice: '', notInformed: '', judgedEarlier: '' };

  beforeAll(async () => {
    stage = await BrowserStage.open();
    ({ test, base } = stage);
    const officer = test.as('privacy-officer');
    // Reported four days after awareness, with a reason: late, and no verdict of the FG yet.
    ids.late = await officer.register({ title: 'Wmo-beschikking naar de buren', dienst: 'SZW', awareAt: hoursAgo(24 * 10), occurredFrom: null, occurredTo: null });
    await created(officer.post(`/breaches/${ids.late}/assessments`, { assessedAt: hoursAgo(24 * 7), risk: 'high', severity: 'aanzienlijk', reportable: true, notifyDataSubjects: true, rationale: 'Inkomensgegevens van een aanvrager.' }));
    await created(officer.post(`/breaches/${ids.late}/ap-reports`, { reportedAt: hoursAgo(24 * 6), apReference: 'M-2026-0001', phase: 'preliminary', lateReason: { code: 'internal-escalation', explanation: 'Het KCC gaf de melding twee dagen later door.' } }));
    // Late too, but the FG already judged it: not listed.
    ids.judgedEarlier = await officer.register({ title: 'Al beoordeeld lek', dienst: 'DSO', awareAt: hoursAgo(24 * 9), occurredFrom: null, occurredTo: null });
    await created(officer.post(`/breaches/${ids.judgedEarlier}/ap-reports`, { reportedAt: hoursAgo(24 * 5), apReference: 'M-2026-0002', phase: 'final', lateReason: { code: 'processor-delay', explanation: 'De verwerker meldde laat.' } }));
    await created(test.as('dpo').post(`/breaches/${ids.judgedEarlier}/late-reason-verdicts`, { verdict: 'accepted', comment: 'Aannemelijk.', assessedAt: hoursAgo(24 * 4) }));
    // The FG was informed and has not advised.
    ids.advice = await officer.register({ title: 'USB-stick kwijt bij Burgerzaken', dienst: 'DBV', awareAt: hoursAgo(20), occurredFrom: null, occurredTo: null });
    await created(officer.post(`/breaches/${ids.advice}/dpo-notifications`, { informedAt: hoursAgo(19), informedBy: 'privacy officer DBV' }));
    // Nobody told the FG.
    ids.notInformed = await officer.register({ title: 'Mail met BSN naar verkeerde ontvanger', dienst: 'DSB', awareAt: hoursAgo(5), occurredFrom: null, occurredTo: null });
    page = await stage.signedIn('dpo');
  }, 60_000);

  afterAll(async () => {
    await stage?.close();
  });

  it('lists what awaits the FG, each linked to its dossier', async () => {
    await page.getByRole('navigation', { name: 'Hoofdnavigatie' }).getByRole('link', { name: 'FG', exact: true }).click();
    await page.waitForURL(`${base}/app/fg`);
    expect(await page.locator('h1').textContent()).toBe('Functionaris gegevensbescherming');
    const late = page.locator('#late-reasons > li');
    expect(await late.count()).toBe(1);
    const item = page.locator(`li[data-breach="${ids.late}"]`);
    expect(await item.textContent()).toMatch(/Het bereikte de privacyadviseurs te laat[\s\S]*Niet aanvaard door de AP/);
    expect(await item.textContent()).toContain('Het KCC gaf de melding twee dagen later door.');
    expect(await item.getByRole('link', { name: 'Wmo-beschikking naar de buren' }).getAttribute('href')).toBe(`/app/breaches/${ids.late}`);
    expect(await page.locator('#late-reasons').textContent()).not.toContain('Al beoordeeld lek');
    const advice = page.locator('#advice-to-give > li');
    expect(await advice.count()).toBe(1);
    expect(await advice.first().getAttribute('data-breach')).toBe(ids.advice);
    const notInformed = page.getByRole('table', { name: /zonder vastgelegde informatie aan de FG/ });
    expect(await notInformed.getByRole('link', { name: 'Mail met BSN naar verkeerde ontvanger' }).getAttribute('href')).toBe(`/app/breaches/${ids.notInformed}`);
    expect(await notInformed.textContent()).not.toContain('USB-stick kwijt');
    await expectAccessible(page);
    await page.locator(`li[data-breach="${ids.late}"] summary`).click();
    await screenshot(page, 'fg');
  });

  it('judges a late reason: the verdict is recorded and the reason leaves the list', async () => {
    await page.goto(`${base}/app/fg`);
    const item = page.locator(`li[data-breach="${ids.late}"]`);
    await item.getByText('Reden beoordelen').click();
    await item.getByLabel('Niet aanvaard').check();
    await item.getByLabel('Toelichting bij uw oordeel').fill('Interne escalatie is geen reden die de AP aanvaardt.');
    await item.getByRole('button', { name: 'Oordeel vastleggen' }).click();
    await page.waitForURL(`${base}/app/fg`);
    expect(await page.getByRole('status').textContent()).toContain('Uw oordeel over de reden van de te late melding van “Wmo-beschikking naar de buren” is vastgelegd.');
    expect(await page.locator(`li[data-breach="${ids.late}"]`).count()).toBe(0);
    expect(await page.getByText('Geen te late melding wacht op uw oordeel.').count()).toBe(1);
    const dossier = await test.as('dpo').get(`/breaches/${ids.late}/dossier`);
    expect(dossier.body.lateReasonVerdicts).toEqual([expect.objectContaining({ verdict: 'not-accepted', comment: 'Interne escalatie is geen reden die de AP aanvaardt.' })]);
  });

  it('refuses advice without text, per field, then records the advice and drops the breach from the list', async () => {
    await page.goto(`${base}/app/fg`);
    const item = () => page.locator(`li[data-breach="${ids.advice}"]`);
    await item().getByText('Advies geven').click();
    await item().getByRole('button', { name: 'Advies vastleggen' }).click();
    expect(await item().getByRole('alert').textContent()).toContain('Niet alle velden zijn goed ingevuld');
    expect(await item().getByLabel('Uw advies').getAttribute('aria-invalid')).toBe('true');
    expect(await item().locator(`#advice-${ids.advice}-advice-error`).textContent()).toContain('verplicht');
    await expectAccessible(page);
    await item().getByLabel('Uw advies').fill('Meld vandaag voorlopig aan de AP en informeer de betrokkenen.');
    await item().getByRole('button', { name: 'Advies vastleggen' }).click();
    await page.waitForURL(`${base}/app/fg`);
    expect(await page.getByRole('status').textContent()).toContain('Uw advies over “USB-stick kwijt bij Burgerzaken” is vastgelegd.');
    expect(await page.locator(`li[data-breach="${ids.advice}"]`).count()).toBe(0);
    const timeline = await test.as('dpo').get(`/breaches/${ids.advice}`);
    expect(timeline.body.dpoAdvisedAt).toEqual(expect.any(String));
  });

  it('shows the FG page in English', async () => {
    await page.goto(`${base}/app/fg`);
    await page.getByRole('link', { name: 'Switch to English' }).click();
    expect(await page.locator('h1').textContent()).toBe('Data protection officer');
    expect(await page.getByRole('table', { name: /without a recorded notice to the DPO/ }).textContent()).toContain('Mail met BSN naar verkeerde ontvanger');
    await page.getByRole('link', { name: 'Naar het Nederlands' }).click();
  });

  it('gives a privacy officer no FG menu entry, and 403 on the page', async () => {
    const officerPage = await stage.signedIn('privacy-officer');
    const menu = officerPage.getByRole('navigation', { name: 'Hoofdnavigatie' });
    expect(await menu.getByRole('link', { name: 'Jaarverslag' }).count()).toBe(1);
    expect(await menu.getByRole('link', { name: 'FG', exact: true }).count()).toBe(0);
    const response = await officerPage.goto(`${base}/app/fg`);
    expect(response?.status()).toBe(403);
    expect(await officerPage.locator('h1').textContent()).toBe('Geen toegang');
    await officerPage.context().close();
  });
});
