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
});
