import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';
import { ROUTE_PERMISSIONS, rolesFor, type Permission } from '../../src/auth/permissions.js';
import type { Role } from '../../src/auth/roles.js';
import { FixedClock } from '../../src/shared/clock.js';
import { registrationBody, type client } from '../support/breach-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * No client input can cause a 5xx, and a refused request writes nothing: every command
 * route of the OpenAPI document gets malformed bodies, mutated valid bodies and hostile
 * headers, property-based.
 */
describe('breach commands under malformed input', () => {
  let test: TestApp;
  let http: ReturnType<typeof client>;
  let store: EventStore;
  let routes: string[];
  let breachId: string;
  beforeAll(async () => {
    test = await startTestApp({ clock: new FixedClock('2026-03-10T12:00:00.000Z') });
    http = test.as('privacy-officer');
    store = test.app.get<EventStore>(EVENT_STORE);
    const document = (await http.get('/docs-json')).body as { paths: Record<string, { post?: unknown }> };
    routes = Object.entries(document.paths).filter(([, operations]) => operations.post).map(([path]) => path);
    breachId = await http.register();
  });
  afterAll(async () => {
    await test.dispose();
  });

  const urlOf = (route: string, id: string) => route.replace('{breachId}', id);
  const idArbitrary = fc.oneof(fc.constant('BREACH'), fc.uuid(), fc.string({ maxLength: 40 }), fc.constantFrom('..', '%00', '%2F', 'a'.repeat(300)));
  const headersArbitrary = fc.record(
    {
      'if-match': fc.oneof(fc.string({ maxLength: 20 }), fc.nat().map(String), fc.constant('"-1"'), fc.constant('W/"1"')),
      'idempotency-key': fc.oneof(fc.string({ maxLength: 250 }), fc.uuid()),
      'x-correlation-id': fc.string({ maxLength: 50 }),
      // Sometimes a hostile credential instead of the valid key.
      authorization: fc.oneof(fc.string({ maxLength: 60 }), fc.string({ maxLength: 60 }).map((s) => `Bearer ${s}`), fc.constant('Bearer plk_0000000000000000_'), fc.constant('Bearer a.b.c')),
    },
    { requiredKeys: [] },
  );
  const bodyArbitrary = fc.oneof(
    fc.json({ maxDepth: 4 }),
    fc.string({ maxLength: 100 }),
    fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify({ ...registrationBody(), awareAt: value })),
    fc.tuple(fc.constantFrom(...Object.keys(registrationBody())), fc.jsonValue({ maxDepth: 3 })).map(([key, value]) => JSON.stringify({ ...registrationBody(), [key]: value })),
    fc.constantFrom('{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{}}}', '\u0000', '{"a":"\\ud800"}', '[]', 'null', '1e999'),
  );

  it('never answers 5xx and writes nothing for a refused request', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), idArbitrary, bodyArbitrary, headersArbitrary, async (routeIndex, id, payload, headers) => {
        const route = routes[routeIndex % routes.length] as string;
        const url = urlOf(route, id === 'BREACH' ? breachId : encodeURIComponent(id));
        const before = await store.headPosition();
        const response = await test.app.inject({
          method: 'POST',
          url,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${test.keys['privacy-officer']}`, ...Object.fromEntries(Object.entries(headers).filter(([, v]) => /^[\t\x20-\x7e]*$/.test(v))) },
          payload,
        });
        expect(response.statusCode).toBeLessThan(500);
        if (response.statusCode >= 400) {
          expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(await store.headPosition()).toBe(before);
        }
      }),
      { numRuns: 300 },
    );
    expect((await http.get('/health')).status).toBe(200);
  });

  it('refuses every command on an unknown breach with 404 and writes nothing', async () => {
    const before = await store.headPosition();
    for (const route of routes.filter((path) => path.includes('{breachId}'))) {
      // As a role the permission table allows on this route.
      const permission = ROUTE_PERMISSIONS[`POST ${route.replace('{breachId}', ':breachId')}`] as Permission;
      const role = rolesFor(permission).find((candidate) => candidate !== 'app') as Role;
      const response = await test.as(role).post(urlOf(route, randomUUID()), {});
      expect([route, response.status]).toEqual([route, expect.any(Number)]);
      expect([400, 404]).toContain(response.status);
    }
    expect(await store.headPosition()).toBe(before);
  });
});
