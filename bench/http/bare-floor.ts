/**
 * The floor under the register + report pair on this machine: `npm run build && node
 * dist-bench/bench/http/bare-floor.js [requests]`. A bare Fastify route (the same Fastify as the
 * service, its JSON body parser, no Nest, no validation, no auth) answering 201 with a small
 * JSON body, measured the way inject-pairs.ts measures the service (Fastify's inject, 16 at a
 * time, 400 not counted, the process's CPU over all threads per request and the event loop's
 * busy time per request), three ways:
 *
 *   - `route`: the route alone, storing nothing;
 *   - `append`: the route appending one event of the registration's size to the SQLite event
 *     store (its writer thread, its durability), a new stream per request;
 *   - `read+append`: the same, reading the stream first as every command does.
 *
 * A pair is two requests: twice these figures is what the framework and one durable append
 * each cost before anything the service does for the domain. src/http/README.md quotes them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import type { JsonObject } from '../../src/shared/json.js';
import { registrationBody } from '../../test/support/breach-requests.js';
import { measured } from './inject-loop.js';


type Variant = 'route' | 'append' | 'read+append';

async function measure(variant: Variant, requests: number): Promise<Record<string, number | string>> {
  const dir = mkdtempSync(join(tmpdir(), 'privacy-ledger-bare-floor-'));
  const store = new SqliteEventStore({ file: join(dir, 'events.sqlite') });
  const app = Fastify({ logger: false });
  app.post('/breaches', async (request, reply) => {
    const body = request.body as Record<string, unknown>;
    const breachId = randomUUID();
    if (variant === 'route') return reply.code(201).send({ breachId, revision: 0 });
    const streamId = `breach-${breachId}`;
    if (variant === 'read+append') await store.readStreamIfExists(streamId);
    const commandId = randomUUID();
    const metadata = { actor: { id: 'bare-floor', role: 'privacy-officer' }, commandId, correlationId: String(request.id), causationId: commandId };
    const result = await store.append(streamId, [{ type: 'BreachDetected', data: body as JsonObject, metadata }], { expectedRevision: 'no_stream' });
    return reply.code(201).send({ breachId, revision: result.nextExpectedRevision, position: String(result.position) });
  });
  await app.ready();
  const payload = JSON.stringify(registrationBody());
  const send = async (): Promise<void> => {
    const response = await app.inject({ method: 'POST', url: '/breaches', headers: { 'content-type': 'application/json' }, payload });
    if (response.statusCode !== 201) throw new Error(`answered ${response.statusCode}: ${response.body}`);
  };
  try {
    const { cpuMs, busyMs, seconds } = await measured(requests, send);
    return {
      variant,
      requests,
      cpuMsPerRequest: Number((cpuMs / requests).toFixed(3)),
      eventLoopBusyMsPerRequest: Number((busyMs / requests).toFixed(3)),
      requestsPerSecond: Math.round(requests / seconds),
    };
  } finally {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const requests = Number(process.argv[2] ?? 4000);
if (!Number.isSafeInteger(requests) || requests < 1) throw new RangeError(`requests must be a whole number of at least 1, not ${process.argv[2]}`);
for (const variant of ['route', 'append', 'read+append'] as const) console.log(JSON.stringify(await measure(variant, requests)));
