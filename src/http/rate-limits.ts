import rateLimit from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal.js';
import { UnauthenticatedError } from '../auth/principal.js';

export interface RateLimitSettings {
  /** Requests per minute of one identity, or of one address that presents no credential. */
  readonly perMinute: number;
  /** Failed authentications per minute of one address. */
  readonly authFailuresPerMinute: number;
}

/** Whose budget a request spends. */
type Bucket = 'identity' | 'address' | 'auth-failures';

const BUCKET = Symbol('rateLimitBucket');
type Limited = FastifyRequest & { [BUCKET]?: Bucket };

/** Whose budget a request that was answered 429 had spent (GET /metrics counts the refusals by it). */
export const rateLimitBudgetOf = (request: FastifyRequest): Bucket | undefined => (request as Limited)[BUCKET];

const exempt = (request: FastifyRequest) => request.url.startsWith('/health');

/**
 * Per identity, not per credential text: a valid credential spends the budget of the
 * principal it stands for (two tokens of one person share it). A credential that fails
 * spends its address's budget of failures, lower and apart, so guessing keys or tokens
 * is slowed without touching the callers that authenticate. Runs before the body is
 * parsed; answered 429 with Retry-After, as problem+json.
 */
export async function useRateLimits(app: NestFastifyApplication, settings: RateLimitSettings, authenticate: (request: FastifyRequest) => Promise<Principal>): Promise<void> {
  await app.register(rateLimit as never, {
    timeWindow: 60_000,
    keyGenerator: async (request: Limited) => {
      const { bucket, key } = exempt(request) ? { bucket: 'address' as const, key: 'health' } : await bucketOf(request, authenticate);
      request[BUCKET] = bucket;
      return key;
    },
    max: (request: Limited) => (request[BUCKET] === 'auth-failures' ? settings.authFailuresPerMinute : settings.perMinute),
    allowList: exempt,
    errorResponseBuilder: (request: Limited, context: { after: string }) =>
      request[BUCKET] === 'auth-failures'
        ? Object.assign(new Error(`too many failed authentications from this address; retry after ${context.after}`), { statusCode: 429, code: 'AUTH_RATE_LIMITED' })
        : Object.assign(new Error(`too many requests; retry after ${context.after}`), { statusCode: 429, code: 'RATE_LIMITED' }),
  });
}

async function bucketOf(request: FastifyRequest, authenticate: (request: FastifyRequest) => Promise<Principal>): Promise<{ bucket: Bucket; key: string }> {
  if (request.headers.authorization === undefined) return { bucket: 'address', key: `address:${request.ip}` };
  try {
    return { bucket: 'identity', key: `identity:${(await authenticate(request)).id}` };
  } catch (error) {
    // Any other failure (the identity provider's keys unreachable) is the service's, not a guess.
    if (error instanceof UnauthenticatedError) return { bucket: 'auth-failures', key: `auth-failures:${request.ip}` };
    return { bucket: 'address', key: `address:${request.ip}` };
  }
}
