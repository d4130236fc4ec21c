import { afterAll, beforeAll, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { BrowserStage, describeInBrowser, expectAccessible, screenshot } from '../support/browser.js';
import { AlertScheduler } from '../../src/alerts/delivery/alert-scheduler.js';
import { auditBody } from '../support/audit-requests.js';
import { SmtpSink } from '../support/smtp-sink.js';
import type { TestApp } from '../support/test-app.js';

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);
/** A datetime-local value in Amsterdam time, as a person types it. */
const amsterdam = (date: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(date).replace(' ', 'T');

jest.setTimeout(60_000);

describeInBrowser('the breach dossier and its actions, in Chromium', () => {
  let stage: BrowserStage;
  let test: TestApp;
  let base: string;
  let page: Page;
  let onTime: string;
  let late: string;
  let smtp: SmtpSink;

  beforeAll(async () => {
    // Alerts go out by mail: the FG hears of every new breach.
    smtp = await SmtpSink.start();
    stage = await BrowserStage.open({ ...smtp.env(), ALERT_FG_EMAILS: 'fg@gemeente.example', ALERT_POLL_MS: '3600000' });
    ({ test, base } = stage);
    page = await stage.signedIn('privacy-officer');
  }, 60_000);

  afterAll(async () => {
    await stage?.close();
    await smtp?.close();
  });

  /** Registers a breach through the intake form and returns its id (the form leads to the dossier). */
  async function register(title: string, awareHoursAgo: number): Promise<string> {
    await page.goto(`${base}/app/breaches/new`);
    await page.getByLabel('Korte omschrijving').fill(title);
    await page.getByLabel('Beschrijving').fill('Een beschikking Wmo is naar de buren gestuurd.');
    await page.getByLabel('Dienst').selectOption({ index: 1 });
    await page.getByLabel('Soort incident').selectOption('wrong-recipient');
    await page.getByLabel('Ontdekt op (Nederlandse tijd)').fill(amsterdam(hoursAgo(awareHoursAgo)));
    await page.getByLabel('Hoe is het ontdekt').fill('De buren belden het KCC');
    await page.getByLabel(/^Vertrouwelijkheid/).check();
    await page.getByLabel('Soorten persoonsgegevens').fill('naam, adres, inkomen');
    await page.getByLabel('Burgerservicenummers (BSN)').check();
    await page.getByLabel(/^Aantal/).fill('3');
    await page.getByRole('button', { name: 'Datalek registreren' }).click();
    await page.waitForURL(/\/app\/breaches\/[0-9a-f-]{36}$/);
    return new URL(page.url()).pathname.split('/').pop() as string;
  }

  /** Opens an action's form on the dossier (a disclosure) and returns it. */
  async function openAction(summary: string) {
    await page.locator('summary', { hasText: summary }).click();
    return page.locator('details[open]', { has: page.locator('summary', { hasText: summary }) });
  }

  const flash = () => page.locator('.pl-flash').textContent();
  const stepRow = (step: string) => page.getByRole('table', { name: /Elke stap met de gebeurtenis/ }).getByRole('row', { name: new RegExp(`^${step}`) });

  async function assess() {
    const form = await openAction('Beoordelen');
    await form.getByLabel('Risico', { exact: true }).check();
    await form.getByLabel('Ernst').selectOption('beperkt');
    await form.getByRole('button', { name: 'Beoordeling vastleggen' }).click();
    await page.waitForURL(/\/app\/breaches\/[0-9a-f-]{36}$/);
    expect(await flash()).toContain('De beoordeling is vastgelegd');
  }

  it('a privacy officer registers a breach, sees its dossier counting down, informs the FG and assesses it', async () => {
    onTime = await register('Beschikking naar verkeerd adres', 10);
    expect(await page.locator('h1').textContent()).toContain('Beschikking naar verkeerd adres');
    expect(await flash()).toContain('Datalek geregistreerd');
    // The facts, labelled in Dutch.
    const facts = await page.locator('.pl-dl').nth(1).textContent();
    expect(facts).toContain('Verkeerde ontvanger');
    expect(facts).toContain('Vertrouwelijkheid');
    expect(facts).toContain('BSN');
    expect(facts).toContain('De buren belden het KCC');
    // The deadline counts down while the breach awaits its report (app.js ticks it).
    expect(await page.locator('[data-countdown]').textContent()).toMatch(/^nog 6[12] u \d\d min$/);
    expect(await stepRow('Geregistreerd').textContent()).toMatch(/positie \d+, revisie 0.*hash [0-9a-f]{64}/);
    await expectAccessible(page);

    // The alert history: the FG was warned of the new breach.
    await test.app.get(AlertScheduler).tick();
    let alerts = '';
    for (let attempt = 0; attempt < 50 && !alerts.includes('Verstuurd'); attempt += 1) {
      await page.reload();
      alerts = (await page.getByRole('table', { name: 'Verstuurde en geplande waarschuwingen' }).textContent({ timeout: 200 }).catch(() => '')) ?? '';
    }
    expect(alerts).toMatch(/Nieuw datalek.*FG.*Verstuurd/);

    const dpo = await openAction('De FG informeren');
    await dpo.getByLabel('Geïnformeerd door (naam of functie)').fill('J. de Vries, privacy officer');
    await dpo.getByRole('button', { name: 'Vastleggen dat de FG is geïnformeerd' }).click();
    await page.waitForURL(`${base}/app/breaches/${onTime}`);
    expect(await flash()).toContain('Vastgelegd dat de FG is geïnformeerd');
    expect(await stepRow('FG geïnformeerd').textContent()).toMatch(/revisie 1/);
    // Once informed, the form is no longer offered.
    expect(await page.locator('summary', { hasText: 'De FG informeren' }).count()).toBe(0);

    await assess();
    expect(await page.getByRole('table', { name: /Elke beoordeling/ }).textContent()).toContain('Beperkt');
  });

  it('opens the prepared AP form, files the report on time and shows "Tijdig gemeld" with the step and its event', async () => {
    await page.goto(`${base}/app/breaches/${onTime}`);
    await page.getByRole('link', { name: 'AP-meldformulier openen en melden' }).click();
    await page.waitForURL(`${base}/app/breaches/${onTime}/ap-report`);
    expect(await page.locator('h1').textContent()).toContain('Melden bij de AP');
    const about = page.getByRole('table', { name: '0. Over deze melding' });
    expect(await about.textContent()).toContain('Nieuwe melding');
    expect(await page.getByRole('table', { name: /^1\. Contactgegevens/ }).textContent()).toContain('Nog geen antwoord');
    expect(await page.locator('main').textContent()).toMatch(/sha256 [0-9a-f]{64}/);
    await expectAccessible(page);
    await screenshot(page, 'ap-form');

    // An open question leads to where its answer is recorded: the AP's contact person.
    await page.getByRole('link', { name: 'Gegevens voor het AP-formulier aanvullen (contact)' }).click();
    await page.waitForURL(`${base}/app/breaches/${onTime}/notification-details`);
    await expectAccessible(page);
    await page.getByLabel(/^Naam/).fill('J. de Vries');
    await page.getByLabel(/^Functie/).fill('Privacy officer');
    await page.getByLabel(/^Telefoonnummer/).fill('+31 20 123 4567');
    await page.getByLabel('Inwoners').check();
    await page.getByRole('group', { name: 'Hoeveel records' }).getByLabel('Precies').check();
    await page.getByLabel(/^Aantal records/).fill('3');
    await page.getByRole('button', { name: 'Gegevens vastleggen' }).click();
    await page.waitForURL(`${base}/app/breaches/${onTime}`);
    expect((await test.as('cpo').get(`/breaches/${onTime}/dossier`)).body.notificationDetails).toMatchObject({ recordCount: { value: { kind: 'exact', count: 3 } } });
    expect(await flash()).toContain('De gegevens voor het AP-formulier zijn vastgelegd');
    expect(await page.locator('main').textContent()).toContain('J. de Vries, Privacy officer, +31 20 123 4567');
    await page.getByRole('link', { name: 'AP-meldformulier openen en melden' }).click();
    expect(await page.getByRole('row', { name: /^1\.2/ }).textContent()).toContain('J. de Vries');

    await page.getByLabel('Meldnummer van de AP').fill('M-2026-0042');
    await page.getByRole('button', { name: 'Melding bij de AP vastleggen' }).click();
    await page.waitForURL(`${base}/app/breaches/${onTime}`);
    expect(await flash()).toContain('De melding bij de AP is vastgelegd');
    expect(await page.locator('.pl-status').first().textContent()).toBe('Tijdig gemeld');
    expect(await page.locator('[data-countdown]').count()).toBe(0);
    const step = await stepRow('Gemeld bij de AP').textContent();
    expect(step).toMatch(/positie \d+, revisie 4/);
    expect(step).toMatch(/hash [0-9a-f]{64}/);
    expect(step).toContain('privacy officer');
    expect(await page.getByRole('table', { name: /Meldingen, aanvullingen/ }).textContent()).toMatch(/M-2026-0042.*op tijd.*AP-formulier versie 3/);
    // The filed version is the one the officer checked.
    const dossier = await test.as('cpo').get(`/breaches/${onTime}/dossier`);
    expect((dossier.body.apReports as { apNotification: { revision: number } }[])[0]?.apNotification.revision).toBe(3);
    await expectAccessible(page);
    await screenshot(page, 'dossier');
  });

  it('refuses a late report without a reason in Dutch, then files it late with one; measure, root cause and closure follow', async () => {
    late = await register('USB-stick met dossiers verloren', 80);
    await assess();
    await page.getByRole('link', { name: 'AP-meldformulier openen en melden' }).click();
    expect(await page.locator('main').textContent()).toContain('De termijn van 72 uur is verstreken');
    await page.getByLabel('Meldnummer van de AP').fill('M-2026-0043');
    const refused = page.waitForResponse((response) => response.url().endsWith('/ap-report') && response.request().method() === 'POST');
    await page.getByRole('button', { name: 'Melding bij de AP vastleggen' }).click();
    expect((await refused).status()).toBe(422);
    const alert = await page.getByRole('alert').first().textContent();
    expect(alert).toContain('Deze melding is te laat (meer dan 72 uur na ontdekking); geef de reden van de vertraging op.');
    expect(alert).toContain('late-report-requires-reason');
    expect(await page.locator('#field-lateReasonCode-error').textContent()).toContain('kies de reden van de vertraging');
    expect(await page.getByLabel('Meldnummer van de AP').inputValue()).toBe('M-2026-0043');
    await expectAccessible(page);
    await screenshot(page, 'ap-form-late-refused');

    await page.getByLabel(/^Reden/).selectOption('staff-unavailable');
    await page.getByLabel('Toelichting').fill('De privacy officer was ziek en er was geen vervanging.');
    await page.getByRole('button', { name: 'Melding bij de AP vastleggen' }).click();
    await page.waitForURL(`${base}/app/breaches/${late}`);
    expect(await page.locator('.pl-status').first().textContent()).toBe('Te laat gemeld');
    const situation = await page.locator('.pl-dl').first().textContent();
    expect(situation).toContain('Vakantie, weekend, ziekte of werkdruk: De privacy officer was ziek');
    expect(situation).toContain('Niet aanvaard door de AP');

    const measure = await openAction('Maatregel vastleggen');
    await measure.getByLabel('Maatregel').fill('Alle USB-sticks vervangen door versleutelde exemplaren');
    await measure.getByLabel('Voorkomen van herhaling').check();
    await measure.getByRole('button', { name: 'Maatregel vastleggen' }).click();
    await page.waitForURL(`${base}/app/breaches/${late}`);
    expect(await page.getByRole('table', { name: 'Genomen maatregelen' }).textContent()).toContain('Alle USB-sticks vervangen');

    const cause = await openAction('Oorzaak vastleggen');
    await cause.getByLabel('Soort oorzaak').selectOption('human-error');
    await cause.getByLabel(/^Beschrijving/).fill('De stick werd in de trein vergeten.');
    await cause.getByRole('button', { name: 'Oorzaak vastleggen' }).click();
    await page.waitForURL(`${base}/app/breaches/${late}`);
    expect(await page.getByRole('table', { name: 'Vastgelegde oorzaken' }).textContent()).toContain('Menselijke fout');

    const close = await openAction('Afsluiten');
    await close.getByLabel('Samenvatting van de afhandeling').fill('Gemeld, oorzaak gevonden, sticks vervangen.');
    await close.getByRole('button', { name: 'Datalek afsluiten' }).click();
    await page.waitForURL(`${base}/app/breaches/${late}`);
    expect(await flash()).toContain('Het datalek is afgesloten');
    expect(await page.locator('main').textContent()).toContain('Gemeld, oorzaak gevonden, sticks vervangen.');
    // After closure only what the law still allows is offered.
    expect(await page.locator('summary', { hasText: 'Maatregel vastleggen' }).count()).toBe(0);
    expect(await page.locator('summary', { hasText: 'Gegevens corrigeren' }).count()).toBe(1);
    expect(await stepRow('Afgesloten').count()).toBe(1);
  });

  it('records the data subjects’ side (waiver, its revocation, notification), supplements and withdraws a report, and corrects a detail', async () => {
    const id = await register('Mail met bijlage aan verkeerde groep', 5);
    let form = await openAction('Beoordelen');
    await form.getByLabel('Hoog risico').check();
    await form.getByLabel('Ernst').selectOption('aanzienlijk');
    await form.locator('fieldset', { hasText: 'Betrokkenen informeren' }).getByLabel('Ja').check();
    await form.getByRole('button', { name: 'Beoordeling vastleggen' }).click();
    await page.waitForURL(`${base}/app/breaches/${id}`);

    form = await openAction('Besluiten betrokkenen niet te informeren');
    await form.getByLabel(/art\. 34 lid 3 sub a/).check();
    await form.getByLabel(/^Toelichting/).fill('De bijlage was versleuteld.');
    await form.getByRole('button', { name: 'Besluit vastleggen' }).click();
    await page.waitForURL(`${base}/app/breaches/${id}`);
    expect(await page.getByRole('table', { name: /Berichten aan betrokkenen/ }).textContent()).toContain('De bijlage was versleuteld.');
    // With a standing waiver, notifying is not offered; revoking it is.
    expect(await page.locator('summary', { hasText: /^Betrokkenen informeren$/ }).count()).toBe(0);

    form = await openAction('Het besluit niet te informeren intrekken');
    await form.getByLabel('De grond voor niet informeren gaat niet op').check();
    await form.getByLabel(/^Reden/).fill('Het wachtwoord stond in dezelfde mail.');
    await form.getByRole('button', { name: 'Intrekking vastleggen' }).click();
    await page.waitForURL(`${base}/app/breaches/${id}`);

    form = await openAction('Betrokkenen informeren');
    await form.getByLabel('Aantal geïnformeerde betrokkenen').fill('3');
    await form.getByLabel('Kanaal').selectOption('letter');
    await form.getByRole('button', { name: 'Vastleggen dat betrokkenen zijn geïnformeerd' }).click();
    await page.waitForURL(`${base}/app/breaches/${id}`);
    expect(await page.getByRole('table', { name: /Berichten aan betrokkenen/ }).textContent()).toContain('3 betrokkenen per Brief');

    await page.getByRole('link', { name: 'AP-meldformulier openen en melden' }).click();
    await page.getByLabel('Meldnummer van de AP').fill('M-2026-0050');
    await page.getByLabel('Voorlopige melding').check();
    await page.getByRole('button', { name: 'Melding bij de AP vastleggen' }).click();
    await page.waitForURL(`${base}/app/breaches/${id}`);

    form = await openAction('De melding aanvullen');
    await form.getByLabel('Wat is aangevuld of gewijzigd').fill('Het aantal betrokkenen is bevestigd.');
    await form.getByRole('button', { name: 'Aanvulling vastleggen' }).click();
    await page.waitForURL(`${base}/app/breaches/${id}`);

    form = await openAction('De melding intrekken');
    await form.getByLabel('Toch geen datalek').check();
    await form.getByLabel(/^Reden/).fill('De groep was bevoegd de bijlage te zien.');
    await form.getByRole('button', { name: 'Intrekking vastleggen' }).click();
    await page.waitForURL(`${base}/app/breaches/${id}`);
    const reports = await page.getByRole('table', { name: /Meldingen, aanvullingen/ }).textContent();
    expect(reports).toContain('Het aantal betrokkenen is bevestigd.');
    expect(reports).toContain('Toch geen datalek: De groep was bevoegd de bijlage te zien.');
    expect(await page.locator('.pl-status').first().textContent()).toBe('Melding ingetrokken');

    form = await openAction('Gegevens corrigeren');
    await form.getByLabel(/^Korte omschrijving/).fill('Mail met bijlage aan bevoegde groep');
    await form.getByLabel('Hoeveel mensen zijn betrokken').selectOption('exact');
    await form.getByLabel(/^Aantal betrokkenen \(precies\)/).fill('250');
    await form.getByLabel('Burgerservicenummers (BSN)').selectOption('false');
    await form.getByLabel('Reden van de correctie').fill('Bij nader inzien was de groep bevoegd.');
    await form.getByRole('button', { name: 'Correctie vastleggen' }).click();
    await page.waitForURL(`${base}/app/breaches/${id}`);
    expect(await page.locator('h1').textContent()).toBe('Mail met bijlage aan bevoegde groep');
    const correction = await page.getByRole('table', { name: /Elke correctie/ }).textContent();
    expect(correction).toContain('Mail met bijlage aan verkeerde groep');
    expect(correction).toContain('Bij nader inzien was de groep bevoegd.');
    const facts = (await test.as('cpo').get(`/breaches/${id}/dossier`)).body.facts as Record<'dataSubjects' | 'bsn', { value: unknown }>;
    expect([facts.dataSubjects.value, facts.bsn.value]).toEqual([{ kind: 'exact', count: 250 }, false]);
    // A correction that corrects nothing is refused on the correction's own page, in Dutch.
    form = await openAction('Gegevens corrigeren');
    await form.getByLabel('Reden van de correctie').fill('Niets');
    await form.getByRole('button', { name: 'Correctie vastleggen' }).click();
    expect(await page.getByRole('alert').first().textContent()).toContain('Kies ten minste één veld om te corrigeren.');
    await expectAccessible(page);
  });

  it('the FG gives advice and judges the reason for the late report on the dossier', async () => {
    const fg = await stage.signedIn('dpo');
    await fg.goto(`${base}/app/breaches/${onTime}`);
    await fg.locator('summary', { hasText: 'Advies van de FG geven' }).click();
    await fg.getByLabel('Advies', { exact: true }).fill('Informeer de betrokkene schriftelijk.');
    await fg.getByRole('button', { name: 'Advies vastleggen' }).click();
    await fg.waitForURL(`${base}/app/breaches/${onTime}`);
    expect(await fg.getByRole('table', { name: /De FG geïnformeerd/ }).textContent()).toContain('Informeer de betrokkene schriftelijk.');
    // The FG may not assess or report.
    expect(await fg.locator('summary', { hasText: 'Beoordelen' }).count()).toBe(0);

    await fg.goto(`${base}/app/breaches/${late}`);
    await fg.locator('summary', { hasText: 'De reden van te laat melden beoordelen' }).click();
    await fg.getByLabel('Niet aanvaard', { exact: true }).check();
    await fg.getByLabel('Toelichting').fill('Vervanging bij ziekte hoort geregeld te zijn.');
    await fg.getByRole('button', { name: 'Oordeel vastleggen' }).click();
    await fg.waitForURL(`${base}/app/breaches/${late}`);
    expect(await fg.locator('.pl-dl').first().textContent()).toContain('Niet aanvaard');
    await expectAccessible(fg);

    // The FG links a breach to the audit recommendation that should have prevented it.
    const officer = test.as('privacy-officer');
    const auditId = (await officer.post('/audits', auditBody({ completedAt: hoursAgo(200).toISOString() }))).body.auditId as string;
    const recommendationId = (await officer.post(`/audits/${auditId}/recommendations`, { findingId: 'B1', description: 'Adressen dubbel controleren.', dienst: 'SZW', issuedAt: hoursAgo(199).toISOString(), dueAt: null })).body
      .recommendationId as string;
    await fg.goto(`${base}/app/breaches/${onTime}`);
    await fg.locator('summary', { hasText: 'Koppelen aan een auditaanbeveling' }).click();
    await fg.getByLabel('Kenmerk van de audit').fill(auditId);
    await fg.getByLabel('Kenmerk van de aanbeveling').fill('00000000-0000-4000-8000-000000000000');
    await fg.getByLabel('Had voorkomen moeten worden door de aanbeveling').check();
    await fg.getByRole('button', { name: 'Koppeling vastleggen' }).click();
    expect(await fg.getByRole('alert').first().textContent()).toContain('Deze aanbeveling hoort niet bij deze audit.');
    await fg.getByLabel('Kenmerk van de aanbeveling').fill(recommendationId);
    await fg.getByRole('button', { name: 'Koppeling vastleggen' }).click();
    await fg.waitForURL(`${base}/app/breaches/${onTime}`);
    expect(await fg.getByRole('table', { name: /Aanbevelingen uit audits/ }).textContent()).toContain(recommendationId);

    // The closed breach's personal data is erased by the FG: the free text is gone, the figures stay.
    await fg.goto(`${base}/app/breaches/${late}`);
    await fg.locator('summary', { hasText: 'Persoonsgegevens wissen' }).click();
    await fg.getByLabel(/^Reden/).fill('Bewaartermijn verstreken');
    await fg.getByRole('button', { name: 'Persoonsgegevens definitief wissen' }).click();
    await fg.waitForURL(`${base}/app/breaches/${late}`);
    expect(await fg.locator('h1').textContent()).toBe('[erased]');
    expect(await fg.locator('main').textContent()).toContain('Persoonsgegevens gewist op');
    expect(await fg.locator('.pl-status').first().textContent()).toBe('Afgesloten');
    expect(await fg.locator('summary', { hasText: 'Persoonsgegevens wissen' }).count()).toBe(0);
    await fg.close();
  });

  it('an auditor sees the dossier with personal fields redacted and no action forms', async () => {
    const auditor = await stage.signedIn('auditor');
    const response = await auditor.goto(`${base}/app/breaches/${onTime}`);
    expect(response?.status()).toBe(200);
    expect(await auditor.locator('main').textContent()).toContain('persoonlijke velden zijn afgeschermd');
    expect(await auditor.locator('h1').textContent()).toBe('[redacted]');
    expect(await auditor.locator('.pl-dl').first().textContent()).toContain('Tijdig gemeld');
    expect(await auditor.locator('main form').count()).toBe(0);
    expect(await auditor.getByRole('link', { name: 'AP-meldformulier openen en melden' }).count()).toBe(0);
    await expectAccessible(auditor);
    // An action's page is refused to a role without its permission.
    const forbidden = await auditor.goto(`${base}/app/breaches/${onTime}/closure`);
    expect(forbidden?.status()).toBe(403);
    await auditor.close();
  });

  it('the supervisory authority is refused a breach outside any inquiry', async () => {
    const ap = await stage.signedIn('supervisory-authority');
    const response = await ap.goto(`${base}/app/breaches/${onTime}`);
    expect(response?.status()).toBe(403);
    expect(await ap.locator('h1').textContent()).toBe('Dossier niet beschikbaar');
    expect(await ap.getByRole('alert').textContent()).toContain('Uw rol mag dit niet.');
    expect(await ap.locator('main').textContent()).toContain('de AP ziet alleen de datalekken binnen een lopend onderzoek');
    expect(await ap.locator('main').textContent()).not.toContain('Beschikking naar verkeerd adres');
    await expectAccessible(ap);
    await ap.close();
  });

  it('the supervisory authority reads a breach within its inquiry, without action forms', async () => {
    const inquiry = await test.as('privacy-officer').post('/inquiries', { receivedAt: hoursAgo(1).toISOString(), apReference: 'AP-7', question: 'Wat is er gebeurd?', scope: { breachIds: [onTime] }, answerDueAt: new Date(Date.now() + 14 * 24 * 3_600_000).toISOString() });
    expect(inquiry.status).toBe(201);
    const ap = await stage.signedIn('supervisory-authority');
    const response = await ap.goto(`${base}/app/breaches/${onTime}`);
    expect(response?.status()).toBe(200);
    expect(await ap.locator('h1').textContent()).toBe('Beschikking naar verkeerd adres');
    expect(await ap.locator('main form').count()).toBe(0);
    // Another breach stays out of reach.
    expect((await ap.goto(`${base}/app/breaches/${late}`))?.status()).toBe(403);
    await ap.close();
  });

  it('shows the dossier in English on request', async () => {
    await page.goto(`${base}/app/breaches/${onTime}`);
    await page.getByRole('link', { name: 'Switch to English' }).click();
    expect(await page.locator('h2').first().textContent()).toBe('Where it stands');
    expect(await page.locator('.pl-status').first().textContent()).toBe('Reported on time');
    expect(await page.getByRole('table', { name: /Every step with the event/ }).getByRole('row', { name: /^Reported to the AP/ }).count()).toBe(1);
    await page.getByRole('link', { name: 'Naar het Nederlands' }).click();
  });

  it('says a breach that does not exist is not there', async () => {
    const response = await page.goto(`${base}/app/breaches/00000000-0000-4000-8000-000000000000`);
    expect(response?.status()).toBe(404);
    expect(await page.getByRole('alert').textContent()).toContain('Dit datalek bestaat niet');
  });
});
