import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeWithContainers } from '../support/engines.js';
import { registrationBody } from '../support/breach-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface Started {
  stop(): Promise<unknown>;
}

/**
 * The service end to end on the production engines: EventStoreDB for events, MongoDB (a
 * one-node replica set) for read models, both started with testcontainers.
 */
describeWithContainers('the service on EventStoreDB and MongoDB', () => {
  const containers: Started[] = [];
  let test: TestApp;
  beforeAll(async () => {
    const { GenericContainer, Wait } = await import('testcontainers');
    const { MongoDBContainer } = await import('@testcontainers/mongodb');
    const eventstore = await new GenericContainer('docker.kurrent.io/kurrent-latest/kurrentdb:25.0')
      .withEnvironment({ KURRENTDB_INSECURE: 'true', KURRENTDB_RUN_PROJECTIONS: 'None', KURRENTDB_MEM_DB: 'true' })
      .withExposedPorts(2113)
      .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
      .start();
    containers.push(eventstore);
    const mongodb = await new MongoDBContainer('mongo:8.0').start();
    containers.push(mongodb);
    test = await startTestApp({
      env: {
        EVENT_STORE: 'eventstoredb',
        EVENTSTORE_CONNECTION_STRING: `esdb://${eventstore.getHost()}:${eventstore.getMappedPort(2113)}?tls=false`,
        READ_STORE: 'mongodb',
        MONGODB_URI: `${mongodb.getConnectionString()}/?directConnection=true`,
      },
    });
  }, 180_000);
  afterAll(async () => {
    await test?.dispose();
    await Promise.all(containers.map((container) => container.stop()));
  });

  it('registers and reports a breach, reads its own write, replays and verifies the log', async () => {
    const officer = test.as('privacy-officer');
    const registered = await officer.post('/breaches', registrationBody());
    expect(registered.status).toBe(201);
    const breachId = registered.body.breachId as string;
    const reported = await officer.post(`/breaches/${breachId}/ap-reports`, { reportedAt: '2026-03-04T10:00:00Z', apReference: 'M-1', phase: 'preliminary' }, { 'if-match': '0' });
    expect(reported.status).toBe(201);
    const timeline = await officer.get(`/breaches/${breachId}?minPosition=${String(reported.body.position)}`);
    expect(timeline.body).toMatchObject({ breachId, reportingStatus: 'reported-on-time' });
    expect((await test.as('auditor').get(`/audit/streams/breach-${breachId}`)).body.events).toHaveLength(2);
    expect((await test.as('dpo').post('/audit/checkpoints', {})).status).toBe(201);
    expect((await test.as('auditor').get('/audit/verification')).body).toMatchObject({ ok: true });
    expect((await test.app.inject({ method: 'GET', url: '/health' })).json()).toMatchObject({ checks: { eventStore: { engine: 'eventstoredb' }, readStore: { engine: 'mongodb' } } });
  });
});
