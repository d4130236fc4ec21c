import type { OpenAPIObject } from '@nestjs/swagger';
import type { Permission } from '../../auth/permissions.js';
import { MEDIA_TYPES } from '../../exports/view-format.js';
import { PROBLEM_EXAMPLES, problemExample, type ProblemExample } from './problem-examples.js';
import { RESPONSE_SCHEMAS } from './response-schemas.generated.js';
import type { Schema } from './response-schemas.generate.js';

type Operation = {
  parameters?: { name: string; in: string; example?: unknown; examples?: unknown; schema?: Schema & { enum?: unknown[] } }[];
  requestBody?: unknown;
  responses: Record<string, { description: string; content?: Record<string, { schema?: Schema; examples?: unknown }>; headers?: unknown }>;
  security?: unknown[];
};

const PROBLEM_JSON = 'application/problem+json';
const PROBLEM_REF = { $ref: '#/components/schemas/ProblemDetailsSchema' };
const NDJSON = 'application/x-ndjson';
const BINARY = { type: 'string', format: 'binary' };
/** Answers that are files, not JSON: documented by their media type. */
const STREAMED: Record<string, string> = { 'GET /audit/export': NDJSON, 'GET /inquiries/{inquiryId}/answer': NDJSON };
/** Answers given as text, not JSON: their schema is the text's. */
const PLAIN_TEXT: Record<string, string> = { 'GET /metrics': 'text/plain; version=0.0.4' };

/** What each answer means; the example shows what the service really sends (test/http/openapi-document.spec.ts checks them). */
const DESCRIPTIONS: Record<number, string> = {
  400: 'the request is malformed: `errors` has a JSON pointer and a message per field',
  401: 'no credential, or an unknown, revoked or expired one',
  403: "the caller's role does not hold the permission the route needs (`permission` names it)",
  404: 'there is no such resource',
  406: 'the view cannot be given in the format asked for (`available` lists those it can)',
  409: 'If-Match does not match the current revision (`currentRevision` says which to base a retry on)',
  413: 'the body is larger than the limit (`limitBytes`)',
  415: 'the body is not application/json (UTF-8)',
  422: 'a rule of the domain refuses the command; `code` says which, nothing was recorded',
  429: 'too many requests (or failed authentications) from this identity or address; see Retry-After',
  503: 'the service cannot answer now (a projection behind, a store or key file unavailable, no disk space); see Retry-After',
};

/** The media types a view answers in, from its `format` parameter. */
function mediaTypes(operation: Operation): string[] {
  const format = operation.parameters?.find((parameter) => parameter.in === 'query' && parameter.name === 'format');
  const formats = (format?.schema?.enum ?? ['json']) as string[];
  return formats.map((name) => (name === 'ndjson' ? NDJSON : (MEDIA_TYPES as Record<string, string>)[name] ?? name));
}

function problemResponse(status: number, examples: readonly ProblemExample[], instance: string) {
  return {
    description: DESCRIPTIONS[status] ?? 'see the problem',
    content: { [PROBLEM_JSON]: { schema: PROBLEM_REF, examples: Object.fromEntries(examples.map((example) => [example.code, { summary: example.summary, value: problemExample(example, instance) }])) } },
  };
}

/** The problems a route can answer, by status: what every route shares, then what its kind adds. */
function problemsOf(method: string, path: string, operation: Operation): Map<number, ProblemExample[]> {
  const problems = new Map<number, ProblemExample[]>();
  const add = (example: ProblemExample) => problems.set(example.status, [...(problems.get(example.status) ?? []), example]);
  add(PROBLEM_EXAMPLES.unauthenticated);
  add(PROBLEM_EXAMPLES.forbidden);
  add(PROBLEM_EXAMPLES.tooManyRequests);
  const query = (operation.parameters ?? []).filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name);
  const ids = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
  for (const id of ids) {
    const notFound = PROBLEM_EXAMPLES.notFound[id];
    if (notFound !== undefined) add(notFound);
  }
  if (query.includes('table') && method === 'get') add(PROBLEM_EXAMPLES.formatNotAvailable);
  if (method === 'post') {
    if (operation.requestBody !== undefined) {
      add(PROBLEM_EXAMPLES.validationFailed);
      add(PROBLEM_EXAMPLES.payloadTooLarge);
      add(PROBLEM_EXAMPLES.unsupportedMediaType);
    }
    const headers = (operation.parameters ?? []).filter((parameter) => parameter.in === 'header').map((parameter) => parameter.name);
    if (headers.includes('If-Match')) add(PROBLEM_EXAMPLES.revisionConflict);
    if (headers.includes('Idempotency-Key')) add(PROBLEM_EXAMPLES.idempotencyKeyReused);
    add(PROBLEM_EXAMPLES.storageFull);
  } else {
    if (query.includes('minPosition')) add(PROBLEM_EXAMPLES.asOfInFuture);
    else if (query.length > 0 || ids.length > 0) add(PROBLEM_EXAMPLES.validationFailedQuery);
    add(query.includes('minPosition') ? PROBLEM_EXAMPLES.projectionBehind : PROBLEM_EXAMPLES.serviceUnavailable);
  }
  return problems;
}

/**
 * What Nest's document cannot say by itself, added once for every route: each answer's body
 * typed from the type its route returns (response-schemas.generated.ts), the problems each
 * route can answer with a real example per status, no security on public routes, and no
 * examples on optional query parameters (the UI would send them with every try).
 */
export function completeDocument(document: OpenAPIObject, permissions: Readonly<Record<string, Permission | 'public'>>): OpenAPIObject {
  const schemas = (document.components ??= {}).schemas ?? {};
  document.components.schemas = { ...schemas, ...(RESPONSE_SCHEMAS.components as typeof schemas) };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item as Record<string, Operation>)) {
      const key = `${method.toUpperCase()} ${path}`;
      const permission = permissions[`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`];
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in !== 'query') continue;
        delete parameter.example;
        delete parameter.examples;
        if (parameter.schema) delete parameter.schema.example;
      }
      const success = Object.keys(operation.responses).find((status) => /^2\d\d$/.test(status));
      const schema = RESPONSE_SCHEMAS.responses[key];
      if (success !== undefined && schema !== undefined) {
        const answer = operation.responses[success] as Operation['responses'][string];
        const text = PLAIN_TEXT[key];
        answer.content = text !== undefined ? { [text]: { schema } } : Object.fromEntries(mediaTypes(operation).map((type) => [type, { schema: type === MEDIA_TYPES.json ? schema : BINARY }]));
        // An import answers 200 with a dry run (or a file imported before) and 201 with what it wrote.
        const created = operation.responses['201'];
        if (key.startsWith('POST /imports/') && success === '200' && created !== undefined) created.content = { [MEDIA_TYPES.json]: { schema: { $ref: '#/components/schemas/ImportResult' } } };
      } else if (success !== undefined && STREAMED[key] !== undefined) {
        (operation.responses[success] as Operation['responses'][string]).content = { [STREAMED[key]]: { schema: BINARY } };
      }
      if (permission === 'public') {
        operation.security = [];
        // Readiness answers 503 with the same body, the failing check saying why.
        if (path !== '/health/live' && schema !== undefined) operation.responses['503'] = { description: 'not ready: `status` and the failing check say why (unavailable, shutting-down, degraded)', content: { [MEDIA_TYPES.json]: { schema } } };
        continue;
      }
      for (const [status, examples] of problemsOf(method, path, operation)) {
        if (operation.responses[status] !== undefined) continue;
        operation.responses[status] = problemResponse(status, examples, path);
      }
    }
  }
  return withoutUnusedSchemas(document);
}

/** Drops the schemas nothing refers to any more (the documentation-only answer classes the return types replaced). */
function withoutUnusedSchemas(document: OpenAPIObject): OpenAPIObject {
  const schemas = document.components?.schemas ?? {};
  const used = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (typeof value !== 'object' || value === null) return;
    for (const [key, member] of Object.entries(value)) {
      if (key === '$ref' && typeof member === 'string') {
        const name = member.replace('#/components/schemas/', '');
        if (!used.has(name)) {
          used.add(name);
          visit(schemas[name]);
        }
      } else visit(member);
    }
  };
  visit(document.paths);
  for (const name of Object.keys(schemas)) if (!used.has(name)) delete schemas[name];
  return document;
}
