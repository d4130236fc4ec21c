import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problem as problemOf } from './problem-details.js';
import { toProblem, type MappedError } from './to-problem.js';

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
  const { problem, internal, retryAfter } = withBodyLimit(toProblem(error), request);
  if (internal) logger.error(error instanceof Error ? error : String(error), error instanceof Error ? error.stack : undefined);
  // 503 means "not now": a projection catching up, a store restarting.
  if (problem.status === 503) void reply.header('retry-after', String(retryAfter ?? 1));
  if (problem.status === 401) void reply.header('www-authenticate', 'Bearer realm="privacy-ledger"');
  void reply
    .status(problem.status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send({ ...problem, instance: request.url });
}

/** A body over the limit is told the limit that applies to its route (the imports take more than the commands). */
function withBodyLimit(mapped: MappedError, request: FastifyRequest): MappedError {
  const limitBytes = request.routeOptions?.bodyLimit;
  if (mapped.problem.code !== 'payload-too-large' || limitBytes === undefined) return mapped;
  return { ...mapped, problem: problemOf(413, 'payload-too-large', `the body is larger than ${limitBytes} bytes, the limit of ${request.method} ${request.routeOptions.url ?? request.url}`, { limitBytes }) };
}
