import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE } from './problem-details.js';
import { toProblem } from './to-problem.js';

/** The one place errors become HTTP responses: RFC 9457 problem+json. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(error, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), this.logger);
  }
}

export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply, logger: Pick<Logger, 'error'>): void {
  const { problem, internal, retryAfter } = toProblem(error);
  if (internal) logger.error(error instanceof Error ? error : String(error), error instanceof Error ? error.stack : undefined);
  // 503 means "not now": a projection catching up, a store restarting.
  if (problem.status === 503) void reply.header('retry-after', String(retryAfter ?? 1));
  if (problem.status === 401) void reply.header('www-authenticate', 'Bearer realm="privacy-ledger"');
  void reply
    .status(problem.status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send({ ...problem, instance: request.url });
}
