import { Controller, Get, Inject, Injectable, Module, Query, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { QueryInteger } from '../http/query-numbers.js';
import type { AppConfig } from '../config/config.js';
import { openAccessLog } from '../engines.js';
import { ACCESS_LOG, type AccessEntry, type AccessLog } from './access-log.port.js';

export { AccessLogged, ScopedReadsLogged } from './access-logged.js';

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
      // The routes that log (AccessLogged, ScopedReadsLogged) are in every slice: each binds the interceptor, which needs the log.
      global: true,
      controllers: [AccessLogRoute],
      providers: [
        // The engine follows READ_STORE: one log for every instance with MongoDB.
        { provide: ACCESS_LOG, useFactory: () => openAccessLog(config) },
        AccessLogShutdown,
      ],
      exports: [ACCESS_LOG],
    };
  }
}
