import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isScopedFor, type Permission } from '../../src/auth/permissions.js';
import { ROLES, type Role } from '../../src/auth/roles.js';
import { NAVIGATION } from '../../src/web/layout.js';
import { grantedAny } from '../../src/web/page-context.js';
import { WEB_ROUTES } from '../../src/web/pages/index.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { WebClient } from '../support/web-client.js';

const PEOPLE = ROLES.filter((role) => role !== 'app');
const principalOf = (role: Role) => ({ id: role, name: role, roles: [role], allowed: [], via: 'api-key' as const });
/** A path with its parameters filled: ids that exist nowhere (the page then shows the API's 404, not a 403). */
const concrete = (path: string) => path.replace(/:(\w*[iI]d)\b/g, '00000000-0000-4000-8000-000000000000').replace(/:year\b/g, '2026').replace(/:\w+/g, 'x');
const scopedOnly = (needed: (typeof WEB_ROUTES)[number]['permission'], role: Role) =>
  needed !== 'signed-in' && (typeof needed === 'string' ? [needed] : needed).every((permission) => isScopedFor(permission as Permission, role));

/** Every page, for every role: the web app applies the API's permission table, and every form asks for its CSRF token. */
describe('the pages and the permission table', () => {
  let test: TestApp;
  const web = new Map<Role, WebClient>();

  beforeAll(async () => {
    test = await startTestApp();
    for (const role of PEOPLE) {
      const client = new WebClient(test.app);
      await client.signIn(test.keys[role]);
      web.set(role, client);
    }
  });
  afterAll(async () => {
    await test?.dispose();
  });

  it('refuses a page with 403 exactly to the roles the table does not grant it', async () => {
    const outcomes: string[] = [];
    for (const route of WEB_ROUTES.filter((candidate) => candidate.method === 'GET')) {
      for (const role of PEOPLE) {
        const response = await (web.get(role) as WebClient).get(concrete(route.path));
        const allowed = grantedAny(principalOf(role), route.permission);
        if (!allowed) outcomes.push(`${route.path} ${role} ${response.statusCode === 403 && response.body.includes('Geen toegang') ? 'refused' : `NOT refused (${response.statusCode})`}`);
        else if (response.statusCode === 403 && !scopedOnly(route.permission, role)) outcomes.push(`${route.path} ${role} refused although granted`);
        expect(response.statusCode).toBeLessThan(500);
      }
    }
    expect(outcomes.filter((outcome) => !outcome.endsWith(' refused'))).toEqual([]);
    expect(outcomes.length).toBeGreaterThan(5);
  });

  it('shows in the menu only the pages a role may open', async () => {
    for (const role of PEOPLE) {
      const client = web.get(role) as WebClient;
      const home = await client.get('/app/');
      const landing = await client.get(String(home.headers.location));
      for (const item of NAVIGATION) {
        const shown = landing.body.includes(`href="${item.href}"`);
        expect([role, item.href, shown]).toEqual([role, item.href, grantedAny(principalOf(role), item.permission)]);
      }
    }
  });

  it('refuses every form without its CSRF token, whatever the role, before anything runs', async () => {
    const client = web.get('cpo') as WebClient;
    for (const route of WEB_ROUTES.filter((candidate) => candidate.method === 'POST')) {
      const response = await client.post(concrete(route.path), { _csrf: 'forged' });
      expect([route.path, response.statusCode]).toEqual([route.path, 403]);
    }
  });
});
