import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal.js';

/**
 * One line in the service log per request, when its answer has been sent, instead of
 * Fastify's two (`incoming request` and `request completed`): the line carries what both
 * did — the request id (`reqId`), `req` (method, url, host, remote address and port), `res`
 * (status code), `responseTime` in ms — and the credential that was checked (`credential`:
 * `api-key:<keyId>` or `jwt:<issuer>#<sub>`, the actor id events record), absent for a
 * request refused before or without authentication. An answer that failed while being sent
 * is logged at error level with the error, as Fastify does (`request errored`). A request
 * that never gets an answer (the client went away) leaves no line: the server timeouts and
 * Fastify's own error lines cover those.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    const principal = (request as FastifyRequest & { principal?: Principal }).principal;
    const line = { req: request, res: reply, responseTime: reply.elapsedTime, ...(principal ? { credential: principal.id } : {}) };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}
