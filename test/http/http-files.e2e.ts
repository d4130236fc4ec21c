import { afterEach, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROUTE_PERMISSIONS } from '../../src/auth/permissions.js';
import { HttpFileRunner, parseHttpFile } from '../support/http-files.js';
import { keyVariables, listeningApp } from '../support/listening-app.js';
import type { TestApp } from '../support/test-app.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FILES = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.http'))
  .map((file) => join('src', file))
  .sort();

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
