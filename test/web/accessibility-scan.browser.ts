import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { describeInBrowser, expectAccessible, launchBrowser } from '../support/browser.js';

/** The scan every browser suite relies on must itself fail on what WCAG 2.1 A and AA forbid. */
describeInBrowser('the accessibility scan of the browser suites', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  const html = (body: string) => `<!doctype html><html lang="nl"><head><title>Proef</title></head><body><main><h1>Proef</h1>${body}</main></body></html>`;

  it('passes a page without violations', async () => {
    await page.setContent(html('<form><label for="naam">Naam</label><input id="naam" name="naam"><button type="submit">Opslaan</button></form>'));
    await expectAccessible(page);
  });

  it('fails on a field without a label, an image without text and text without contrast, naming each', async () => {
    await page.setContent(html('<input name="naam"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><p style="color:#eee;background:#fff">Bijna onleesbaar</p>'));
    const failure = await expectAccessible(page).then(
      () => 'no violation found',
      (error: unknown) => String(error),
    );
    expect(failure).toContain('label (critical)');
    expect(failure).toContain('image-alt (critical)');
    expect(failure).toContain('color-contrast (serious)');
  });

  it('fails on the page as it is when scanned, not as it was loaded', async () => {
    await page.setContent(html('<p>Alles in orde</p>'));
    await page.locator('html').evaluate((root) => root.removeAttribute('lang'));
    await expect(expectAccessible(page)).rejects.toThrow(/html-has-lang/);
  });
});
