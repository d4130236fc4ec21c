import { Inject, Injectable, SetMetadata, applyDecorators, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { INTERCEPTORS_METADATA } from '@nestjs/common/constants.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { concatMap, type Observable } from 'rxjs';
import { actorOf } from '../auth/actor.js';
import type { ScopedGrant } from '../auth/auth.guard.js';
import type { Actor } from '../event-store/event-store.port.js';
import { CLOCK, type Clock } from '../shared/clock.js';
import { ACCESS_LOG, AccessLogUnavailableError, type AccessEntry, type AccessLog } from './access-log.port.js';

/** Every successful read of the route is logged. */
const ACCESS_LOGGED = 'privacy-ledger:access-logged';
/** The reads the supervisory authority makes of the route under an inquiry's scope are logged. */
const SCOPED_READS_LOGGED = 'privacy-ledger:scoped-reads-logged';

type LoggedRequest = FastifyRequest & { actor?: Actor; scopedGrant?: ScopedGrant };

/**
 * Writes the access-log entry of a read before its answer leaves: a read that cannot be logged
 * is not served. Bound only to the routes that log (AccessLogged, ScopedReadsLogged), not to
 * every route: Nest runs a chain of rxjs observables around every handler that has any
 * interceptor at all, which the commands and the other reads have no use for.
 */
@Injectable()
export class AccessLogInterceptor implements NestInterceptor {
  constructor(
    @Inject(ACCESS_LOG) private readonly log: AccessLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<LoggedRequest>();
    // Every read the supervisory authority makes under an inquiry's scope is logged too, with what granted it.
    if (Reflect.getMetadata(ACCESS_LOGGED, context.getHandler()) !== true && !request.scopedGrant) return next.handle();
    const reply = http.getResponse<FastifyReply>();
    return next.handle().pipe(
      concatMap(async (answer: unknown) => {
        const entry: AccessEntry = {
          at: this.clock.now().toISOString(),
          actor: actorOf(request),
          method: request.method,
          route: request.routeOptions.url ?? request.url,
          url: request.url,
          status: reply.statusCode,
          ...(request.scopedGrant ? { detail: request.scopedGrant } : {}),
        };
        try {
          await this.log.record(entry);
        } catch (error) {
          // Whatever the store (a full disk, a lost connection): the read is refused, not served unlogged.
          throw new AccessLogUnavailableError(`cannot write to the access log: ${(error as Error).message}`, { cause: error });
        }
        return answer;
      }),
    );
  }
}

/**
 * Binds the interceptor as the route's outermost one, whatever the order of its decorators:
 * it logs the answer as the route's other interceptors (a view's export) leave it, and no read
 * they fail is logged as served.
 */
function logsFirst(): MethodDecorator {
  return (_target, _key, descriptor) => {
    const bound = (Reflect.getMetadata(INTERCEPTORS_METADATA, descriptor.value as object) as unknown[] | undefined) ?? [];
    Reflect.defineMetadata(INTERCEPTORS_METADATA, [AccessLogInterceptor, ...bound], descriptor.value as object);
    return descriptor;
  };
}

/** Marks an audit or export endpoint: every successful read of it is written to the access log (and so is every read under an inquiry's scope). */
export const AccessLogged = (): MethodDecorator => applyDecorators(SetMetadata(ACCESS_LOGGED, true), SetMetadata(SCOPED_READS_LOGGED, true), logsFirst());

/**
 * Marks a route the supervisory authority may read under an inquiry's scope (a permission with
 * `scopedFor`, auth/permissions.ts): each such read is written to the access log, with the
 * inquiry or breach that granted it. The auth guard refuses a scoped grant on a route without
 * it, so a route left unmarked fails closed rather than serving scoped reads unlogged.
 */
export const ScopedReadsLogged = (): MethodDecorator => applyDecorators(SetMetadata(SCOPED_READS_LOGGED, true), logsFirst());

/** Whether the route handler writes the reads made under an inquiry's scope to the access log. */
export function logsScopedReads(handler: object): boolean {
  return Reflect.getMetadata(SCOPED_READS_LOGGED, handler) === true;
}
