import type { FastifyInstance } from 'fastify';
import type { Readable } from 'node:stream';
import type { ProblemDetails } from '../http/problem-details.js';
import type { PageAnswer, PageContext } from './page-context.js';
import { parseProblem } from './page-api.js';

/** A large file of the API (the export of the log, an inquiry's answer bundle) as it streams. */
export interface ApiStream {
  readonly status: number;
  readonly contentType: string;
  readonly contentDisposition?: string;
  readonly body: Readable;
}

/** The most of a refusal's body read to word it (problem+json is small; anything longer is cut). */
const PROBLEM_MAX_BYTES = 64 * 1024;

/**
 * A GET of the service's own API, in-process and in the signed-in person's name like every call
 * of a page (the same route, permission check, scope check and access log entry), whose body is
 * handed on as a stream rather than collected: `PageApi.file` holds the whole answer in memory,
 * which for the export of a long log is gigabytes. The API's writes wait while the browser has
 * not taken what was written (the injected response's stream is read on demand, and the route's
 * stream waits for it to drain), so the service holds about one chunk per download; and when the
 * browser goes away, the API's response is closed, which ends the route's stream (the log is no
 * longer read).
 */
export async function streamFromApi(context: Pick<PageContext, 'request' | 'session'>, url: string, accept: string): Promise<ApiStream | { readonly problem: ProblemDetails }> {
  return streamInjected(context.request.server, { authorization: `Bearer ${context.session.credential}`, 'x-correlation-id': context.request.id, accept }, url);
}

/** `streamFromApi` on any Fastify instance, with the request's headers given. */
export async function streamInjected(server: Pick<FastifyInstance, 'inject'>, headers: Readonly<Record<string, string>>, url: string): Promise<ApiStream | { readonly problem: ProblemDetails }> {
  const response = await server.inject({ method: 'GET', url, headers: { ...headers }, payloadAsStream: true });
  const body = response.stream();
  if (response.statusCode >= 400) return { problem: parseProblem(response.statusCode, await textOf(body)) };
  const inner = response.raw.res;
  // The browser went away (or the download was cancelled): close the API's response too.
  body.once('close', () => {
    if (!body.readableEnded && !inner.destroyed) inner.destroy();
  });
  const disposition = response.headers['content-disposition'];
  return {
    status: response.statusCode,
    contentType: String(response.headers['content-type'] ?? 'application/octet-stream'),
    ...(typeof disposition === 'string' ? { contentDisposition: disposition } : {}),
    body,
  };
}

/**
 * A page's answer that passes the stream to the browser with the API's type and disposition.
 * The web app sends a file's body with `reply.send`, which pipes a stream as it comes; the
 * answer's type names a Buffer, hence the one conversion here.
 */
export function streamedFile(stream: ApiStream): PageAnswer {
  return { file: { contentType: stream.contentType, ...(stream.contentDisposition ? { contentDisposition: stream.contentDisposition } : {}), body: stream.body } };
}

async function textOf(body: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    chunks.push(buffer);
    length += buffer.length;
    if (length >= PROBLEM_MAX_BYTES) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, PROBLEM_MAX_BYTES).toString('utf8');
}
