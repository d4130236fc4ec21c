import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { clusterSetupFor, setUpCluster, whenClusterAnswers } from '../../src/event-store/eventstoredb/cluster-setup.js';
import { connectEventStore } from '../../src/event-store/eventstoredb/connection-string.js';
import { registrationBody } from '../support/breach-requests.js';
import { describeWithContainers } from '../support/engines.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { tempDir } from '../support/temp-dir.js';

/*
 * The production shape, as docker/compose.prod.yml describes it, started with testcontainers:
 * a secure three-node KurrentDB 25.0 cluster (TLS, no anonymous access, nodes advertising
 * their names), a three-member MongoDB replica set with a key file, TLS and users, the
 * clusters prepared by the same code and script as in production (init-kurrentdb's setup,
 * docker/mongo/mongo-init.js), and two service instances signed in as the service user.
 * The nodes and members run with the compose file's own settings (read from it), so the
 * two cannot drift apart. Certificates come from KurrentDB's es-gencert-cli, in a container.
 *
 * The test process is outside the containers' network: the nodes advertise `localhost` and
 * a published port to clients (their names to each other), and MongoDB is reached directly
 * on the primary; the certificates carry `localhost` beside each node's name for that.
 */
const dockerDir = fileURLToPath(new URL('../../docker/', import.meta.url));
const GENCERT = 'docker.kurrent.io/eventstore-utils/es-gencert-cli:latest';
const nodes = ['node1', 'node2', 'node3'] as const;
const members = ['mongo1', 'mongo2', 'mongo3'] as const;

interface Started {
  stop(): Promise<unknown>;
  getMappedPort(port: number): number;
  exec(command: string[]): Promise<{ exitCode: number; output: string }>;
}

interface ComposeService {
  image: string;
  environment: Record<string, string>;
  entrypoint?: string[];
  command?: string[];
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describeWithContainers('the service on a secure KurrentDB 25.0 cluster and a MongoDB replica set with auth and TLS', () => {
  const started: Started[] = [];
  let stopNetwork: (() => Promise<unknown>) | undefined;
  const work = tempDir();
  const certs = join(work.path, 'certs');
  const secrets = join(work.path, 'secrets');
  let instanceA: TestApp;
  let instanceB: TestApp;
  let connectionString = '';
  const secret = (name: string, value: string) => {
    writeFileSync(join(secrets, name), value, { mode: 0o644 });
    return join(secrets, name);
  };

  beforeAll(async () => {
    const { GenericContainer, Network, Wait } = await import('testcontainers');
    const compose = parse(readFileSync(join(dockerDir, 'compose.prod.yml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
    mkdirSync(certs, { recursive: true });
    mkdirSync(secrets, { recursive: true });

    const gencert = async (...args: string[]) => {
      const container = new GenericContainer(GENCERT)
        .withBindMounts([{ source: certs, target: '/certs' }])
        .withUser(`${process.getuid?.() ?? 0}:${process.getgid?.() ?? 0}`)
        .withCommand(args)
        .withWaitStrategy(Wait.forOneShotStartup());
      await (await container.start()).stop();
    };
    await gencert('create-ca', '-out', '/certs/ca');
    for (const name of [...nodes, ...members]) {
      await gencert('create-node', '-ca-certificate', '/certs/ca/ca.crt', '-ca-key', '/certs/ca/ca.key', '-out', `/certs/${name}`, '-dns-names', `${name},localhost`, '-ip-addresses', '127.0.0.1');
    }
    for (const member of members) {
      writeFileSync(join(certs, member, 'mongo.pem'), readFileSync(join(certs, member, 'node.crt'), 'utf8') + readFileSync(join(certs, member, 'node.key'), 'utf8'));
    }
    const ca = join(certs, 'ca', 'ca.crt');

    const passwords = {
      admin: secret('kurrentdb-admin-password', randomBytes(18).toString('base64url')),
      eventstore: secret('eventstore-password', randomBytes(18).toString('base64url')),
      mongoRoot: secret('mongodb-root-password', randomBytes(18).toString('base64url')),
      mongo: secret('mongodb-password', randomBytes(18).toString('base64url')),
      keyfile: secret('mongodb-keyfile', randomBytes(600).toString('base64')),
    };
    const signingKey = join(secrets, 'ledger-signing-key.pem');
    writeFileSync(signingKey, generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });

    const network = await new Network().start();
    stopNetwork = () => network.stop();

    // KurrentDB: the compose file's settings; to clients it advertises localhost and the published port.
    const ports = await Promise.all(nodes.map(() => freePort()));
    const kurrent = await Promise.all(
      nodes.map((node, index) => {
        const service = compose.services[node]!;
        return new GenericContainer(service.image)
          .withNetwork(network)
          .withNetworkAliases(node)
          .withEnvironment({ ...service.environment, KURRENTDB_MEM_DB: 'true', KURRENTDB_ADVERTISE_HOST_TO_CLIENT_AS: 'localhost', KURRENTDB_ADVERTISE_NODE_PORT_TO_CLIENT_AS: String(ports[index]) })
          .withBindMounts([{ source: certs, target: '/certs', mode: 'ro' }])
          .withExposedPorts({ container: 2113, host: ports[index]! })
          .withWaitStrategy(Wait.forListeningPorts())
          .withStartupTimeout(180_000)
          .start();
      }),
    );
    started.push(...(kurrent as unknown as Started[]));
    connectionString = `esdb://${ports.map((port) => `localhost:${port}`).join(',')}?tls=true&tlsCAFile=${ca}`;
    const admin = { password: readFileSync(passwords.admin, 'utf8') };
    const service = { username: 'privacy-ledger', password: readFileSync(passwords.eventstore, 'utf8') };
    const log = (message: string) => process.stdout.write(`[secure engines] ${message}\n`);
    await whenClusterAnswers(() => setUpCluster(clusterSetupFor({ node: `localhost:${ports[0]}`, ca: readFileSync(ca), connectionString, log }), admin, service), log);

    // MongoDB: the compose file's entrypoint and command (key file, TLS required), mongo1 with the root user.
    const mongo = await Promise.all(
      members.map((member) => {
        const service = compose.services[member]!;
        const copied = [
          { source: passwords.keyfile, target: '/run/secrets/mongodb-keyfile' },
          { source: passwords.mongoRoot, target: '/run/secrets/mongodb-root-password' },
          { source: passwords.mongo, target: '/run/secrets/mongodb-password' },
          { source: join(dockerDir, 'mongo', 'mongo-init.js'), target: '/init/mongo-init.js' },
        ];
        return new GenericContainer(service.image)
          .withNetwork(network)
          .withNetworkAliases(member)
          .withEnvironment(service.environment)
          .withEntrypoint(service.entrypoint!)
          .withCommand(service.command!)
          .withCopyFilesToContainer(copied)
          .withBindMounts([{ source: certs, target: '/certs', mode: 'ro' }])
          .withExposedPorts(27017)
          .withWaitStrategy(Wait.forLogMessage(/Waiting for connections/))
          .withStartupTimeout(180_000)
          .start();
      }),
    );
    started.push(...(mongo as unknown as Started[]));
    const init = compose.services['mongo-init']!;
    const initiated = await (mongo[0] as unknown as Started).exec([
      'bash',
      '-c',
      `MONGODB_SERVICE_USER=${init.environment.MONGODB_SERVICE_USER} MONGODB_DATABASE=${init.environment.MONGODB_DATABASE} ${init.command!.map((part) => `'${part}'`).join(' ')}`,
    ]);
    expect(initiated).toMatchObject({ exitCode: 0 });

    const env = {
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: connectionString,
      EVENTSTORE_USERNAME: 'privacy-ledger',
      EVENTSTORE_PASSWORD_FILE: passwords.eventstore,
      READ_STORE: 'mongodb',
      MONGODB_URI: `mongodb://localhost:${(mongo[0] as unknown as Started).getMappedPort(27017)}/?directConnection=true&tls=true&tlsCAFile=${ca}&authSource=admin`,
      MONGODB_USERNAME: 'privacy-ledger',
      MONGODB_PASSWORD_FILE: passwords.mongo,
      SIGNING_KEY_FILE: signingKey,
    };
    instanceA = await startTestApp({ env });
    instanceB = await startTestApp({ env });
  }, 600_000);

  afterAll(async () => {
    await instanceB?.dispose();
    await instanceA?.dispose();
    await Promise.all(started.map((container) => container.stop()));
    await stopNetwork?.();
    work.remove();
  }, 120_000);

  it('refuses anonymous access: the cluster is secure', async () => {
    const anonymous = connectEventStore(connectionString);
    try {
      const read = async () => {
        for await (const _ of anonymous.readAll({ maxCount: 1 })) void _;
      };
      await expect(read()).rejects.toThrow();
    } finally {
      await anonymous.dispose();
    }
  });

  it('records, reads its own write on the other instance, pages the log by event positions and verifies it', async () => {
    const officer = instanceA.as('privacy-officer');
    const registered = await officer.post('/breaches', registrationBody());
    expect(registered.status).toBe(201);
    const breachId = registered.body.breachId as string;
    // Many commands in a row on one stream: every head read and read-back goes to the leader.
    let revision = 0;
    for (let n = 0; n < 20; n++) {
      const measure = await officer.post(`/breaches/${breachId}/measures`, { description: `measure ${n}`, purpose: 'containment', takenAt: '2026-03-02T12:00:00+01:00' }, { 'if-match': String(revision) });
      expect(measure.status).toBe(201);
      revision = measure.body.revision as number;
    }
    const view = await instanceB.as('privacy-officer').get(`/breaches/${breachId}?minPosition=${String(registered.body.position)}`);
    expect(view.status).toBe(200);
    let from = '0';
    let pages = 0;
    for (;;) {
      const page = await instanceA.as('auditor').get(`/audit/events?fromPosition=${from}&limit=5`);
      expect(page.status).toBe(200);
      pages += 1;
      if (page.body.nextPosition === null) break;
      from = page.body.nextPosition as string;
    }
    expect(pages).toBeGreaterThan(3);
    expect((await instanceA.as('auditor').get(`/audit/events?fromPosition=${BigInt(from) + 1n}`)).body).toMatchObject({ code: 'invalid-position' });
    expect((await instanceA.as('auditor').get('/audit/verification')).body).toMatchObject({ ok: true });
  });
});
