import { afterEach, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('the API documentation', () => {
  let test: TestApp | undefined;
  afterEach(async () => {
    await test?.dispose();
  });

  it('is public by default', async () => {
    test = await startTestApp();
    expect((await test.app.inject({ method: 'GET', url: '/docs-json' })).statusCode).toBe(200);
  });

  it('asks for any valid credential with DOCS_PUBLIC=false', async () => {
    test = await startTestApp({ env: { DOCS_PUBLIC: 'false' } });
    for (const url of ['/docs', '/docs-json']) {
      const anonymous = await test.app.inject({ method: 'GET', url });
      expect([url, anonymous.statusCode]).toEqual([url, 401]);
      expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect((await test.as('auditor').get('/docs-json')).status).toBe(200);
  });

  it('loads its UI over plain HTTP by any host name: the CSP does not upgrade its own assets to https', async () => {
    test = await startTestApp();
    const page = await test.app.inject({ method: 'GET', url: '/docs/', headers: { host: 'ledger.intern.example:3000' } });
    expect(page.statusCode).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain(`script-src 'self' 'unsafe-inline'`);
    expect(csp).not.toContain('upgrade-insecure-requests');
    // The assets the page names are relative, so they come from wherever the page came from, over the same scheme.
    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] as string);
    expect(assets.length).toBeGreaterThan(0);
    expect(assets.filter((asset) => /^(https?:)?\/\//.test(asset))).toEqual([]);
    for (const asset of assets) {
      const url = new URL(asset, 'http://ledger.intern.example:3000/docs/').pathname;
      expect([url, (await test.app.inject({ method: 'GET', url, headers: { host: 'ledger.intern.example:3000' } })).statusCode]).toEqual([url, 200]);
    }
  });
});
