import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { client } from '../support/breach-requests.js';
import { tempDir } from '../support/temp-dir.js';
import { describeWithContainers } from '../support/engines.js';
import { registrationBody } from '../support/breach-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface Started {
  stop(): Promise<unknown>;
}

/**
 * The service end to end on the production engines: EventStoreDB for events, MongoDB (a
 * one-node replica set) for read models, both started with testcontainers. A second
 * instance on the same engines, with a data folder of its own, stands for another host.
 */
describeWithContainers('the service on EventStoreDB and MongoDB', () => {
  const containers: Started[] = [];
  const secrets = tempDir();
  let test: TestApp;
  let other: TestApp;
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
    // The signing key is a secret outside either data folder, as in production.
    const signingKey = join(secrets.path, 'ledger-signing-key');
    writeFileSync(signingKey, generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    const env = {
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: `esdb://${eventstore.getHost()}:${eventstore.getMappedPort(2113)}?tls=false`,
      READ_STORE: 'mongodb',
      MONGODB_URI: `${mongodb.getConnectionString()}/?directConnection=true`,
      SIGNING_KEY_FILE: signingKey,
    };
    test = await startTestApp({ env });
    other = await startTestApp({ env });
  }, 180_000);
  afterAll(async () => {
    await other?.dispose();
    await test?.dispose();
    secrets.remove();
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

  it('shares API keys, the access log and idempotency with another instance on another data folder', async () => {
    // A key made on one instance authenticates on the other.
    expect((await client(other.app, test.keys.auditor).get('/audit/checkpoints')).status).toBe(200);
    // A read served by one instance shows in the access log the other serves.
    expect((await test.as('auditor').get('/audit/verification')).status).toBe(200);
    const log = await client(other.app, test.keys.dpo).get('/access-log?pageSize=1000');
    expect((log.body.items as { actor: { id: string }; route: string }[]).some((entry) => entry.actor.id === test.actors.auditor && entry.route === '/audit/verification')).toBe(true);
    // A retried command sent to the other host is recognised: the same fingerprint secret.
    const body = registrationBody();
    const key = randomUUID();
    const first = await test.as('privacy-officer').post('/breaches', body, { 'idempotency-key': key });
    const retried = await client(other.app, test.keys['privacy-officer']).post('/breaches', body, { 'idempotency-key': key });
    expect(retried.status).toBe(first.status);
    expect(retried.body.breachId).toBe(first.body.breachId);
  });
});
