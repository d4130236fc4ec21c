import { afterEach, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROUTE_PERMISSIONS } from '../../src/auth/permissions.js';
import { HttpFileRunner, parseHttpFile } from '../support/http-files.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FILES = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.http'))
  .map((file) => join('src', file))
  .sort();

/** A key per role, under the names the .http files use. */
export function keyVariables(test: TestApp): Record<string, string> {
  return {
    privacyOfficerKey: test.keys['privacy-officer'],
    dpoKey: test.keys.dpo,
    cpoKey: test.keys.cpo,
    auditorKey: test.keys.auditor,
    apKey: test.keys['supervisory-authority'],
    appKey: test.keys.app,
    adminKey: test.keys.admin,
  };
}

/** The real service, listening on a free port of 127.0.0.1, as `npm start` serves it. */
export async function listeningApp(env: NodeJS.ProcessEnv = {}): Promise<{ test: TestApp; base: string }> {
  const test = await startTestApp({ env: { ALERT_WEBHOOK_ALLOW_HTTP: 'false', ...env } });
  await test.app.listen(0, '127.0.0.1');
  const { port } = test.app.getHttpServer().address() as AddressInfo;
  return { test, base: `http://127.0.0.1:${port}` };
}

/** The route a request took, as the permission table names it ('POST /breaches/:breachId/measures'). */
function routeOf(method: string, url: string): string | undefined {
  const path = new URL(url).pathname;
  // Literal segments before parameters, as the router matches (/breaches/deadlines is not a breach id).
  const routes = Object.keys(ROUTE_PERMISSIONS).sort((a, b) => a.split(':').length - b.split(':').length);
  return routes.find((route) => {
    const [routeMethod, pattern] = route.split(' ') as [string, string];
    return routeMethod === method && new RegExp(`^${pattern.replace(/:\w+/g, '[^/]+')}$`).test(path);
  });
}

describe('the .http files of the slices', () => {
  let test: TestApp | undefined;
  const called = new Set<string>();
  afterEach(async () => {
    await test?.dispose();
    test = undefined;
  });

  it('are there, one per slice at least', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(7);
  });

  it.each(FILES)('%s runs as written against a fresh service, every request answering the status it expects', async (file) => {
    const started = await listeningApp();
    test = started.test;
    const parsed = parseHttpFile(readFileSync(join(ROOT, file), 'utf8'), file);
    expect(parsed.requests.length).toBeGreaterThan(0);
    const runner = new HttpFileRunner({ ...parsed.variables, base: started.base, ...keyVariables(started.test) });
    for (const request of parsed.requests) {
      const where = `${relative(ROOT, join(ROOT, file))}:${request.line} ${request.method} ${request.url} (${request.title})`;
      expect([where, request.expect === undefined ? 'no # expect line' : 'expects']).toEqual([where, 'expects']);
      const answer = await runner.run(request);
      const route = routeOf(request.method, runner.resolve(request.url));
      if (route !== undefined) called.add(route);
      expect([where, answer.status, answer.status === request.expect ? '' : answer.text.slice(0, 600)]).toEqual([where, request.expect, '']);
    }
  }, 120_000);

  it('call every route of the service between them', () => {
    expect(Object.keys(ROUTE_PERMISSIONS).filter((route) => !called.has(route))).toEqual([]);
  });
});
