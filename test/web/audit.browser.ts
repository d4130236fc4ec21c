import { afterAll, beforeAll, expect, it, jest } from '@jest/globals';
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BrowserStage, describeInBrowser, expectAccessible, screenshot } from '../support/browser.js';
import type { TestApp } from '../support/test-app.js';

jest.setTimeout(60_000);

describeInBrowser('the web app: verification and export of the log, in Chromium', () => {
  let stage: BrowserStage;
  let test: TestApp;
  let base: string;
  const signedIn = (role: Parameters<TestApp['as']>[0]) => stage.signedIn(role);

  beforeAll(async () => {
    stage = await BrowserStage.open();
    ({ test, base } = stage);
    for (const title of ['Beschikking naar verkeerd adres', 'Laptop gestolen', 'Mail aan verkeerde lijst']) await test.as('privacy-officer').register({ title });
    expect((await test.as('dpo').post('/audit/checkpoints', {})).status).toBe(201);
  }, 60_000);

  afterAll(() => stage?.close());

  it('lets an auditor run the verification and see that the log is intact, with its size, root and time taken', async () => {
    const page = await signedIn('auditor');
    await page.goto(`${base}/app/audit`);
    expect(await page.locator('h1').textContent()).toBe('Verificatie en export van het logboek');
    expect(await page.getByRole('navigation', { name: 'Hoofdnavigatie' }).getByRole('link', { name: 'Verificatie en export' }).getAttribute('aria-current')).toBe('page');
    expect(await page.locator('#verification-title + p + form + p').textContent()).toContain('nog geen controle');
    // The checkpoint the FG signed, and the key it is verified with.
    const checkpoints = (await test.as('auditor').get('/audit/checkpoints')).body.checkpoints as { treeSize: number; rootHash: string }[];
    const checkpointRow = page.getByRole('table', { name: /checkpoints, het nieuwste eerst/ }).getByRole('row', { name: new RegExp(checkpoints[0]?.rootHash.replace(/[+/]/g, '.') ?? 'none') });
    expect(await checkpointRow.textContent()).toContain(String(checkpoints[0]?.treeSize));
    const key = (await test.as('auditor').get('/audit/public-key')).body as { verifierKey: string };
    expect(await page.locator('#verifier-key').textContent()).toBe(key.verifierKey);
    expect(await page.getByText('npx privacy-ledger verify privacy-ledger-export.ndjson --public-key ledger.pub').first().isVisible()).toBe(true);
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Logboek nu controleren' }).click();
    await page.waitForURL(`${base}/app/audit#verification-title`);
    expect(await page.getByRole('status').filter({ hasText: 'Gelukt' }).textContent()).toContain('De controle is uitgevoerd.');
    expect(await page.locator('#verification-outcome').textContent()).toContain('Intact: alle hashketens, de Merkle-boom en alle ondertekende checkpoints kloppen.');
    const verification = (await test.as('auditor').get('/audit/verification')).body as { ok: boolean; events: number };
    expect(verification.ok).toBe(true);
    const facts = await page.locator('#verification-outcome + dl').textContent();
    expect(facts).toContain(`Gebeurtenissen (grootte van de boom)${verification.events}`);
    const root = (await test.as('auditor').get(`/audit/proofs/consistency?from=${verification.events}&to=${verification.events}`)).body.newRoot as string;
    expect(facts).toContain(`Merkle-root over deze gebeurtenissen${root}`);
    expect(facts).toMatch(/Duur\d+,\d+ s/);
    expect(await page.getByText('Er is geen getuige ingesteld').isVisible()).toBe(true);
    await expectAccessible(page);
    await screenshot(page, 'audit');
    await page.context().close();
  });

  it('downloads the export of the log: the bytes of GET /audit/export, streamed', async () => {
    const page = await signedIn('auditor');
    await page.goto(`${base}/app/audit`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export downloaden (NDJSON)' }).click()]);
    expect(download.suggestedFilename()).toBe('privacy-ledger-export.ndjson');
    const downloaded = readFileSync(await download.path()).toString('utf8');
    const direct = await test.app.inject({ method: 'GET', url: '/audit/export', headers: { authorization: `Bearer ${test.keys.auditor}` } });
    const [ownHeader, ...ownRest] = downloaded.split('\n');
    const [apiHeader, ...apiRest] = direct.body.split('\n');
    // The export's header carries when it was made (and a checkpoint signed then); every line after it is the log, byte for byte.
    expect(ownRest.length).toBeGreaterThan(3);
    expect(ownRest.join('\n')).toBe(apiRest.join('\n'));
    const header = JSON.parse(ownHeader as string) as Record<string, unknown>;
    expect(header).toMatchObject({ kind: 'header', format: 'privacy-ledger-export', treeSize: (JSON.parse(apiHeader as string) as { treeSize: number }).treeSize });
    const response = await page.context().request.get(`${base}/app/audit/export`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/x-ndjson');
    expect(response.headers()['content-disposition']).toBe('attachment; filename="privacy-ledger-export.ndjson"');
    const key = await page.context().request.get(`${base}/app/audit/public-key`);
    expect(await key.text()).toBe(`${(await test.as('auditor').get('/audit/public-key')).body.verifierKey as string}\n`);
    await page.context().close();
  });

  it('shows the supervisory authority the checkpoints and the key, but not the verification or the export', async () => {
    const page = await signedIn('supervisory-authority');
    await page.goto(`${base}/app/audit`);
    expect(await page.locator('h1').textContent()).toBe('Verificatie en export van het logboek');
    expect(await page.getByRole('heading', { name: 'Ondertekende checkpoints' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Logboek nu controleren' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Export downloaden (NDJSON)' }).count()).toBe(0);
    await expectAccessible(page);
    const response = await page.goto(`${base}/app/audit/export`);
    expect(response?.status()).toBe(403);
    expect(await page.locator('h1').textContent()).toBe('Geen toegang');
    await page.context().close();
  });

  it('refuses a privacy officer the page and leaves it out of the menu', async () => {
    const page = await signedIn('privacy-officer');
    expect(await page.getByRole('navigation', { name: 'Hoofdnavigatie' }).getByRole('link', { name: 'Verificatie en export' }).count()).toBe(0);
    const response = await page.goto(`${base}/app/audit`);
    expect(response?.status()).toBe(403);
    expect(await page.locator('h1').textContent()).toBe('Geen toegang');
    await page.context().close();
  });
  it('shows the first break by stream, revision and position once an event was altered in the file', async () => {
    // Someone with file access changes a breach's text without re-hashing (the store's triggers dropped first).
    const db = new Database(join(test.dataDir, 'events.sqlite'));
    let altered: { position: number; stream_id: string; revision: number };
    try {
      for (const trigger of ['update', 'delete']) db.exec(`DROP TRIGGER IF EXISTS events_are_immutable_${trigger}`);
      altered = db.prepare("SELECT position, stream_id, revision FROM events WHERE type = 'BreachDetected' ORDER BY position LIMIT 1").get() as typeof altered;
      db.prepare("UPDATE events SET data = replace(data, '\"dienst\":\"SZW\"', '\"dienst\":\"BRW\"') WHERE position = ?").run(altered.position);
      expect(db.prepare('SELECT changes() AS n').get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
    const page = await signedIn('auditor');
    await page.goto(`${base}/app/audit`);
    await page.getByRole('button', { name: 'Logboek nu controleren' }).click();
    await page.waitForURL(`${base}/app/audit#verification-title`);
    expect(await page.locator('#verification-outcome').getAttribute('role')).toBe('alert');
    expect(await page.locator('#verification-outcome').textContent()).toContain('Niet intact');
    const firstBreak = await page.getByRole('heading', { name: 'Eerste breuk' }).locator('xpath=following-sibling::dl[1]').textContent();
    expect(firstBreak).toContain(`Stroom${altered.stream_id}`);
    expect(firstBreak).toContain(`Revisie${altered.revision}`);
    expect(firstBreak).toContain(`Positie${altered.position}`);
    expect(await page.locator('#verification-outcome + dl').textContent()).not.toContain('Gebeurtenissen');
    expect(await page.getByRole('alert').count()).toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'audit-broken');
    await page.context().close();
  });
});
