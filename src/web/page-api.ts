import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ProblemDetails } from '../http/problem-details.js';
import type { WebSession } from './web-sessions.js';

/** An answer of the API as a page sees it: the parsed body, or the problem it refused with. */
export type ApiAnswer<T> = { readonly ok: true; readonly status: number; readonly body: T; readonly headers: Readonly<Record<string, string | string[] | number | undefined>> } | { readonly ok: false; readonly status: number; readonly problem: ProblemDetails };

/** A file the API made (CSV, XLSX, PDF, a bundle): passed to the browser as it came. */
export interface ApiFile {
  readonly status: number;
  readonly contentType: string;
  readonly contentDisposition?: string;
  readonly body: Buffer;
}

/**
 * The pages' only way to the data: the service's own HTTP API, called in-process
 * (Fastify's inject) with the signed-in person's credential. Every read and every command
 * of a page therefore runs the same route, validation, permission check, scope check,
 * access log entry and use case as an API client's — there is no second implementation.
 */
export class PageApi {
  constructor(
    private readonly fastify: FastifyInstance,
    private readonly session: WebSession,
    /** The page request's id: the API calls it makes carry it as their correlation id. */
    private readonly correlationId: string,
  ) {}

  get<T>(url: string): Promise<ApiAnswer<T>> {
    return this.call<T>('GET', url);
  }

  /**
   * A view (a route that takes `minPosition`): read at least up to this person's last accepted
   * command, so a page shown after a form shows what the form did (read your writes).
   */
  view<T>(url: string): Promise<ApiAnswer<T>> {
    const position = this.session.lastPosition;
    if (position === undefined || /[?&](minPosition|asOf)=/.test(url)) return this.get<T>(url);
    return this.get<T>(`${url}${url.includes('?') ? '&' : '?'}minPosition=${position}`);
  }

  /** A command. The idempotency key comes from the form (one per rendered form), so a double submit is one command. */
  post<T>(url: string, body: unknown, idempotencyKey: string = randomUUID()): Promise<ApiAnswer<T>> {
    return this.call<T>('POST', url, body, { 'idempotency-key': idempotencyKey });
  }

  async file(url: string, accept: string): Promise<ApiFile | { readonly problem: ProblemDetails }> {
    const response = await this.fastify.inject({ method: 'GET', url, headers: { ...this.headers(), accept } });
    if (response.statusCode === 401) this.session.refused = true;
    if (response.statusCode >= 400) return { problem: parseProblem(response.statusCode, response.body) };
    const disposition = response.headers['content-disposition'];
    return {
      status: response.statusCode,
      contentType: String(response.headers['content-type'] ?? 'application/octet-stream'),
      contentDisposition: typeof disposition === 'string' ? disposition : undefined,
      body: response.rawPayload,
    };
  }

  private headers(): Record<string, string> {
    return { authorization: `Bearer ${this.session.credential}`, 'x-correlation-id': this.correlationId };
  }

  private async call<T>(method: 'GET' | 'POST', url: string, body?: unknown, extra: Record<string, string> = {}): Promise<ApiAnswer<T>> {
    const response = await this.fastify.inject({
      method,
      url,
      headers: { ...this.headers(), accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...extra },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    if (response.statusCode === 401) this.session.refused = true;
    if (response.statusCode >= 400) return { ok: false, status: response.statusCode, problem: parseProblem(response.statusCode, response.body) };
    const parsed = (response.body === '' ? undefined : JSON.parse(response.body)) as T;
    const position = (parsed as { position?: unknown } | undefined)?.position;
    if (method === 'POST' && typeof position === 'string' && /^\d{1,19}$/.test(position)) {
      const at = BigInt(position);
      if (this.session.lastPosition === undefined || at > this.session.lastPosition) this.session.lastPosition = at;
    }
    return { ok: true, status: response.statusCode, body: parsed, headers: response.headers };
  }
}

/** An API refusal's body as problem details; a body that is not one is described by its status. */
export function parseProblem(status: number, text: string): ProblemDetails {
  try {
    const parsed = JSON.parse(text) as ProblemDetails;
    if (typeof parsed.code === 'string') return parsed;
  } catch {
    // not problem+json: described below
  }
  return { type: 'about:blank', title: 'Error', status, detail: text.slice(0, 500), code: `http-${status}` };
}
