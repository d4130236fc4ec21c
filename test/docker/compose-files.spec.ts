import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseConnectionString } from '@eventstore/db-client/dist/Client/parseConnectionString.js';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/config.js';

/*
 * The compose files are configuration that no test ran: here they are read as Compose reads
 * them (YAML with merge keys) and checked for what a secure cluster needs to come up at all.
 */
const dockerDir = fileURLToPath(new URL('../../docker/', import.meta.url));
const read = (name: string) => readFileSync(`${dockerDir}${name}`, 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  secrets?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}
interface ComposeFile {
  services: Record<string, Service>;
  secrets?: Record<string, { file: string }>;
}

const compose = (name: string): ComposeFile => parse(read(name), { merge: true }) as ComposeFile;
const prod = compose('compose.prod.yml');
const services = prod.services;
const nodes = ['node1', 'node2', 'node3'];
const members = ['mongo1', 'mongo2', 'mongo3'];
const instances = Object.keys(services).filter((name) => services[name]!.environment?.EVENT_STORE === 'eventstoredb');

describe('docker/compose.prod.yml', () => {
  it('runs two service instances, each starting with a configuration the service accepts', () => {
    expect(instances).toEqual(['ledger-a', 'ledger-b']);
    for (const name of instances) {
      const config = loadConfig(services[name]!.environment!);
      expect(config.eventStore).toMatchObject({ engine: 'eventstoredb', credentials: { username: 'privacy-ledger', passwordFile: '/run/secrets/eventstore-password' } });
      expect(config.readStore.mongodb).toMatchObject({ credentials: { username: 'privacy-ledger', passwordFile: '/run/secrets/mongodb-password' } });
      expect(services[name]!.environment!.INSTANCE_ID).toBe(name);
    }
  });

  it('signs the service in as a user of its own (never admin or root), with passwords from secrets it mounts, and no credentials in a connection string', () => {
    for (const name of instances) {
      const env = services[name]!.environment!;
      expect(env.EVENTSTORE_USERNAME).not.toMatch(/^(admin|root)$/);
      expect(env.MONGODB_USERNAME).not.toMatch(/^(admin|root)$/);
      expect(env.EVENTSTORE_CONNECTION_STRING).not.toMatch(/@/);
      expect(env.MONGODB_URI).not.toMatch(/@/);
      for (const file of [env.EVENTSTORE_PASSWORD_FILE, env.MONGODB_PASSWORD_FILE, env.SIGNING_KEY_FILE]) {
        const secret = file!.replace('/run/secrets/', '');
        expect(services[name]!.secrets).toContain(secret);
        expect(prod.secrets?.[secret]?.file).toBe(`./secrets/${secret === 'ledger-signing-key' ? 'ledger-signing-key.pem' : secret}`);
      }
    }
  });

  it('connects to every node and every member over TLS, with the cluster\'s CA', () => {
    const env = services['ledger-a']!.environment!;
    // As the client reads it.
    expect(parseConnectionString(env.EVENTSTORE_CONNECTION_STRING!)).toEqual({
      dnsDiscover: false,
      hosts: nodes.map((address) => ({ address, port: 2113 })),
      tls: true,
      tlsCAFile: '/certs/ca/ca.crt',
    });
    expect(env.MONGODB_URI).toMatch(/^mongodb:\/\/mongo1:27017,mongo2:27017,mongo3:27017\/\?/);
    const mongo = new URLSearchParams(env.MONGODB_URI!.split('?')[1]);
    expect(Object.fromEntries(mongo)).toMatchObject({ replicaSet: 'rs0', tls: 'true', tlsCAFile: '/certs/ca/ca.crt', authSource: 'admin' });
    expect(services['ledger-a']!.volumes).toContain('./certs/ca:/certs/ca:ro');
  });

  it('makes each KurrentDB node secure and advertise its own name, the one its certificate carries', () => {
    const script = read('prepare-prod.sh');
    for (const node of nodes) {
      const env = services[node]!.environment!;
      expect(services[node]!.image).toMatch(/kurrentdb:25\.0$/);
      expect(env.KURRENTDB_INSECURE).toBeUndefined();
      expect(env.KURRENTDB_CLUSTER_SIZE).toBe('3');
      expect(env.KURRENTDB_GOSSIP_SEED!.split(',')).toEqual(nodes.map((name) => `${name}:2113`));
      expect(env.KURRENTDB_ADVERTISE_HOST_TO_CLIENT_AS).toBe(node);
      expect(env.KURRENTDB_NODE_HOST_ADVERTISE_AS).toBe(node);
      expect(env.KURRENTDB_REPLICATION_HOST_ADVERTISE_AS).toBe(node);
      expect(env.KURRENTDB_CERTIFICATE_FILE).toBe(`/certs/${node}/node.crt`);
      expect(env.KURRENTDB_CERTIFICATE_PRIVATE_KEY_FILE).toBe(`/certs/${node}/node.key`);
      expect(services[node]!.volumes).toContain(`./certs/${node}:/certs/${node}:ro`);
      expect(services[node]!.healthcheck?.test.join(' ')).toContain(`https://${node}:2113/health/live`);
    }
    // The certificates are made for exactly those names.
    expect(script).toMatch(/for node in node1 node2 node3; do[\s\S]*-dns-names "\$node"/);
    expect(script).toMatch(/for member in mongo1 mongo2 mongo3; do[\s\S]*-dns-names "\$member"/);
  });

  it('runs MongoDB as a replica set with a key file and TLS required, initiated once with every member, with a root user from a secret', () => {
    for (const member of members) {
      const service = services[member]!;
      const command = service.command!.join(' ');
      expect(command).toMatch(/--replSet rs0\b/);
      expect(command).toMatch(/--keyFile \/etc\/mongo-keyfile/);
      expect(command).toMatch(/--tlsMode requireTLS/);
      expect(command).toMatch(/--tlsCAFile \/certs\/ca\/ca\.crt/);
      expect(service.secrets).toContain('mongodb-keyfile');
      expect(service.environment!.MONGO_NODE).toBe(member);
      expect(service.volumes).toContain(`./certs/${member}:/certs/${member}:ro`);
      expect(service.healthcheck?.test.join(' ')).toContain(`--host ${member}`);
    }
    expect(services.mongo1!.environment).toMatchObject({ MONGO_INITDB_ROOT_USERNAME: 'root', MONGO_INITDB_ROOT_PASSWORD_FILE: '/run/secrets/mongodb-root-password' });
    const init = services['mongo-init']!;
    expect(init.command!.join(' ')).toContain('--file /init/mongo-init.js');
    expect(init.volumes).toContain('./mongo/mongo-init.js:/init/mongo-init.js:ro');
    expect(init.environment!.MONGODB_SERVICE_USER).toBe(services['ledger-a']!.environment!.MONGODB_USERNAME);
    const script = read('mongo/mongo-init.js');
    expect(script).toMatch(/rs\.initiate\(\{ _id: 'rs0'/);
    for (const member of members) expect(script).toContain(`host: '${member}:27017'`);
    expect(script).toMatch(/admin\.auth\('root', secret\('mongodb-root-password'\)\)/);
    expect(script).toMatch(/createUser\(\{ user, pwd: password, roles \}/);
  });

  it('starts the service only once every node and member is healthy and both initialisations have finished', () => {
    for (const name of instances) {
      const dependsOn = services[name]!.depends_on!;
      for (const engine of [...nodes, ...members]) expect(dependsOn[engine]).toEqual({ condition: 'service_healthy' });
      expect(dependsOn['kurrentdb-init']).toEqual({ condition: 'service_completed_successfully' });
      expect(dependsOn['mongo-init']).toEqual({ condition: 'service_completed_successfully' });
    }
    for (const init of ['kurrentdb-init', 'mongo-init']) {
      const dependsOn = services[init]!.depends_on!;
      const engines = init === 'kurrentdb-init' ? nodes : members;
      for (const engine of engines) expect(dependsOn[engine]).toEqual({ condition: 'service_healthy' });
    }
  });

  it('creates the KurrentDB service user with the same name and password file as the service uses', () => {
    const init = services['kurrentdb-init']!;
    const env = services['ledger-a']!.environment!;
    expect(init.command).toEqual(['node', 'dist/src/cli/init-kurrentdb.js']);
    expect(init.environment).toMatchObject({ EVENTSTORE_USERNAME: env.EVENTSTORE_USERNAME, EVENTSTORE_PASSWORD_FILE: env.EVENTSTORE_PASSWORD_FILE, EVENTSTORE_CONNECTION_STRING: env.EVENTSTORE_CONNECTION_STRING });
    expect(init.secrets).toEqual(expect.arrayContaining(['kurrentdb-admin-password', 'eventstore-password']));
  });

  it('declares every secret a service mounts, and the preparation script makes each of them', () => {
    const script = read('prepare-prod.sh');
    const mounted = new Set(Object.values(services).flatMap((service) => service.secrets ?? []));
    for (const secret of mounted) {
      const file = prod.secrets?.[secret]?.file;
      expect(file).toMatch(/^\.\/secrets\//);
      expect(script).toContain(file!.replace('./', '').replace('secrets/', ''));
    }
  });
});

describe('docker/compose.dev.yml', () => {
  it('starts the service with a configuration it accepts, once both engines are healthy', () => {
    const dev = compose('compose.dev.yml');
    const service = dev.services['privacy-ledger']!;
    expect(loadConfig(service.environment!).eventStore).toMatchObject({ engine: 'eventstoredb' });
    expect(service.depends_on).toEqual({ eventstore: { condition: 'service_healthy' }, mongodb: { condition: 'service_healthy' } });
  });
});
