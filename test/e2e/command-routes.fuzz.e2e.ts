import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { ROUTE_PERMISSIONS, rolesFor, type Permission } from '../../src/auth/permissions.js';
import { ROLES, type Role } from '../../src/auth/roles.js';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';
import { FixedClock } from '../../src/shared/clock.js';
import { exampleBody, hostileJsonText, mutatedBody, mutatedCsv, type OpenApiDocument } from '../support/fuzz-bodies.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Every command route of every slice, from the permission table: `POST /breaches/:breachId/…` and its permission. */
const COMMAND_ROUTES = Object.entries(ROUTE_PERMISSIONS)
  .filter(([route]) => route.startsWith('POST '))
  .map(([route, permission]) => ({ path: route.slice('POST '.length), permission: permission as Permission }));
const CSV_ROUTES = new Set(['/imports/breaches', '/imports/processing-activities']);
const RUNS_PER_ROUTE = 150;

const asOpenApi = (path: string) => path.replace(/:(\w+)/g, '{$1}');
const roleFor = (permission: Permission) => rolesFor(permission).find((role) => role !== 'app') as Role;

/**
 * No client input can cause a 5xx, every refusal is a problem+json with its code, and a refused
 * request appends nothing to the log: every command route gets its valid OpenAPI example with a
 * field mutated, hostile texts and headers, on streams that exist, as a role it allows.
 */
describe('command routes under malformed input', () => {
  let test: TestApp;
  let store: EventStore;
  let document: OpenApiDocument;
  /** A real value for each path parameter: ids of existing streams, a checkpoint's tree size, a projection's name. */
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    test = await startTestApp({ clock: new FixedClock('2026-03-10T12:00:00.000Z'), env: { RATE_LIMIT_PER_MINUTE: '1000000', ALERT_POLL_MS: '3600000' } });
    store = test.app.get<EventStore>(EVENT_STORE);
    document = (await test.as('admin').get('/docs-json')).body as unknown as OpenApiDocument;
    const create = async (path: string, idField: string) => {
      const response = await test.as(roleFor(ROUTE_PERMISSIONS[`POST ${path}`] as Permission)).post(path.replace(/:(\w+)/g, (_, name: string) => ids[name] as string), validBody(path));
      if (response.status !== 201) throw new Error(`${path}: ${JSON.stringify(response.body)}`);
      ids[idField] = String(response.body[idField]);
    };
    await create('/breaches', 'breachId');
    await create('/processing-activities', 'processingActivityId');
    await create('/dpias', 'dpiaId');
    await create('/audits', 'auditId');
    await create('/audits/:auditId/recommendations', 'recommendationId');
    await create('/inquiries', 'inquiryId');
    ids.treeSize = String((await test.as('dpo').post('/audit/checkpoints', undefined)).body.treeSize);
    ids.name = ((await test.as('admin').get('/projections')).body.projections as { name: string }[])[0]?.name as string;
  });
  afterAll(async () => {
    await test.dispose();
  });

  it('covers every command route of the OpenAPI document', () => {
    const documented = Object.entries(document.paths).filter(([, operations]) => operations.post).map(([path]) => path);
    expect(documented.sort()).toEqual(COMMAND_ROUTES.map(({ path }) => asOpenApi(path)).sort());
    expect(Object.keys(ids).sort()).toEqual(['auditId', 'breachId', 'dpiaId', 'inquiryId', 'name', 'processingActivityId', 'recommendationId', 'treeSize']);
  });

  /** A route's OpenAPI example, naming the streams created above where it names a stream (a DPIA's processing activity, an inquiry's breaches). */
  const validBody = (path: string) => withRealIds(exampleBody(document, asOpenApi(path), 'application/json'));
  const withRealIds = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(withRealIds);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, ids[key] ?? (key.endsWith('Ids') && ids[key.slice(0, -1)] ? [ids[key.slice(0, -1)]] : withRealIds(item))]));
  };

  const idArbitrary = (name: string) =>
    fc.oneof({ weight: 8, arbitrary: fc.constant(() => ids[name] as string) }, { weight: 1, arbitrary: fc.oneof(fc.uuid(), fc.string({ maxLength: 40 }), fc.constantFrom('..', '%00', '%2F', '-1', '99999999999999999999', 'a'.repeat(300))).map((id) => () => encodeURIComponent(id)) });
  const credentialArbitrary = (role: Role) =>
    fc.oneof(
      { weight: 8, arbitrary: fc.constant(() => `Bearer ${test.keys[role]}`) },
      { weight: 1, arbitrary: fc.constantFrom(...ROLES).map((other) => () => `Bearer ${test.keys[other]}`) },
      { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('Bearer plk_0000000000000000_', 'Bearer a.b.c', 'Basic YTpi')).map((header) => () => header) },
    );
  const headersArbitrary = fc.record(
    {
      'if-match': fc.oneof(fc.string({ maxLength: 20 }), fc.nat({ max: 5 }).map((n) => `"${n}"`), fc.constantFrom('"-1"', 'W/"1"', '*', '99999999999999999999')),
      'idempotency-key': fc.oneof(fc.string({ maxLength: 250 }), fc.uuid()),
      'x-correlation-id': fc.oneof(fc.string({ maxLength: 50 }), fc.constant('c'.repeat(201))),
      'x-request-id': fc.oneof(fc.string({ maxLength: 50 }), fc.constant('r'.repeat(201))),
    },
    { requiredKeys: [] },
  );
  const jsonBody = (path: string) => {
    const valid = validBody(path);
    const contentType = fc.oneof({ weight: 8, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom('application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded') });
    const payload = valid === undefined ? hostileJsonText : fc.oneof({ weight: 5, arbitrary: mutatedBody(valid as never) }, { weight: 1, arbitrary: hostileJsonText });
    return fc.record({ contentType, payload });
  };
  const csvBody = (path: string) => {
    const contentType = fc.oneof({ weight: 8, arbitrary: fc.constant('text/csv') }, { weight: 1, arbitrary: fc.constantFrom('text/csv; charset=latin1', 'application/json') });
    return fc.record({ contentType, payload: mutatedCsv(exampleBody(document, path, 'text/csv') as string) });
  };

  it.each(COMMAND_ROUTES)('POST $path: never 5xx, refusals are problem+json with a code, and append nothing', async ({ path, permission }) => {
    const params = [...path.matchAll(/:(\w+)/g)].map(([, name]) => name as string);
    const request = fc.record({
      ids: fc.tuple(...params.map(idArbitrary)),
      credential: credentialArbitrary(roleFor(permission)),
      headers: headersArbitrary,
      body: CSV_ROUTES.has(path) ? csvBody(path) : jsonBody(path),
      dryRun: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(request, async ({ ids: idOf, credential, headers, body, dryRun }) => {
        const url = params.reduce((at, name, index) => at.replace(`:${name}`, (idOf[index] as () => string)()), path) + (CSV_ROUTES.has(path) && dryRun ? '?dryRun=true' : '');
        const printable = Object.fromEntries(Object.entries(headers).filter(([, value]) => /^[\t\x20-\x7e]*$/.test(value)));
        const before = await store.headPosition();
        const response = await test.app.inject({ method: 'POST', url, headers: { ...printable, 'content-type': body.contentType, authorization: credential() }, payload: body.payload });
        expect([url, response.statusCode, response.body.slice(0, 300)]).toEqual([url, expect.any(Number), expect.any(String)]);
        expect(response.statusCode).toBeLessThan(500);
        if (response.statusCode < 400) return;
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(JSON.parse(response.body)).toMatchObject({ type: expect.any(String), title: expect.any(String), status: response.statusCode, code: expect.stringMatching(/^[a-z0-9]+(-[a-z0-9]+)*$/) });
        expect(await store.headPosition()).toBe(before);
      }),
      { numRuns: RUNS_PER_ROUTE },
    );
  });

  it('refuses every command on a stream that does not exist with 404 and appends nothing', async () => {
    const before = await store.headPosition();
    for (const { path, permission } of COMMAND_ROUTES.filter(({ path }) => path.includes(':'))) {
      const url = path.replace(/:(\w+)/g, (_, name: string) => (name === 'treeSize' ? '999999' : name === 'name' ? 'no-such-projection-v1' : randomUUID()));
      const response = await test.as(roleFor(permission)).post(url, validBody(path) ?? {});
      expect([path, response.status]).toEqual([path, 404]);
    }
    expect(await store.headPosition()).toBe(before);
  });
});
