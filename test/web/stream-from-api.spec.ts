import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Fastify, { type FastifyInstance } from 'fastify';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { FixedClock } from '../../src/shared/clock.js';
import { streamInjected, type ApiStream } from '../../src/web/stream-from-api.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const CHUNK = 64 * 1024;

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function streamed(outcome: Awaited<ReturnType<typeof streamInjected>>): ApiStream {
  if ('problem' in outcome) throw new Error(`refused: ${JSON.stringify(outcome.problem)}`);
  return outcome;
}

describe('streamInjected: a large answer of the API passed on as it comes', () => {
  let server: FastifyInstance;
  let produced = 0;
  let ended = false;

  beforeAll(async () => {
    server = Fastify();
    // An endless file, as a very long export would be: one 64 KiB chunk each time the reader asks.
    server.get('/endless', async (_request, reply) => {
      produced = 0;
      ended = false;
      async function* chunks(): AsyncGenerator<Buffer> {
        try {
          for (;;) {
            produced += 1;
            yield Buffer.alloc(CHUNK, 0x61);
          }
        } finally {
          ended = true;
        }
      }
      void reply.type('application/x-ndjson').header('content-disposition', 'attachment; filename="endless.ndjson"');
      return Readable.from(chunks());
    });
    server.get('/refused', async (_request, reply) => reply.code(403).type('application/problem+json').send({ type: 'urn:x', title: 'Forbidden', status: 403, detail: 'no', code: 'forbidden' }));
    await server.ready();
  });
  afterAll(async () => {
    await server.close();
  });

  it('does not run ahead of a slow reader, and stops the route when the reader goes away', async () => {
    const stream = streamed(await streamInjected(server, {}, '/endless'));
    expect(stream).toMatchObject({ status: 200, contentType: 'application/x-ndjson', contentDisposition: 'attachment; filename="endless.ndjson"' });
    let taken = 0;
    for await (const chunk of stream.body) {
      taken += (chunk as Buffer).length;
      if (taken >= 50 * CHUNK) break; // breaking destroys the stream, as a closed browser connection does
      await sleep(1);
    }
    // Bounded by the streams' buffers (a few chunks), not by how much the route could make.
    expect(produced * CHUNK - taken).toBeLessThan(16 * CHUNK);
    for (let i = 0; i < 50 && !ended; i += 1) await sleep(10);
    expect(ended).toBe(true);
    const stopped = produced;
    await sleep(50);
    expect(produced).toBe(stopped);
  });

  it('words a refusal as problem details', async () => {
    const outcome = await streamInjected(server, {}, '/refused');
    expect(outcome).toEqual({ problem: expect.objectContaining({ status: 403, code: 'forbidden' }) });
  });
});

describe('streamInjected over the service: the export of the log, byte for byte', () => {
  let test: TestApp;

  beforeAll(async () => {
    // A clock that stands still: the export's header (exportedAt, its fresh checkpoint) is then the same each time.
    test = await startTestApp({ clock: new FixedClock('2026-06-01T10:00:00Z') });
    for (let i = 0; i < 5; i += 1) await test.as('privacy-officer').register({ title: `Breach ${i}` });
    expect((await test.as('dpo').post('/audit/checkpoints', {})).status).toBe(201);
  });
  afterAll(async () => {
    await test.dispose();
  });

  it('passes on exactly the bytes of GET /audit/export, with its type and disposition', async () => {
    const auth = { authorization: `Bearer ${test.keys.auditor}` };
    const direct = await test.app.inject({ method: 'GET', url: '/audit/export', headers: auth });
    expect(direct.statusCode).toBe(200);
    const server = test.app.getHttpAdapter().getInstance() as FastifyInstance;
    const stream = streamed(await streamInjected(server, { ...auth, accept: 'application/x-ndjson' }, '/audit/export'));
    expect(stream.contentType).toBe(direct.headers['content-type']);
    expect(stream.contentDisposition).toBe(direct.headers['content-disposition']);
    const bytes = await bytesOf(stream.body);
    expect(bytes.length).toBeGreaterThan(1000);
    expect(bytes.equals(direct.rawPayload)).toBe(true);
  });

  it('is refused what the role may not read', async () => {
    const server = test.app.getHttpAdapter().getInstance() as FastifyInstance;
    const outcome = await streamInjected(server, { authorization: `Bearer ${test.keys['privacy-officer']}` }, '/audit/export');
    expect(outcome).toEqual({ problem: expect.objectContaining({ status: 403 }) });
  });
});
