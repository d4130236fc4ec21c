import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger as Pino } from 'pino';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/config.js';
import { setUpOpenApi } from './http/openapi.js';
import { ProblemDetailsFilter, sendProblem } from './http/problem-details.filter.js';
import { RequestValidationPipe } from './http/validation.js';
import { PinoNestLogger } from './logging/logger.js';
import type { Clock } from './shared/clock.js';

/** The application, as `npm start` and the e2e tests build it. */
export async function createApp(config: AppConfig, logger: Pino, clock?: Clock): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    requestIdHeader: 'x-request-id',
    bodyLimit: config.http.bodyLimitBytes,
    // Let in-flight requests finish on close; idle keep-alive connections are closed.
    forceCloseConnections: 'idle',
    // Errors the router raises before any route (a malformed URL, a path segment over
    // the length limit) are problem+json too.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => sendProblem(error, request, reply, new Logger('HTTP')),
  });
  const fastify = adapter.getInstance();
  // Commands are JSON only: without Fastify's built-in text/plain parser (and without
  // Nest's form parser, below), any other media type is refused with 415 before a route runs.
  fastify.removeContentTypeParser('text/plain');

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
  setUpOpenApi(app);
  return app;
}
