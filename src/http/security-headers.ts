import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Security headers; the CSP lets the Swagger UI at /docs run its own inline scripts and styles.
 * Without helmet's default `upgrade-insecure-requests`: the service speaks plain HTTP (TLS is
 * terminated in front of it), and with that directive a browser that reached it by any name
 * but localhost fetched the UI's own scripts over https, where nothing answers: a blank page.
 * Behind a TLS-terminating proxy every asset is same-origin, so it is https there anyway.
 */
export const SECURITY_HEADERS: Readonly<HelmetOptions> = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: [`'self'`],
      styleSrc: [`'self'`, `'unsafe-inline'`],
      imgSrc: [`'self'`, 'data:'],
      scriptSrc: [`'self'`, `'unsafe-inline'`],
      upgradeInsecureRequests: null,
    },
  },
};

/**
 * Helmet's headers on every answer, worked out once. @fastify/helmet built the middleware
 * again for every request (parsing the CSP directives each time: ~16 µs a request, measured),
 * and even built once, helmet's chain of a dozen middlewares ran per request to set the same
 * headers each time. Nothing here depends on the request, so helmet runs once, against a
 * recording response, and every answer gets what it set, as Fastify reply headers.
 */
export function useSecurityHeaders(fastify: FastifyInstance, options: Readonly<HelmetOptions> = SECURITY_HEADERS): void {
  const headers = helmetHeaders(options);
  fastify.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(headers);
    done();
  });
}

/** What helmet sets on a response, by running it once against one that records. */
export function helmetHeaders(options: Readonly<HelmetOptions> = SECURITY_HEADERS): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  let failed: unknown;
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    failed = error;
  });
  if (failed !== undefined) throw failed instanceof Error ? failed : new Error(String(failed));
  return Object.freeze(headers);
}
