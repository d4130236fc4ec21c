import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { actorOf } from '../auth/actor.js';
import type { CommandEnvelope } from '../command-handling/command-envelope.js';
import type { Actor } from '../event-store/event-store.port.js';
import { RequestHeaderError } from './request-errors.js';
import { isHeaderToken } from './request-id.js';

/**
 * The envelope of a command sent over HTTP: the actor (from authentication only),
 * `Idempotency-Key` (generated when absent), `If-Match` as the expected revision,
 * `X-Correlation-Id` (else the request id: a valid X-Request-Id or a generated one), and the keyed fingerprint of route and body.
 */
export const CommandRequest = createParamDecorator((_: unknown, context: ExecutionContext): CommandEnvelope => {
  return commandEnvelope(context.switchToHttp().getRequest<FastifyRequest & { actor?: Actor }>());
});

export function commandEnvelope(request: FastifyRequest & { actor?: Actor }): CommandEnvelope {
  const idempotencyKey = token(request, 'idempotency-key', 'invalid-idempotency-key') ?? randomUUID();
  const correlationId = token(request, 'x-correlation-id', 'invalid-correlation-id') ?? String(request.id);
  const expectedRevision = ifMatch(request);
  // The keyed fingerprint computed before the route ran (request-fingerprint.ts).
  const requestHash = request.fingerprint;
  if (requestHash === undefined) throw new Error('the request fingerprint was not computed: useRequestFingerprints is not installed');
  return { actor: actorOf(request), idempotencyKey, correlationId, requestHash, ...(expectedRevision === undefined ? {} : { expectedRevision }) };
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  if (Array.isArray(value)) throw new RequestHeaderError(`invalid-${name}`, name, `${name} may be sent only once`);
  return value;
}

/** A printable token, optionally quoted (the IETF draft sends Idempotency-Key as a quoted string). */
function token(request: FastifyRequest, name: string, code: string): string | undefined {
  const raw = header(request, name);
  if (raw === undefined) return undefined;
  const value = raw.trim().replace(/^"(.*)"$/, '$1');
  if (!isHeaderToken(value)) throw new RequestHeaderError(code, name, `${name} must be 1 to 200 printable ASCII characters without spaces`);
  return value;
}

/** `If-Match: 3` or `If-Match: "3"` (an entity tag holding the revision); `*` sets no constraint. */
function ifMatch(request: FastifyRequest): number | undefined {
  const raw = header(request, 'if-match');
  if (raw === undefined || raw.trim() === '*') return undefined;
  const match = /^\s*"?(\d{1,15})"?\s*$/.exec(raw);
  if (!match) throw new RequestHeaderError('invalid-if-match', 'if-match', 'If-Match must be one revision number, e.g. If-Match: "3"');
  return Number(match[1]);
}
