import { afterAll, beforeAll, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { BrowserStage, describeInBrowser, expectAccessible, screenshot } from '../support/browser.js';
import type { TestApp } from '../support/test-app.js';

jest.setTimeout(60_000);

/** What has the focus: the element, where it is, and whether its focus can be seen. */
interface Focused {
  readonly key: string;
  readonly id: string;
  readonly name: string | null;
  readonly tag: string;
  readonly text: string;
  readonly href: string | null;
  readonly value: string;
  readonly checked: boolean;
  readonly invalid: string | null;
  readonly top: number;
  readonly left: number;
  /** A computed outline or box-shadow: the focus indicator. */
  readonly indicator: string;
}

// Run in the page (the project compiles without the DOM library, hence a string).
const FOCUSED = `(() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  const box = e.getBoundingClientRect();
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 ? 'outline ' + s.outlineStyle + ' ' + s.outlineWidth : '';
  const shadow = s.boxShadow !== 'none' ? 'box-shadow ' + s.boxShadow : '';
  return {
    key: e.id || (e.getAttribute('name') ?? '') + '=' + (e.value ?? '') || e.tagName + ':' + e.textContent.trim(),
    id: e.id, name: e.getAttribute('name'), tag: e.tagName.toLowerCase(), text: (e.textContent ?? '').trim(), href: e.getAttribute('href'),
    value: e.value ?? '', checked: e.checked === true, invalid: e.getAttribute('aria-invalid'),
    top: box.top + window.scrollY, left: box.left + window.scrollX, indicator: outline || shadow,
  };
})()`;

/** The intake form's tab stops in the order they are shown, top to bottom (a radio group is one stop: its checked radio). */
const FORM_ORDER = [
  'field-title',
  'field-description',
  'field-dienst',
  'field-incidentKind',
  'field-regime-0',
  'field-awareAt',
  'field-occurredFrom',
  'field-occurredTo',
  'field-discoveryHow',
  'field-discoveryProcessor',
  'field-processorInformedAt',
  'field-ciaAspects-0',
  'field-ciaAspects-1',
  'field-ciaAspects-2',
  'field-dataCategories',
  'field-flags-0',
  'field-flags-1',
  'field-flags-2',
  'field-flags-3',
  'field-dataSubjectsKind-0',
  'field-dataSubjectsCount',
  'field-dataSubjectsMin',
  'field-dataSubjectsMax',
  'submit',
];

describeInBrowser('the intake form with the keyboard only, in Chromium', () => {
  let stage: BrowserStage;
  let test: TestApp;
  let base: string;
  let page: Page;
  /** Every element that had the focus, in order. */
  const visited: Focused[] = [];

  const focused = async (): Promise<Focused> => {
    const now = (await page.evaluate(FOCUSED)) as Focused | null;
    if (!now) throw new Error('nothing has the focus');
    return now;
  };

  /**
   * Tab (or Shift+Tab) to the next element: a date-and-time field has a tab stop per part (day,
   * month, …), so the key is pressed until another element has the focus. Checks that its focus
   * can be seen, and that it lies after the previous one on the page (down, or right on the same line).
   */
  const tab = async (expected: string, options: { back?: boolean } = {}): Promise<Focused> => {
    const before = await focused().catch(() => undefined);
    let now: Focused | undefined;
    for (let presses = 0; presses < 10; presses++) {
      await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
      now = await focused();
      if (now.key !== before?.key) break;
    }
    if (!now) throw new Error('no focus');
    const name = now.tag === 'button' ? 'submit' : now.id;
    expect(name).toBe(expected);
    expect(now.indicator).not.toBe('');
    if (before && !options.back && before.tag !== 'main') {
      const below = now.top > before.top + 1;
      const sameLineRight = Math.abs(now.top - before.top) <= 1 && now.left > before.left;
      if (!(below || sameLineRight)) throw new Error(`focus went from ${before.key} (${before.left},${before.top}) back up to ${now.key} (${now.left},${now.top})`);
    }
    visited.push(now);
    return now;
  };

  /** Down a select with the arrow key until it shows the value (the list does not open). */
  const arrowTo = async (value: string) => {
    for (let presses = 0; presses < 30 && (await focused()).value !== value; presses++) await page.keyboard.press('ArrowDown');
    expect((await focused()).value).toBe(value);
  };

  /** From the top of a page: the skip link is the first stop, and Enter on it moves the focus to the main content. */
  const skipToMain = async () => {
    await page.locator('body').focus();
    await page.keyboard.press('Tab');
    const first = await focused();
    expect(first).toMatchObject({ tag: 'a', href: '#main', text: 'Direct naar de inhoud' });
    expect(first.indicator).not.toBe('');
    await page.keyboard.press('Enter');
    expect((await focused()).id).toBe('main');
    visited.push(await focused());
  };

  beforeAll(async () => {
    stage = await BrowserStage.open();
    ({ test, base } = stage);
    page = await stage.signedIn('privacy-officer');
  }, 60_000);

  afterAll(async () => {
    await stage?.close();
  });

  it('reaches “Nieuw datalek” through the menu: the skip link first, then the header, then the menu in its order', async () => {
    await page.goto(`${base}/app/board`);
    await page.locator('body').focus();
    const stops: Focused[] = [];
    for (let presses = 0; presses < 15; presses++) {
      await page.keyboard.press('Tab');
      const now = await focused();
      expect(now.indicator).not.toBe('');
      stops.push(now);
      if (now.text === 'Nieuw datalek') break;
    }
    expect(stops[0]).toMatchObject({ href: '#main' });
    const texts = stops.map((stop) => stop.text);
    expect(texts).toEqual(expect.arrayContaining(['Privacy Ledger', 'Uitloggen', 'Termijnen', 'Nieuw datalek']));
    expect(texts.indexOf('Uitloggen')).toBeLessThan(texts.indexOf('Termijnen'));
    expect(texts.indexOf('Termijnen')).toBe(texts.indexOf('Nieuw datalek') - 1);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/app/breaches/new`);
    expect(await page.locator('h1').textContent()).toBe('Datalek registreren');
  });

  it('fills the whole form by keyboard in the shown order; an invalid submit is announced, a valid one lands on the breach', async () => {
    await skipToMain();
    // The title left empty on purpose: the first submit is refused.
    await tab('field-title');
    await tab('field-description');
    await page.keyboard.type('Een brief over een Wmo-indicatie is in de verkeerde envelop gestoken.');
    // Shift+Tab goes back the same way.
    await tab('field-title', { back: true });
    await tab('field-description');
    await tab('field-dienst');
    await page.keyboard.press('ArrowDown');
    expect((await focused()).value).not.toBe('');
    await tab('field-incidentKind');
    await arrowTo('wrong-recipient');
    await tab('field-regime-0');
    expect(await focused()).toMatchObject({ value: 'avg', checked: true });
    // The arrow keys move within the radio group and choose.
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toMatchObject({ id: 'field-regime-1', checked: true });
    await page.keyboard.press('ArrowUp');
    expect(await focused()).toMatchObject({ id: 'field-regime-0', value: 'avg', checked: true });
    // Aware since: the form fills in now, which stands.
    await tab('field-awareAt');
    expect((await focused()).value).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
    await tab('field-occurredFrom');
    await tab('field-occurredTo');
    await tab('field-discoveryHow');
    await page.keyboard.type('Een inwoner belde het KCC');
    await tab('field-discoveryProcessor');
    await tab('field-processorInformedAt');
    await tab('field-ciaAspects-0');
    await page.keyboard.press('Space');
    expect(await focused()).toMatchObject({ value: 'confidentiality', checked: true });
    await tab('field-ciaAspects-1');
    await tab('field-ciaAspects-2');
    await tab('field-dataCategories');
    await page.keyboard.type('naam, adres, zorgindicatie');
    await tab('field-flags-0');
    await page.keyboard.press('Space');
    expect(await focused()).toMatchObject({ value: 'specialCategories', checked: true });
    await tab('field-flags-1');
    await tab('field-flags-2');
    await tab('field-flags-3');
    await tab('field-dataSubjectsKind-0');
    expect(await focused()).toMatchObject({ value: 'exact', checked: true });
    await tab('field-dataSubjectsCount');
    await page.keyboard.type('1');
    await tab('field-dataSubjectsMin');
    await tab('field-dataSubjectsMax');
    await tab('submit');
    expect((await focused()).text).toBe('Datalek registreren');
    // Every stop of the form, in the order shown (Shift+Tab's step back aside).
    const forward = visited.map((stop) => (stop.tag === 'button' ? 'submit' : stop.id)).filter((id) => id.startsWith('field-') || id === 'submit');
    expect([...new Set(forward)]).toEqual(FORM_ORDER);

    await page.keyboard.press('Enter');
    await page.waitForLoadState('domcontentloaded');
    const alert = page.getByRole('alert').first();
    expect(await alert.textContent()).toContain('Niet alle velden zijn goed ingevuld');
    expect(await page.locator('#field-title-error').textContent()).toContain('verplicht');
    expect(await page.locator('#field-title').getAttribute('aria-invalid')).toBe('true');
    expect((await test.as('cpo').get('/breaches')).body.total).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'keyboard-intake-refused');

    // The form came back as it was; the title now, then Enter in it submits the form.
    await skipToMain();
    await tab('field-title');
    expect((await focused()).invalid).toBe('true');
    await page.keyboard.type('Wmo-brief in verkeerde envelop');
    expect(await page.locator('#field-description').inputValue()).toContain('verkeerde envelop');
    expect(await page.locator('#field-ciaAspects-0').isChecked()).toBe(true);
    expect(await page.locator('#field-flags-0').isChecked()).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/app\/breaches\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const breachId = new URL(page.url()).pathname.split('/').pop() as string;
    const dossier = await test.as('cpo').get(`/breaches/${breachId}/dossier`);
    expect(dossier.status).toBe(200);
    expect(JSON.stringify(dossier.body)).toContain('Wmo-brief in verkeerde envelop');
    await screenshot(page, 'keyboard-intake-registered');
  });
});
