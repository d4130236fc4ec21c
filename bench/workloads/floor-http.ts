/**
 * Floor of the HTTP goal: a bare Fastify server (its own process, as the service is) with one
 * route that takes the registration's JSON body through the service's own JSON body parser
 * (src/http/json-body.ts: depth and prototype keys checked) and answers 201 with a small JSON
 * body, under the same autocannon load as the HTTP workload (16 connections, closed loop, on
 * this machine beside the server). No validation, authentication, idempotency, event store or
 * projection: what the machine and the HTTP stack cost per request, whatever the service does.
 * `node dist-bench/bench/workloads/floor-http.js --serve` is the server.
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import { useJsonBodies } from '../../src/http/json-body.js';
import { registrationBody } from '../../test/support/breach-requests.js';
import { fire, type CannonRun } from '../http/cannon.js';

/** The HTTP workload's: 16 connections. */
export const CONNECTIONS = 16;
/** The service's defaults (HTTP_BODY_LIMIT_BYTES, JSON_MAX_DEPTH). */
const BODY_LIMIT = 1_048_576;
const MAX_DEPTH = 32;

/** The bare server on a free port; resolves with its URL and a stop. */
async function startServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve(message.port));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the bare Fastify server exited (${String(code)}) before listening`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { url: `http://127.0.0.1:${String(port)}`, stop: async () => (child.kill('SIGTERM'), exited) };
}

/** The registration's body (as the HTTP workload sends it) posted for `seconds` after a warm-up. */
export async function bareFastify(seconds: number, warmUpSeconds: number): Promise<CannonRun> {
  const server = await startServer();
  try {
    const awareAt = new Date().toISOString();
    const body = JSON.stringify(registrationBody({ awareAt, occurredFrom: awareAt, occurredTo: awareAt }));
    const options = { url: server.url, connections: CONNECTIONS, headers: { 'content-type': 'application/json' }, requests: [{ method: 'POST' as const, path: '/breaches', body }] };
    await fire({ ...options, seconds: warmUpSeconds });
    return await fire({ ...options, seconds });
  } finally {
    await server.stop();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv.includes('--serve')) {
  const app = Fastify({ bodyLimit: BODY_LIMIT });
  useJsonBodies(app, { maxDepth: MAX_DEPTH, bodyLimit: BODY_LIMIT });
  app.post('/breaches', async (request, reply) => {
    const title = (request.body as { title?: unknown }).title;
    if (typeof title !== 'string') return reply.code(400).send({ code: 'bad-body' });
    return reply.code(201).send({ breachId: randomUUID(), revision: 0 });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  process.send?.({ port: typeof address === 'object' && address !== null ? address.port : 0 });
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}
