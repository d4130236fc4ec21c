import { problem } from '../problem-details.js';

/** One problem the service answers, as the OpenAPI document shows it. */
export interface ProblemExample {
  readonly status: number;
  readonly code: string;
  readonly summary: string;
  readonly detail: string;
  /** The members a problem of this code carries beside the standard ones. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

const ID = '0b6a4d0e-5f3c-4c1e-9d52-6f1f0d6a7c11';

const notFound = (code: string, what: string): ProblemExample => ({ status: 404, code, summary: `no such ${what}`, detail: `there is no ${what} ${ID}` });

/**
 * The problems in the OpenAPI document: codes and members as the service sends them
 * (test/http/openapi-document.spec.ts provokes each and compares).
 */
export const PROBLEM_EXAMPLES = {
  unauthenticated: { status: 401, code: 'unauthenticated', summary: 'no credential', detail: 'authenticate with Authorization: Bearer <API key or token>' },
  forbidden: { status: 403, code: 'forbidden', summary: 'the role lacks the permission', detail: 'auditor may not register-breach', extra: { permission: 'register-breach' } },
  tooManyRequests: { status: 429, code: 'too-many-requests', summary: 'over RATE_LIMIT_PER_MINUTE', detail: 'too many requests; retry after 1 minute' },
  validationFailed: {
    status: 400,
    code: 'validation-failed',
    summary: 'a field is invalid',
    detail: 'the request is invalid: /awareAt awareAt must be an ISO-8601 date-time with an offset, e.g. 2026-03-01T14:30:00+01:00',
    extra: { errors: [{ pointer: '/awareAt', message: 'awareAt must be an ISO-8601 date-time with an offset, e.g. 2026-03-01T14:30:00+01:00' }] },
  },
  validationFailedQuery: {
    status: 400,
    code: 'validation-failed',
    summary: 'a parameter is invalid',
    detail: 'the request is invalid: /year year must be a calendar year, e.g. 2021',
    extra: { errors: [{ pointer: '/year', message: 'year must be a calendar year, e.g. 2021' }] },
  },
  asOfInFuture: {
    status: 400,
    code: 'as-of-in-future',
    summary: 'asOf lies in the future',
    detail: 'asOf 2099-01-01T00:00:00.000Z lies in the future (now is 2026-12-05T03:00:00.000Z)',
    extra: { asOf: '2099-01-01T00:00:00.000Z', now: '2026-12-05T03:00:00.000Z' },
  },
  payloadTooLarge: { status: 413, code: 'payload-too-large', summary: 'over HTTP_BODY_LIMIT_BYTES', detail: 'the body is larger than 1048576 bytes, the limit of POST /breaches', extra: { limitBytes: 1048576 } },
  unsupportedMediaType: { status: 415, code: 'unsupported-media-type', summary: 'not application/json', detail: 'Unsupported Media Type' },
  revisionConflict: {
    status: 409,
    code: 'revision-conflict',
    summary: 'If-Match is behind',
    detail: 'the resource is at revision 4, not 3: read it again and retry',
    extra: { currentRevision: 4 },
  },
  idempotencyKeyReused: { status: 422, code: 'idempotency-key-reused', summary: 'the key was used for another body', detail: 'Idempotency-Key intake-2026-0042 was already used for a different request' },
  formatNotAvailable: { status: 406, code: 'format-not-available', summary: 'a format the view cannot give', detail: 'this view is not available as pdf', extra: { available: ['json', 'csv', 'xlsx'] } },
  projectionBehind: {
    status: 503,
    code: 'projection-behind',
    summary: 'minPosition not reached in time',
    detail: 'projection breach-register.v2 has not reached position 1042 within 5000 ms; retry',
    extra: { projection: 'breach-register.v2', position: '1041', minPosition: '1042' },
  },
  storageFull: { status: 503, code: 'storage-full', summary: 'no disk space', detail: 'the service has no disk space left to record this; nothing was recorded; retry later' },
  serviceUnavailable: { status: 503, code: 'service-unavailable', summary: 'a store does not answer', detail: 'the read store is not available; retry later' },
  /** By the path parameter that names the resource. */
  notFound: {
    breachId: notFound('breach-not-found', 'breach'),
    dpiaId: notFound('dpia-not-found', 'DPIA'),
    processingActivityId: notFound('processing-activity-not-found', 'processing activity'),
    auditId: notFound('audit-not-found', 'audit'),
    inquiryId: notFound('inquiry-not-found', 'inquiry'),
    subscriptionId: notFound('webhook-subscription-not-found', 'webhook subscription'),
    name: { status: 404, code: 'unknown-projection', summary: 'no such projection', detail: 'there is no projection breach-register.v1; known: breach-timeline.v2, breach-register.v2', extra: { projection: 'breach-register.v1' } },
    treeSize: { status: 404, code: 'checkpoint-not-found', summary: 'no such checkpoint', detail: 'there is no checkpoint of tree size 1042' },
  } as Record<string, ProblemExample>,
} satisfies Record<string, ProblemExample | Record<string, ProblemExample>>;

/** The example as the service would send it for a request to `instance`. */
export function problemExample(example: ProblemExample, instance: string): Record<string, unknown> {
  return { ...problem(example.status, example.code, example.detail, example.extra), instance: instance.replace(/\{\w+\}/g, ID) };
}
