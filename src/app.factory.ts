import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger as Pino } from 'pino';
import { AppModule } from './app.module.js';
import { AuthGuard } from './auth/auth.guard.js';
import type { AppConfig } from './config/config.js';
import { useCsvBodies } from './http/csv-body.js';
import { useJsonBodies } from './http/json-body.js';
import { setUpOpenApi } from './http/openapi.js';
import { useRateLimits } from './http/rate-limits.js';
import { serverTimeouts } from './http/server-timeouts.js';
import { useRequestFingerprints } from './http/request-fingerprint.js';
import { openFingerprintKeyStore } from './engines.js';
import { requestIdOf } from './http/request-id.js';
import { OneLinePerRequest } from './http/request-log.js';
import { ProblemDetailsFilter, sendProblem } from './http/problem-details.filter.js';
import { useSecurityHeaders } from './http/security-headers.js';
import { RequestValidationPipe } from './http/validation.js';
import { PinoNestLogger } from './logging/logger.js';
import type { Clock } from './shared/clock.js';
import { API_KEYS, type ApiKeys } from './auth/api-keys.port.js';
import { WEB_ROUTES } from './web/pages/index.js';
import { useWebApp } from './web/web-app.js';
import { JwtVerifier } from './auth/jwt-verifier.js';
import { OidcClientSignIn } from './web/oidc-client-sign-in.js';

/** Read once, before the routes exist: the hook that uses it is registered with Fastify ahead of Nest's routes. */
async function loadFingerprintKey(config: AppConfig): Promise<Buffer> {
  const store = await openFingerprintKeyStore(config);
  try {
    return await store.load();
  } finally {
    await store.close();
  }
}

/** The application, as `npm start` and the e2e tests build it. */
export async function createApp(config: AppConfig, logger: Pino, clock?: Clock): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    // One log line per request, with what Fastify's two carried and the credential (request-log.ts).
    logController: new OneLinePerRequest(),
    // X-Request-Id when well-formed, else a generated id (request-id.ts).
    requestIdHeader: false,
    genReqId: requestIdOf,
    bodyLimit: config.http.bodyLimitBytes,
    ...serverTimeouts(config.http),
    // Let in-flight requests finish on close; idle keep-alive connections are closed.
    forceCloseConnections: 'idle',
    // Errors the router raises before any route (a malformed URL, a path segment over
    // the length limit) are problem+json too.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => sendProblem(error, request, reply, new Logger('HTTP')),
  });
  // Commands are JSON (Nest's form parser is off, below), imports CSV: any other media type is
  // refused with 415 before a route runs; depth and prototype keys are checked at parsing.
  useJsonBodies(adapter.getInstance(), { maxDepth: config.http.jsonMaxDepth, bodyLimit: config.http.bodyLimitBytes });
  // The imports of existing registers take CSV files (src/imports/).
  useCsvBodies(adapter.getInstance(), { importBodyLimit: config.http.importBodyLimitBytes });
  useRequestFingerprints(adapter.getInstance(), await loadFingerprintKey(config));

  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, clock), adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
    // Nest would add a form-urlencoded parser; Fastify's own JSON parser is the only one.
    bodyParser: false,
  });
  // Errors raised by Fastify itself (body too large, bad media type, malformed JSON)
  // reach this filter too, through Nest's error handler.
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(new RequestValidationPipe());
  useSecurityHeaders(app.getHttpAdapter().getInstance());
  const guard = app.get(AuthGuard);
  await useRateLimits(app, { perMinute: config.http.rateLimitPerMinute, authFailuresPerMinute: config.http.authFailuresPerMinute }, (request) => guard.authenticationOf(request));
  // CORS stays closed (no CORS headers: browsers refuse cross-origin calls) unless origins are configured.
  if (config.http.corsOrigins.length > 0) {
    app.enableCors({
      origin: [...config.http.corsOrigins],
      methods: ['GET', 'POST'],
      allowedHeaders: ['authorization', 'content-type', 'if-match', 'idempotency-key', 'x-correlation-id', 'x-request-id'],
      exposedHeaders: ['etag', 'location', 'projection-position', 'idempotent-replayed', 'retry-after'],
      maxAge: 600,
    });
  }
  setUpOpenApi(app, config.auth.docsPublic);
  // The web app for people at / (src/web/): its pages call the routes above, in-process.
  if (config.web.enabled) {
    useWebApp(app.getHttpAdapter().getInstance(), {
      config: config.web,
      apiKeys: app.get<ApiKeys>(API_KEYS),
      // Sign-in with the identity provider: its access token verified as the API verifies a bearer token.
      ...(config.web.oidc && config.auth.jwt ? { oidc: new OidcClientSignIn({ ...config.web.oidc, issuer: config.auth.jwt.issuer, cookieSecure: config.web.cookieSecure }, app.get(JwtVerifier)) } : {}),
      routes: WEB_ROUTES,
      diensten: config.organisation.diensten,
      dienstNames: config.organisation.dienstNames,
      signInAttemptsPerMinute: config.http.authFailuresPerMinute,
    });
  }
  return app;
}
