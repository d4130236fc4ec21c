/**
 * The command scenario of the HTTP workload: register a breach, then report that breach to
 * the AP, over and over on every connection. The domain asks nothing in between
 * (report-breach-to-ap.decide.ts refuses only a breach assessed as not reportable), so the
 * pair is the shortest path from a new breach to its filing.
 */
import type autocannon from 'autocannon';
import { performance } from 'node:perf_hooks';
import { registrationBody } from '../../test/support/breach-requests.js';
import { fire, type CannonRun } from './cannon.js';

/** One of the pair's two requests: the time of each answer, and how many were not 201. */
export interface Side {
  readonly times: number[];
  errors: number;
}

export interface PairFigures {
  readonly run: CannonRun;
  /** From sending the registration to the report's 201, per completed pair. */
  readonly pairTimes: number[];
  readonly register: Side;
  readonly report: Side;
}

/** autocannon's per-connection context: it starts empty for every pair. */
interface PairContext {
  breachId?: string;
  startedAt?: number;
}

type Kind = 'register' | 'report';

/**
 * Both requests carry an Idempotency-Key, the report `If-Match: "0"` (the registration's
 * revision), as a careful client sends them. When a registration fails, autocannon starts
 * the next pair instead of reporting (its setupRequest returns nothing).
 */
export async function registerAndReport(options: { url: string; headers: Record<string, string>; connections: number; seconds: number; label: string }): Promise<PairFigures> {
  const now = Date.now();
  const awareAt = new Date(now - 2 * 3_600_000).toISOString();
  const reportedAt = new Date(now - 3_600_000).toISOString();
  const registration = JSON.stringify(registrationBody({ awareAt, occurredFrom: awareAt, occurredTo: awareAt }));
  let sent = 0;
  const key = () => `bench-${options.label}-${now}-${(sent += 1)}`;
  // A request's onResponse and autocannon's response event fire one right after the other for
  // the same answer (lib/httpClient.js), so the event knows which request its time belongs to.
  let answered: { kind: Kind; ok: boolean; context: PairContext } | undefined;
  const answer = (kind: Kind, status: number, context: PairContext) => {
    answered = { kind, ok: status === 201, context };
  };
  const requests: autocannon.Request[] = [
    {
      method: 'POST',
      path: '/breaches',
      body: registration,
      setupRequest: (request) => ({ ...request, headers: { ...request.headers, 'idempotency-key': key() } }),
      onResponse: (status, body, context: PairContext) => {
        if (status === 201) context.breachId = (JSON.parse(body) as { breachId: string }).breachId;
        answer('register', status, context);
      },
    },
    {
      method: 'POST',
      setupRequest: (request, context: PairContext) =>
        (context.breachId
          ? {
              ...request,
              path: `/breaches/${context.breachId}/ap-reports`,
              headers: { ...request.headers, 'idempotency-key': key(), 'if-match': '"0"' },
              body: JSON.stringify({ reportedAt, apReference: `M-BENCH-${sent}`, phase: 'preliminary' }),
            }
          : undefined) as autocannon.Request,
      onResponse: (status, _body, context: PairContext) => answer('report', status, context),
    },
  ];
  const sides: Record<Kind, Side> = { register: { times: [], errors: 0 }, report: { times: [], errors: 0 } };
  const pairTimes: number[] = [];
  const run = await fire({
    url: options.url,
    connections: options.connections,
    seconds: options.seconds,
    headers: { ...options.headers, 'content-type': 'application/json' },
    requests,
    onTimed: (_status, ms) => {
      const last = answered;
      answered = undefined;
      if (last === undefined) return;
      sides[last.kind].times.push(ms);
      if (!last.ok) sides[last.kind].errors += 1;
      if (last.kind === 'register') last.context.startedAt = performance.now() - ms;
      else if (last.ok && last.context.startedAt !== undefined) pairTimes.push(performance.now() - last.context.startedAt);
    },
  });
  return { run, pairTimes, ...sides };
}
