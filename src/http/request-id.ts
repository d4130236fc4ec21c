import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';

/** An id a client or proxy may send in a header: 1 to 200 visible ASCII characters (the store's limit for correlation ids). */
export function isHeaderToken(value: string): boolean {
  return /^[\x21-\x7e]{1,200}$/.test(value);
}

/**
 * The request's id (Fastify's genReqId): a well-formed X-Request-Id, else a generated UUID.
 * X-Request-Id is usually set by a proxy the client does not control, so a malformed one is
 * replaced rather than refused; either way no free text reaches the logs or, as the
 * correlation id, the stored metadata. (X-Correlation-Id is the client's own: refused with 400.)
 */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && isHeaderToken(given) ? given : randomUUID();
}
