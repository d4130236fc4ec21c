import type { ServerOptions } from 'node:http';
import type { HttpConfig } from '../config/config.js';

/**
 * How long a client may take to send its request, so that one that stalls (slowly sent
 * headers, a body that never completes) cannot hold a connection: Node answers 408 and
 * closes it. Fastify leaves the request timeout off and keeps idle connections 72 s.
 */
export function serverTimeouts(http: HttpConfig): { requestTimeout: number; keepAliveTimeout: number; http: ServerOptions } {
  return {
    requestTimeout: http.requestTimeoutMs,
    keepAliveTimeout: http.keepAliveTimeoutMs,
    http: {
      headersTimeout: http.headersTimeoutMs,
      requestTimeout: http.requestTimeoutMs,
      // Node checks the two timeouts on this interval (30 s by default), which bounds how late they fire.
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(http.headersTimeoutMs / 4))),
    },
  };
}
