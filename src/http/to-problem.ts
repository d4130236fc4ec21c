import { HttpException } from '@nestjs/common';
import { FormatNotAvailableError } from '../exports/export-errors.js';
import { MalformedNoteError } from '../ledger/checkpoint.js';
import { CosignatureError } from '../ledger/ledger-cosigning.js';
import { ProofError } from '../ledger/ledger-proofs.js';
import { ForbiddenError, UnauthenticatedError } from '../auth/principal.js';
import { IdempotencyKeyReusedError, RevisionConflictError } from '../command-handling/command-errors.js';
import {
  EventStoreAccessDeniedError,
  EventStoreClosedError,
  EventStoreError,
  EventStoreUnavailableError,
  EventTooLargeError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '../event-store/event-store.errors.js';
import { DocumentStoreError, InvalidQueryError } from '../read-store/document-store.port.js';
import { ProjectionUnavailableError } from '../read-store/read-your-writes.js';
import { AsOfRefusedError } from '../read-store/read-at.js';
import { DomainError, NotFoundError } from '../shared/domain-error.js';
import { NotJsonError } from '../shared/json.js';
import { PersonalDataKeyMissingError } from '../personal-data/personal-data-codec.js';
import { PersonalDataKeysUnavailableError } from '../personal-data/personal-data-keys.port.js';
import { ImportConflictError, ImportFileError, ImportRefusedError } from '../imports/import-errors.js';
import { AccessLogUnavailableError } from '../access-log/access-log.port.js';
import { ApiKeysUnavailableError } from '../auth/api-keys.port.js';
import { isStorageFull } from '../shared/storage-full.js';
import { problem, type ProblemDetails } from './problem-details.js';
import { RequestHeaderError, RequestValidationError } from './request-errors.js';

/** Fastify's own errors (raised before a route runs), by their code. */
const FASTIFY_ERRORS: Record<string, { status: number; code: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload-too-large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported-media-type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalid-content-length' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'empty-body' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'malformed-json' },
  FST_ERR_BAD_URL: { status: 400, code: 'bad-url' },
  EMPTY_JSON_BODY: { status: 400, code: 'empty-body' },
  JSON_TOO_DEEP: { status: 400, code: 'json-too-deep' },
  MALFORMED_JSON: { status: 400, code: 'malformed-json' },
  INVALID_UTF8: { status: 400, code: 'invalid-utf8' },
  INVALID_UNICODE: { status: 400, code: 'invalid-unicode' },
  NUL_CHARACTER: { status: 400, code: 'nul-character' },
  DUPLICATE_KEY: { status: 400, code: 'duplicate-key' },
  NUMBER_TOO_LARGE: { status: 400, code: 'number-too-large' },
  JSON_CHARSET: { status: 415, code: 'unsupported-media-type' },
  RATE_LIMITED: { status: 429, code: 'too-many-requests' },
  AUTH_RATE_LIMITED: { status: 429, code: 'too-many-failed-authentications' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'uri-too-long' },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, code: 'bad-request' },
  CSV_CHARSET: { status: 415, code: 'unsupported-media-type' },
};

export interface MappedError {
  readonly problem: ProblemDetails;
  /** True for failures of the service itself (logged with their stack). */
  readonly internal: boolean;
  /** Seconds a client should wait before retrying a 503; 1 when absent. */
  readonly retryAfter?: number;
}

/** A full disk is not mended in a second: clients that retry at once only add load. */
const STORAGE_FULL_RETRY_AFTER = 30;

/** Every error the service can meet, mapped once to problem+json (docs/architecture.md, "Errors"). */
export function toProblem(error: unknown): MappedError {
  const client = (p: ProblemDetails): MappedError => ({ problem: p, internal: false });
  if (error instanceof RequestValidationError) return client(problem(400, error.code, error.message, { errors: error.errors }));
  if (error instanceof RequestHeaderError) return client(problem(400, error.code, error.message, { header: error.header }));
  if (error instanceof FormatNotAvailableError) return client(problem(406, error.code, error.message, { available: error.available }));
  if (error instanceof AsOfRefusedError) return client(problem(400, error.code, error.message, { ...error.details }));
  if (error instanceof NotJsonError) return client(problem(400, 'malformed-json', `the body is not valid JSON: ${error.message}`));
  if (error instanceof UnauthenticatedError) return client(problem(401, error.code, error.message));
  if (error instanceof ForbiddenError) return client(problem(403, error.code, error.message, { permission: error.permission }));
  if (error instanceof NotFoundError) return client(problem(404, error.code, error.message));
  if (error instanceof RevisionConflictError) {
    return client(problem(409, error.code, error.message, { currentRevision: error.currentRevision }));
  }
  if (error instanceof IdempotencyKeyReusedError) return client(problem(422, error.code, error.message));
  if (error instanceof CosignatureError) return client(problem(422, error.code, error.message));
  if (error instanceof ProofError) return client(problem(400, error.code, error.message));
  if (error instanceof MalformedNoteError) return client(problem(400, error.code, error.message));
  if (error instanceof ProjectionUnavailableError) {
    return client(problem(error.code === 'unknown-projection' ? 404 : 503, error.code, error.message, { ...error.details }));
  }
  if (error instanceof DomainError) return client(problem(422, error.code, error.message, { ...error.details }));
  if (error instanceof ImportFileError) return client(problem(error.status, error.code, error.message, { ...error.details }));
  if (error instanceof ImportRefusedError) {
    return client(problem(422, error.code, error.message, { fileHash: error.fileHash, rows: error.rows, refused: error.refused.map((refusal) => ({ ...refusal })) }));
  }
  if (error instanceof ImportConflictError) return client(problem(409, error.code, error.message, { streamId: error.streamId }));
  // Reads of the audit endpoints are logged before they are served: one that cannot be logged is refused.
  if (error instanceof AccessLogUnavailableError) {
    return { problem: problem(503, error.code, 'the read could not be written to the access log, and is not served unlogged; retry later'), internal: true, retryAfter: retryAfterOf(error) };
  }
  // Whichever store it hit (the log, the keys, the views): nothing was recorded, and it is the operator's to mend.
  if (isStorageFull(error)) {
    return { problem: problem(503, 'storage-full', 'the service has no disk space left to record this; nothing was recorded; retry later'), internal: true, retryAfter: STORAGE_FULL_RETRY_AFTER };
  }
  if (error instanceof ApiKeysUnavailableError) {
    return { problem: problem(503, error.code, 'the API key file (API_KEYS_FILE) was deleted or replaced while the service runs; credentials are not checked until it restarts'), internal: true };
  }
  if (error instanceof PersonalDataKeysUnavailableError || error instanceof PersonalDataKeyMissingError) {
    // The operator's to mend (a key file lost, deleted or replaced): not now, and nothing written.
    // The detail names the setting, not the path: where the files live is the operator's business (the log has it all).
    const detail = 'the personal-data key file (PERSONAL_DATA_KEYS_FILE) is missing, replaced or cannot be written; nothing was recorded; retry once it is restored';
    return { problem: problem(503, 'personal-data-keys-unavailable', detail), internal: true };
  }
  if (error instanceof EventStoreError) return eventStoreProblem(error);
  if (error instanceof InvalidQueryError) return client(problem(400, error.code, error.message));
  if (error instanceof DocumentStoreError && error.code !== 'invalid-commit' && error.code !== 'checkpoint-conflict') {
    return { problem: problem(503, 'service-unavailable', 'the read store is not available; retry later'), internal: true };
  }
  if (error instanceof HttpException) {
    // Nest wraps Fastify's own errors (media type, body size, JSON) and keeps them as the cause.
    const wrapped = fastifyError(error.cause);
    if (wrapped) return client(wrapped);
    const status = error.getStatus();
    return { problem: problem(status, httpCode(status), error.message), internal: status >= 500 };
  }
  const fastify = fastifyError(error);
  if (fastify) return client(fastify);
  return { problem: problem(500, 'internal-error', 'the service failed to handle the request; it has been logged'), internal: true };
}

function retryAfterOf(error: unknown): number | undefined {
  return isStorageFull(error) ? STORAGE_FULL_RETRY_AFTER : undefined;
}

function eventStoreProblem(error: EventStoreError): MappedError {
  if (error instanceof EventTooLargeError) return { problem: problem(413, error.code, error.message, { limit: error.limit }), internal: false };
  if (error instanceof WrongExpectedRevisionError) {
    return { problem: problem(409, 'revision-conflict', error.message, { currentRevision: error.actual === 'no_stream' ? null : error.actual }), internal: false };
  }
  if (error instanceof StreamNotFoundError) return { problem: problem(404, 'not-found', error.message), internal: false };
  if (error instanceof EventStoreClosedError || error instanceof EventStoreUnavailableError || error instanceof EventStoreAccessDeniedError) {
    return { problem: problem(503, 'service-unavailable', 'the event store is not available; retry later'), internal: true };
  }
  // invalid-event and the like: the request carried something the store cannot record.
  return { problem: problem(400, error.code, error.message), internal: false };
}

function fastifyError(error: unknown): ProblemDetails | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, statusCode, message } = error as { code?: unknown; statusCode?: unknown; message?: unknown };
  const known = typeof code === 'string' ? FASTIFY_ERRORS[code] : undefined;
  if (known) return problem(known.status, known.code, String(message));
  if (error instanceof SyntaxError && statusCode === 400) return problem(400, 'malformed-json', `the body is not valid JSON: ${error.message}`);
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) return problem(statusCode, httpCode(statusCode), String(message));
  return undefined;
}

function httpCode(status: number): string {
  const codes: Record<number, string> = {
    400: 'bad-request',
    401: 'unauthenticated',
    403: 'forbidden',
    404: 'not-found',
    405: 'method-not-allowed',
    406: 'not-acceptable',
    409: 'conflict',
    413: 'payload-too-large',
    415: 'unsupported-media-type',
    429: 'too-many-requests',
  };
  return codes[status] ?? (status >= 500 ? 'internal-error' : 'bad-request');
}
