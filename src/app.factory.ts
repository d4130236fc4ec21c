import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/config.js';
import { PinoNestLogger } from './logging/logger.js';
import type { Clock } from './shared/clock.js';

/** The application, as `npm start` and the e2e tests build it. */
export async function createApp(config: AppConfig, logger: Logger, clock?: Clock): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    requestIdHeader: 'x-request-id',
    // Let in-flight requests finish on close; idle keep-alive connections are closed.
    forceCloseConnections: 'idle',
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, clock), adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  return app;
}
