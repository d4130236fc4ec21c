import {
  Controller,
  Get,
  Inject,
  Injectable,
  Module,
  Query,
  SetMetadata,
  type CallHandler,
  type DynamicModule,
  type ExecutionContext,
  type NestInterceptor,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_INTERCEPTOR, Reflector } from '@nestjs/core';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { QueryInteger } from '../http/query-numbers.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { concatMap, type Observable } from 'rxjs';
import { actorOf } from '../auth/actor.js';
import type { ScopedGrant } from '../auth/auth.guard.js';
import type { Actor } from '../event-store/event-store.port.js';
import { CLOCK, type Clock } from '../shared/clock.js';
import type { AppConfig } from '../config/config.js';
import { openAccessLog } from '../engines.js';
import { ACCESS_LOG, AccessLogUnavailableError, type AccessEntry, type AccessLog } from './access-log.port.js';

const ACCESS_LOGGED = 'privacy-ledger:access-logged';

/** Marks an audit or export endpoint: every successful read of it is written to the access log. */
export const AccessLogged = () => SetMetadata(ACCESS_LOGGED, true);

@Injectable()
class AccessLogInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(ACCESS_LOG) private readonly log: AccessLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { actor?: Actor; scopedGrant?: ScopedGrant }>();
    // Every read the supervisory authority makes under an inquiry's scope is logged too, with what granted it.
    if (!this.reflector.get<boolean>(ACCESS_LOGGED, context.getHandler()) && !request.scopedGrant) return next.handle();
    const reply = http.getResponse<FastifyReply>();
    // Written before the answer leaves: a read that cannot be logged is not served.
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

class AccessLogQuery {
  @ApiPropertyOptional({ default: 1, maximum: 100_000 })
  @IsOptional()
  @QueryInteger(1, 100_000)
  page?: number;

  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @IsOptional()
  @QueryInteger(1, 1000)
  pageSize?: number;
}

@ApiTags('access log')
@Controller('access-log')
class AccessLogRoute {
  constructor(@Inject(ACCESS_LOG) private readonly log: AccessLog) {}

  @Get()
  @ApiOperation({ summary: 'Who read the audit and export endpoints, and when (newest first)' })
  @ApiOkResponse({ description: '{ items: [{ at, actor, method, route, url, status, detail? }], page, pageSize, total }' })
  async list(@Query() query: AccessLogQuery): Promise<{ items: AccessEntry[]; page: number; pageSize: number; total: number }> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 100;
    return { ...(await this.log.page((page - 1) * pageSize, pageSize)), page, pageSize };
  }
}

@Injectable()
class AccessLogShutdown implements OnApplicationShutdown {
  constructor(@Inject(ACCESS_LOG) private readonly log: AccessLog) {}
  async onApplicationShutdown(): Promise<void> {
    await this.log.close();
  }
}

@Module({})
export class AccessLogModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AccessLogModule,
      controllers: [AccessLogRoute],
      providers: [
        // The engine follows READ_STORE: one log for every instance with MongoDB.
        { provide: ACCESS_LOG, useFactory: () => openAccessLog(config) },
        { provide: APP_INTERCEPTOR, useClass: AccessLogInterceptor },
        AccessLogShutdown,
      ],
      exports: [ACCESS_LOG],
    };
  }
}
