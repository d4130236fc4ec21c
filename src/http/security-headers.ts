import type { FastifyInstance } from 'fastify';
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
 * Helmet's headers on every answer, its middleware built once. @fastify/helmet built it again
 * for every request (parsing the CSP directives each time: ~16 µs a request, measured); the
 * headers are the same for every route here, so one middleware serves them all.
 */
export function useSecurityHeaders(fastify: FastifyInstance, options: Readonly<HelmetOptions> = SECURITY_HEADERS): void {
  const headers = helmet(options);
  fastify.addHook('onRequest', (request, reply, done) => {
    headers(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
}
