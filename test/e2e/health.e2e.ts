import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { DOCUMENT_STORE, type DocumentStore } from '../../src/read-store/document-store.port.js';
import { PROJECTION_DEFINITIONS } from '../../src/read-store/read-store.module.js';
import { freshStreamId, newEvent, numbered } from '../support/events.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('the service on the embedded default', () => {
  let test: TestApp;
  beforeEach(async () => {
    test = await startTestApp();
  });
  afterEach(async () => {
    await test.dispose();
  });

  const get = (url: string) => test.app.inject({ method: 'GET', url });

  it('starts from an empty data folder and creates its event store there', async () => {
    expect(existsSync(join(test.dataDir, 'events.sqlite'))).toBe(true);
  });

  it('answers liveness', async () => {
    const response = await get('/health/live');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('reports readiness with the event store and its head position', async () => {
    const store = test.app.get<EventStore>(EVENT_STORE);
    const { position } = await store.append(freshStreamId(), numbered(2), { expectedRevision: 'no_stream' });
    for (const url of ['/health', '/health/ready']) {
      const response = await get(url);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        status: 'ok',
        checks: {
          eventStore: { status: 'up', engine: 'sqlite', headPosition: position.toString() },
          readStore: { status: 'up', engine: 'sqlite', projections: Object.fromEntries(PROJECTION_DEFINITIONS.map(({ name }) => [name, { state: 'running', position: expect.any(String), holder: expect.any(String) }])) },
          personalDataKeys: { status: 'up' },
          signingKey: { status: 'up' },
          dataFiles: { status: 'up' },
          storage: { status: 'up' },
        },
      });
    }
  });

  it('reports not ready, with the reason, when the event store is down', async () => {
    await test.app.get<EventStore>(EVENT_STORE).close();
    const response = await get('/health');
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'unavailable', checks: { eventStore: { status: 'down', error: expect.stringContaining('closed') } } });
  });

  it('reports not ready when the read store is down', async () => {
    await test.app.get<DocumentStore>(DOCUMENT_STORE).close();
    const response = await get('/health/ready');
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'unavailable', checks: { eventStore: { status: 'up' }, readStore: { status: 'down' } } });
  });

  it('finishes in-flight appends on shutdown and closes the file', async () => {
    const store = test.app.get<EventStore>(EVENT_STORE);
    const streamId = freshStreamId();
    const inFlight = Array.from({ length: 100 }, (_, n) => store.append(streamId, [newEvent('X', { n })], { expectedRevision: 'any' }));
    await test.app.close();
    await Promise.all(inFlight);
    // The file was closed cleanly: the write-ahead log was checkpointed and removed.
    expect(existsSync(join(test.dataDir, 'events.sqlite-wal'))).toBe(false);
    const reopened = new SqliteEventStore({ file: join(test.dataDir, 'events.sqlite') });
    try {
      expect(await reopened.readStream(streamId)).toHaveLength(100);
    } finally {
      await reopened.close();
    }
  });

  it('answers 404 for a route that does not exist', async () => {
    expect((await get('/nothing-here')).statusCode).toBe(404);
  });
});
