import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { PERMISSION_NAMES, ROUTE_PERMISSIONS, isScopedFor, permissionTableMarkdown, rolesFor, type Permission } from '../../src/auth/permissions.js';
import { ROLES } from '../../src/auth/roles.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Every route, for every role, against the one permission table. */
describe('the permission table', () => {
  let test: TestApp;
  let routes: string[];
  let breachId: string;
  beforeAll(async () => {
    test = await startTestApp();
    const document = (await test.as('privacy-officer').get('/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`));
    breachId = await test.as('privacy-officer').register();
  });
  afterAll(async () => {
    await test.dispose();
  });

  const urlOf = (route: string, ids: { breachId?: string; inquiryId?: string } = {}) => route.split(' ')[1]!.replace(':streamId', `breach-${ids.breachId ?? breachId}`).replace(':breachId', ids.breachId ?? breachId).replace(':inquiryId', ids.inquiryId ?? randomUUID()).replace(':dpiaId', randomUUID()).replace(':processingActivityId', randomUUID()).replace(':auditId', randomUUID()).replace(':recommendationId', randomUUID()).replace(':year', '2026').replace(':name', 'breach-timeline.v2');
  const call = (route: string, headers: Record<string, string>, ids: { breachId?: string; inquiryId?: string; position?: string } = {}) => {
    const [method, path] = route.split(' ') as ['GET' | 'POST', string];
    const query = route === 'GET /reports/late-reporting' ? '?year=2026' : route === 'GET /audit/proofs/inclusion' ? `?position=${ids.position ?? '1'}` : '';
    return test.app.inject({ method, url: urlOf(`${method} ${path}`, ids) + query, headers: { 'content-type': 'application/json', ...headers }, ...(method === 'POST' ? { payload: '{}' } : {}) });
  };

  it('names every route of the service, and only those', () => {
    expect(Object.keys(ROUTE_PERMISSIONS).sort()).toEqual(routes.sort());
  });

  it('lets nobody in without credentials but to /health', async () => {
    for (const route of routes) {
      const response = await call(route, {});
      if (ROUTE_PERMISSIONS[route] === 'public') expect([route, response.statusCode]).not.toEqual([route, 401]);
      else {
        expect([route, response.statusCode]).toEqual([route, 401]);
        expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
      }
    }
  });

  it('refuses an unknown, malformed or forged key', async () => {
    for (const authorization of ['Bearer plk_0000000000000000_' + 'A'.repeat(43), 'Bearer nonsense', `Basic ${test.keys.admin}`, `Bearer ${test.keys.admin}x`, 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.']) {
      expect((await call('GET /breaches', { authorization })).statusCode).toBe(401);
    }
  });

  it.each(ROLES)('allows %s exactly what the table grants it, and refuses the rest with 403', async (role) => {
    for (const route of routes) {
      const permission = ROUTE_PERMISSIONS[route];
      if (permission === 'public' || permission === undefined) continue;
      const response = await call(route, { authorization: `Bearer ${test.keys[role]}` });
      // Scoped grants (the supervisory authority) need an inquiry's scope, which this breach is not in.
      const allowed = rolesFor(permission).includes(role) && !isScopedFor(permission, role);
      if (allowed) expect([route, [401, 403].includes(response.statusCode)]).toEqual([route, false]);
      else expect([route, response.statusCode, JSON.parse(response.body).code]).toEqual([route, 403, 'forbidden']);
    }
  });

  it('records the authenticated identity as the actor, whatever the body says', async () => {
    const response = await test.as('app').post('/breaches', { actor: { id: 'someone-else', role: 'dpo' } });
    expect(response.status).toBe(400); // the body cannot even name an actor
    const id = await test.as('app').register();
    const events = (await test.as('auditor').get(`/breaches/${id}/events`)).body.events as { metadata: { actor: unknown } }[];
    expect(events[0]?.metadata.actor).toEqual({ id: test.actors.app, role: 'app' });
  });

  it('lets an auditor read everything and write nothing', async () => {
    for (const permission of PERMISSION_NAMES) {
      // Reads, and countersigning a checkpoint: a signature on evidence, not a fact in the record.
      const reads = (['read-breach', 'list-breaches', 'read-reports', 'read-dpias', 'read-register', 'read-published-register', 'read-audits', 'read-projections', 'replay-log', 'read-ledger', 'cosign-checkpoint', 'list-inquiries', 'read-inquiry', 'read-inclusion-proof', 'read-breach-dossier', 'read-alerts'] as Permission[]).includes(permission);
      expect([permission, rolesFor(permission).includes('auditor')]).toEqual([permission, reads]);
    }
    expect((await test.as('auditor').post('/breaches', {})).status).toBe(403);
  });

  it('is printed in the README exactly as the code has it', () => {
    expect(readFileSync(new URL('../../README.md', import.meta.url), 'utf8')).toContain(permissionTableMarkdown(ROLES));
  });

  it('refuses a request for an id not in scope for the supervisory authority, even for a real breach', async () => {
    const response = await test.as('supervisory-authority').get(`/breaches/${breachId}`);
    expect(response.status).toBe(403);
    expect((await test.as('supervisory-authority').get(`/breaches/${randomUUID()}/events`)).status).toBe(403);
  });

  it('allows the supervisory authority every route the table grants it, scoped ones for what an open inquiry puts in scope', async () => {
    const outside = await test.as('privacy-officer').register();
    const received = await test.as('privacy-officer').post('/inquiries', { receivedAt: '2026-06-01T09:00:00+02:00', apReference: 'AP-1', question: 'Why was it late?', scope: { breachIds: [breachId] }, answerDueAt: '2026-07-01T17:00:00+02:00' });
    const inquiryId = received.body.inquiryId as string;
    const events = (await test.as('auditor').get(`/breaches/${breachId}/events`)).body.events as { position: string }[];
    const outsideEvents = (await test.as('auditor').get(`/breaches/${outside}/events`)).body.events as { position: string }[];
    const authorization = `Bearer ${test.keys['supervisory-authority']}`;
    for (const route of routes) {
      const permission = ROUTE_PERMISSIONS[route];
      if (permission === 'public' || permission === undefined) continue;
      const inScope = await call(route, { authorization }, { breachId, inquiryId, position: events[0]!.position });
      const granted = rolesFor(permission).includes('supervisory-authority');
      if (granted) expect([route, [401, 403].includes(inScope.statusCode)]).toEqual([route, false]);
      else expect([route, inScope.statusCode]).toEqual([route, 403]);
      if (isScopedFor(permission, 'supervisory-authority')) {
        const other = await call(route, { authorization }, { breachId: outside, inquiryId: randomUUID(), position: outsideEvents[0]!.position });
        expect([route, other.statusCode]).toEqual([route, 403]);
      }
    }
    await test.as('privacy-officer').post(`/inquiries/${inquiryId}/closure`, { closedAt: new Date().toISOString(), reason: 'Settled.' });
    expect((await test.as('supervisory-authority').get(`/breaches/${breachId}`)).status).toBe(403);
    expect((await test.as('supervisory-authority').get(`/inquiries/${inquiryId}`)).status).toBe(200);
  });
});
