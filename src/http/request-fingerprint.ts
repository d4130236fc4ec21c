import { createHash, createHmac } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { canonicalJson } from '../event-store/canonical-json.js';

/**
 * The fingerprint of a command request (method, route, path parameters, body), stored in
 * its events so that a reused Idempotency-Key with another body is refused. It is an HMAC
 * under a secret of this installation, not a plain hash: the body may hold personal data,
 * and a plain hash left in the immutable log would let anyone holding a copy confirm a
 * guessed text. The installation's secret (fingerprint-key.port.ts) lies in the data folder
 * or the shared database, within reach of whoever holds either, so for a breach's
 * commands this fingerprint is keyed once more under the breach's own key
 * (src/personal-data/subject-fingerprint.ts), which its erasure deletes.
 */
export function requestFingerprint(key: Buffer, request: FastifyRequest): string {
  // A CSV body (an import) arrives as bytes: it is fingerprinted by its hash.
  const body = Buffer.isBuffer(request.body) ? { sha256: createHash('sha256').update(request.body).digest('hex') } : (request.body ?? null);
  const material = { method: request.method, route: request.routeOptions.url ?? request.url, params: { ...(request.params as object) }, body };
  return createHmac('sha256', key).update(canonicalJson(material)).digest('hex');
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set for every request with a parsed body or parameters, before the route runs. */
    fingerprint?: string;
  }
}

export function useRequestFingerprints(fastify: FastifyInstance, key: Buffer): void {
  fastify.addHook('preHandler', async (request) => {
    request.fingerprint = requestFingerprint(key, request);
  });
}
