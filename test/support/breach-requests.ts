import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { REGISTER_BREACH_EXAMPLE } from '../../src/breaches/breach-examples.js';

/** A registration body as an intake form would send it: the documented example (src/breaches/breach-examples.ts). */
export function registrationBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...REGISTER_BREACH_EXAMPLE, ...overrides };
}

export interface Sent {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Record<string, unknown>;
}

/** An HTTP client of the app, sending `Authorization: Bearer <key>` when given a key. */
export function client(app: NestFastifyApplication, key?: string) {
  const auth: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  const send = async (method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Sent> => {
    const response = await app.inject({
      method,
      url,
      headers: body === undefined ? { ...auth, ...headers } : { 'content-type': 'application/json', ...auth, ...headers },
      ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = response.body;
    return { status: response.statusCode, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: response.headers };
  };
  return {
    send,
    post: (url: string, body: unknown, headers?: Record<string, string>) => send('POST', url, body, headers),
    get: (url: string) => send('GET', url),
    /** Registers a breach and returns its id. */
    async register(overrides: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<string> {
      const response = await send('POST', '/breaches', registrationBody(overrides), headers);
      if (response.status !== 201) throw new Error(`registration failed: ${JSON.stringify(response.body)}`);
      return response.body.breachId as string;
    },
    /** Assesses a registered breach as not reportable and closes it (erasure follows closure); returns the closure's position. */
    async closeAsNotReportable(breachId: string): Promise<string> {
      const at = new Date().toISOString();
      const assessment = { assessedAt: at, risk: 'none', severity: 'verwaarloosbaar', reportable: false, notifyDataSubjects: false, rationale: 'Only returned unopened.' };
      const assessed = await send('POST', `/breaches/${breachId}/assessments`, assessment);
      if (assessed.status !== 201) throw new Error(`assessment failed: ${JSON.stringify(assessed.body)}`);
      const closed = await send('POST', `/breaches/${breachId}/closure`, { closedAt: at, summary: 'Handled.' });
      if (closed.status !== 201) throw new Error(`closure failed: ${JSON.stringify(closed.body)}`);
      return closed.body.position as string;
    },
  };
}
