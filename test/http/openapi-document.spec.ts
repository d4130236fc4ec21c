import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROUTE_PERMISSIONS } from '../../src/auth/permissions.js';
import { PROBLEM_EXAMPLES, type ProblemExample } from '../../src/http/openapi/problem-examples.js';
import { responseSchemas } from '../../src/http/openapi/response-schemas.generate.js';
import { RESPONSE_SCHEMAS } from '../../src/http/openapi/response-schemas.generated.js';
import { registrationBody } from '../support/breach-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Schema = Record<string, unknown>;
type Response = { description: string; content?: Record<string, { schema?: Schema; examples?: Record<string, { value: Record<string, unknown> }> }> };
type Operation = { parameters?: { in: string; name: string; example?: unknown; schema?: Schema }[]; responses: Record<string, Response>; security?: unknown[] };

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Answers that are files: typed by their media type, not a JSON schema. */
const FILES = new Set(['GET /audit/export', 'GET /inquiries/{inquiryId}/answer']);

describe('the OpenAPI document', () => {
  let test: TestApp;
  let document: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
  let operations: [string, Operation][];

  beforeAll(async () => {
    test = await startTestApp({ env: { READ_WAIT_TIMEOUT_MS: '100', RATE_LIMIT_PER_MINUTE: '40' } });
    document = JSON.parse((await test.app.inject({ method: 'GET', url: '/docs-json' })).body);
    operations = Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => [`${method.toUpperCase()} ${path}`, operation] as [string, Operation]));
  });
  afterAll(async () => {
    await test.dispose();
  });

  it('documents every route of the permission table, and no other', () => {
    const documented = operations.map(([key]) => key.replace(/\{(\w+)\}/g, ':$1')).sort();
    expect(documented).toEqual(Object.keys(ROUTE_PERMISSIONS).sort());
  });

  it("types every route's answer, from the type the route returns", () => {
    for (const [key, operation] of operations) {
      const [status, answer] = Object.entries(operation.responses).find(([code]) => code.startsWith('2')) ?? [];
      expect([key, status !== undefined]).toEqual([key, true]);
      const content = (answer as Response).content ?? {};
      if (FILES.has(key)) expect([key, Object.keys(content)]).toEqual([key, ['application/x-ndjson']]);
      else if (key === 'GET /metrics') expect([key, content['text/plain; version=0.0.4']?.schema]).toEqual([key, { type: 'string' }]);
      else expect([key, content['application/json']?.schema]).toEqual([key, RESPONSE_SCHEMAS.responses[key]]);
      // An import's 201 is what it wrote: the ImportResult of the same generated schemas.
      if (key.startsWith('POST /imports/')) expect([key, operation.responses['201']?.content?.['application/json']?.schema]).toEqual([key, { $ref: '#/components/schemas/ImportResult' }]);
    }
    // A view's nullable field is nullable, not an object.
    const timeline = document.components.schemas.BreachSummary ?? (RESPONSE_SCHEMAS.responses['GET /breaches/{breachId}'] as Schema);
    expect((timeline.properties as Record<string, Schema>).reportedAt).toEqual(expect.objectContaining({ type: 'string', nullable: true }));
  });

  it('is generated from the current code: response-schemas.generated.ts is not stale (npm run openapi:schemas)', () => {
    expect(responseSchemas(ROOT)).toEqual(RESPONSE_SCHEMAS);
  }, 180_000);

  it('types no field as a bare object: nullable strings are strings, and every $ref resolves', () => {
    const bare: string[] = [];
    const visit = (value: unknown, where: string): void => {
      if (Array.isArray(value)) return value.forEach((member, index) => visit(member, `${where}/${index}`));
      if (typeof value !== 'object' || value === null) return;
      const schema = value as Schema;
      if (schema.type === 'object' && schema.properties === undefined && schema.additionalProperties === undefined && schema.allOf === undefined) bare.push(where);
      if (typeof schema.$ref === 'string') expect([where, document.components.schemas[schema.$ref.replace('#/components/schemas/', '')] !== undefined]).toEqual([where, true]);
      for (const [key, member] of Object.entries(schema)) visit(member, `${where}/${key}`);
    };
    visit(document.components.schemas, '#/components/schemas');
    visit(document.paths, '#/paths');
    expect(bare).toEqual([]);
    const problem = document.components.schemas.ProblemDetailsSchema as { properties: Record<string, Schema> };
    expect(problem.properties.errors).toEqual(expect.objectContaining({ type: 'array', items: { $ref: '#/components/schemas/ProblemFieldErrorSchema' } }));
    expect(problem.properties.currentRevision).toEqual(expect.objectContaining({ type: 'integer', nullable: true }));
  });

  it('pre-fills no optional query parameter, so that "Try it out" sends only what the caller types', () => {
    const prefilled = operations.flatMap(([key, operation]) =>
      (operation.parameters ?? []).filter((parameter) => parameter.in === 'query' && (parameter.example !== undefined || parameter.schema?.example !== undefined)).map((parameter) => `${key} ${parameter.name}`),
    );
    expect(prefilled).toEqual([]);
  });

  it('documents 401, 403, 429 and 503 on every route that asks for a credential, and none on the public ones', () => {
    for (const [key, operation] of operations) {
      const statuses = Object.keys(operation.responses);
      if (ROUTE_PERMISSIONS[key.replace(/\{(\w+)\}/g, ':$1')] === 'public') {
        expect([key, operation.security]).toEqual([key, []]);
        expect(statuses.filter((status) => ['401', '403', '429'].includes(status))).toEqual([]);
      } else expect([key, ['401', '403', '429', '503'].every((status) => statuses.includes(status))]).toEqual([key, true]);
      if (key.startsWith('POST ') && (operation as { requestBody?: unknown }).requestBody !== undefined && !key.startsWith('POST /audit/')) expect([key, statuses]).toEqual([key, expect.arrayContaining(['400', '413', '415', '422'])]);
    }
  });

  it('gives each error status examples of its own status, as problem+json', () => {
    for (const [key, operation] of operations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!/^4|^5/.test(status) || key.startsWith('GET /health')) continue;
        const content = response.content?.['application/problem+json'];
        expect([key, status, content?.schema]).toEqual([key, status, { $ref: '#/components/schemas/ProblemDetailsSchema' }]);
        for (const example of Object.values(content?.examples ?? {})) expect([key, example.value.status]).toEqual([key, Number(status)]);
      }
    }
  });

  it('shows problems as the service really answers them', async () => {
    const officer = test.as('privacy-officer');
    const unknown = '0b6a4d0e-5f3c-4c1e-9d52-6f1f0d6a7c11';
    const registered = await officer.post('/breaches', registrationBody(), { 'idempotency-key': 'openapi-example' });
    const breachId = registered.body.breachId as string;
    const answers: [ProblemExample, Promise<{ status: number; body: Record<string, unknown> }>][] = [
      [PROBLEM_EXAMPLES.unauthenticated, test.app.inject({ method: 'GET', url: '/breaches' }).then((r) => ({ status: r.statusCode, body: JSON.parse(r.body) }))],
      [PROBLEM_EXAMPLES.forbidden, test.as('auditor').post('/breaches', registrationBody())],
      [PROBLEM_EXAMPLES.validationFailed, officer.post('/breaches', registrationBody({ awareAt: 'yesterday' }))],
      [PROBLEM_EXAMPLES.validationFailedQuery, officer.get('/reports/annual/20x6')],
      [PROBLEM_EXAMPLES.asOfInFuture, officer.get('/breaches?asOf=2099-01-01T00:00:00Z')],
      [PROBLEM_EXAMPLES.unsupportedMediaType, officer.send('POST', '/breaches', 'title=x', { 'content-type': 'text/plain' })],
      [PROBLEM_EXAMPLES.payloadTooLarge, officer.post('/breaches', registrationBody({ description: 'x'.repeat(1_100_000) }))],
      [PROBLEM_EXAMPLES.revisionConflict, officer.post(`/breaches/${breachId}/measures`, { takenAt: '2026-03-02T11:00:00+01:00', description: 'Letter collected.', purpose: 'containment' }, { 'if-match': '"3"' })],
      [PROBLEM_EXAMPLES.idempotencyKeyReused, officer.post('/breaches', registrationBody({ title: 'Another letter' }), { 'idempotency-key': 'openapi-example' })],
      [PROBLEM_EXAMPLES.formatNotAvailable, officer.get('/breaches?format=pdf')],
      [PROBLEM_EXAMPLES.projectionBehind, officer.get('/breaches?minPosition=1042')],
      [PROBLEM_EXAMPLES.notFound.breachId as ProblemExample, officer.get(`/breaches/${unknown}`)],
      [PROBLEM_EXAMPLES.notFound.dpiaId as ProblemExample, officer.get(`/dpias/${unknown}`)],
      [PROBLEM_EXAMPLES.notFound.processingActivityId as ProblemExample, officer.get(`/processing-activities/${unknown}`)],
      [PROBLEM_EXAMPLES.notFound.auditId as ProblemExample, officer.get(`/audits/${unknown}`)],
      [PROBLEM_EXAMPLES.notFound.inquiryId as ProblemExample, officer.get(`/inquiries/${unknown}`)],
      [PROBLEM_EXAMPLES.notFound.subscriptionId as ProblemExample, test.as('admin').post(`/alerts/webhooks/${unknown}/cancellation`, { reason: 'no longer used' })],
      [PROBLEM_EXAMPLES.notFound.name as ProblemExample, test.as('admin').post('/projections/breach-register.v1/rebuilds', {})],
      [PROBLEM_EXAMPLES.notFound.treeSize as ProblemExample, test.as('auditor').post('/audit/checkpoints/1042/cosignatures', { name: 'fg.example', publicKey: 'fg.example+01234567+AAAA', line: '— fg.example AAAA' })],
    ];
    for (const [example, answer] of answers) {
      const { status, body } = await answer;
      expect([example.code, status, body.code]).toEqual([example.code, example.status, example.code]);
      // The members the example shows beside the standard ones are the ones the service sends.
      for (const member of Object.keys(example.extra ?? {})) expect([example.code, member, member in body]).toEqual([example.code, member, true]);
    }
    // The rate limit last: it spends the officer's budget.
    let limited = { status: 0, body: {} as Record<string, unknown> };
    for (let i = 0; i < 45 && limited.status !== 429; i++) limited = await test.as('dpo').get('/breaches/deadlines');
    expect([limited.status, limited.body.code]).toEqual([PROBLEM_EXAMPLES.tooManyRequests.status, PROBLEM_EXAMPLES.tooManyRequests.code]);
  });
});
