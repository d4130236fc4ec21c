import axe, { type AxeResults } from 'axe-core';
import { describe, expect } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { listeningApp } from './listening-app.js';
import type { TestApp } from './test-app.js';

/** Whether global-setup found a Chromium (BROWSER_PATH, default /usr/bin/chromium). */
export const browserAvailable = process.env.BROWSER === 'available';

/** `describe` when a browser is installed; otherwise skipped, with the reason in the suite's name. */
export const describeInBrowser = (name: string, body: () => void): void =>
  browserAvailable ? describe(name, body) : describe.skip(`${name} — skipped: ${process.env.BROWSER_REASON ?? 'no browser'}`, body);

/** Debian's Chromium, headless, driven by playwright-core (its own browser download cannot work here). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.BROWSER_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** Where screenshots go: test-artifacts/screenshots (git-ignored; CI may keep them). */
export const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** The WCAG 2.1 A and AA rules of axe-core. */
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * An axe-core scan against WCAG 2.1 A and AA; fails with each violation named and its first element.
 * axe-core is loaded into the page and `axe.run` scans the page as it is. Not through
 * @axe-core/playwright: its default runs each frame apart and merges the results in a new blank
 * page with axe loaded once more (about 2.5 s a scan on a two-core machine, a third of a browser
 * suite's time), and its in-page mode leaves a one-second timer running after each scan, which
 * kept a Jest worker from exiting when a scan was its last work. What the frame-by-frame run
 * adds is scanning frames of another origin, and the web app has none: its
 * Content-Security-Policy (default-src 'none', frame-ancestors 'none') lets it neither frame
 * anything nor be framed.
 */
export async function expectAccessible(page: Page): Promise<void> {
  // Loaded once per document: a scan of a page already scanned (no navigation since) reuses it.
  if (!(await page.evaluate('typeof axe === "object"'))) await page.evaluate(axe.source);
  // resultTypes: only the violations are collected in full (what is asserted); passes and the
  // rest keep one node each, which axe documents as its option for faster runs.
  const options = { runOnly: { type: 'tag', values: WCAG_21_AA }, resultTypes: ['violations'] };
  const results = (await page.evaluate(`axe.run(document, ${JSON.stringify(options)})`)) as AxeResults;
  const violations = results.violations.map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.length}× e.g. ${violation.nodes[0]?.html ?? ''}`);
  expect(violations).toEqual([]);
}

/** Signs in on the sign-in page with an API key, as a person would. */
export async function signIn(page: Page, base: string, key: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByLabel(/API-sleutel|API key/).fill(key);
  await page.getByRole('button', { name: /^(Inloggen|Sign in)$/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/app/sign-in'));
}

type Role = Parameters<TestApp['as']>[0];

/**
 * What a browser suite runs against: the real service listening on a free port, reached as
 * `localhost` (a Secure `__Host-` cookie needs a trustworthy origin), and one Chromium.
 * Opened in `beforeAll`, closed in `afterAll`.
 */
export class BrowserStage {
  private constructor(
    readonly test: TestApp,
    readonly base: string,
    readonly browser: Browser,
  ) {}

  static async open(env: NodeJS.ProcessEnv = {}): Promise<BrowserStage> {
    const started = await listeningApp(env);
    try {
      return new BrowserStage(started.test, started.base.replace('127.0.0.1', 'localhost'), await launchBrowser());
    } catch (error) {
      await started.test.dispose();
      throw error;
    }
  }

  /** A page in a browser context of its own (its own cookies, downloads accepted), signed in with the role's API key. */
  async signedIn(role: Role): Promise<Page> {
    const page = await (await this.browser.newContext({ acceptDownloads: true })).newPage();
    await signIn(page, this.base, this.test.keys[role]);
    return page;
  }

  async close(): Promise<void> {
    await this.browser.close();
    await this.test.dispose();
  }
}

/** The body of a set-up request the service answered 201; any other answer stops the set-up, saying why. */
export async function created(response: Promise<{ status: number; body: Record<string, unknown> }>): Promise<Record<string, unknown>> {
  const answer = await response;
  if (answer.status !== 201) throw new Error(`set-up refused: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}
