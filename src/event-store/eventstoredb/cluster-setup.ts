import { request } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventStoreDBClient } from '@eventstore/db-client';
import { connectEventStore, type EventStoreCredentials } from './connection-string.js';

/*
 * A new secure KurrentDB cluster has one user, `admin`, with the well-known password
 * `changeit`, and refuses anonymous access to streams. The service must not run as admin.
 * This prepares the cluster once (and again harmlessly): admin's password from a secret, a
 * service user with its password from another secret, and read access to $all for it
 * (projections subscribe to $all, which only admins may read by default). Users are
 * managed over the HTTP API (the client has no user management); the $all ACL is stream
 * metadata, written through the client.
 */

export interface ClusterSetup {
  /** An HTTPS call to a node's management API as `credentials`; resolves with the status code and body. */
  http(method: 'GET' | 'POST', path: string, credentials: EventStoreCredentials, body?: object): Promise<{ status: number; body: string }>;
  /** A client signed in as `credentials`. */
  client(credentials: EventStoreCredentials): Pick<EventStoreDBClient, 'setStreamMetadata' | 'dispose'>;
  log(message: string): void;
}

export const DEFAULT_ADMIN_PASSWORD = 'changeit';

export async function setUpCluster(setup: ClusterSetup, admin: { password: string }, service: EventStoreCredentials): Promise<void> {
  const adminCredentials = await adminSignIn(setup, admin.password);
  const existing = await setup.http('GET', `/users/${encodeURIComponent(service.username)}`, adminCredentials);
  if (existing.status === 404) {
    await expectOk(setup.http('POST', '/users', adminCredentials, { loginName: service.username, fullName: 'Privacy Ledger service', groups: [], password: service.password }), `create user ${service.username}`);
    setup.log(`created the service user ${service.username}`);
  } else if (existing.status === 200) {
    await expectOk(setup.http('POST', `/users/${encodeURIComponent(service.username)}/command/reset-password`, adminCredentials, { newPassword: service.password }), `set the password of ${service.username}`);
    setup.log(`the service user ${service.username} exists; its password is the secret's`);
  } else {
    throw new Error(`cannot look up user ${service.username}: HTTP ${existing.status}`);
  }
  const client = setup.client(adminCredentials);
  try {
    await client.setStreamMetadata('$all', { acl: { readRoles: ['$admins', service.username] } }, { requiresLeader: true });
  } finally {
    await client.dispose();
  }
  setup.log(`${service.username} may read $all`);
}

/** Admin with the secret's password; on a new cluster, admin's default password is replaced by it first. */
async function adminSignIn(setup: ClusterSetup, password: string): Promise<EventStoreCredentials> {
  const admin = { username: 'admin', password };
  const probe = await setup.http('GET', '/users/admin', admin);
  if (probe.status === 200) return admin;
  if (probe.status !== 401) throw new Error(`cannot sign in as admin: HTTP ${probe.status}`);
  const fresh = { username: 'admin', password: DEFAULT_ADMIN_PASSWORD };
  await expectOk(setup.http('POST', '/users/admin/command/change-password', fresh, { currentPassword: DEFAULT_ADMIN_PASSWORD, newPassword: password }), "replace admin's default password (neither the secret's nor the default one is admin's password)");
  setup.log("admin's default password is replaced by the secret's");
  return admin;
}

async function expectOk(call: Promise<{ status: number; body: string }>, what: string): Promise<void> {
  const { status } = await call;
  if (status < 200 || status >= 300) throw new Error(`cannot ${what}: HTTP ${status}`);
}

/** The setup against a real node: its management API over HTTPS with the cluster's CA, the client from the connection string. */
export function clusterSetupFor(options: { node: string; ca: Buffer; connectionString: string; log(message: string): void }): ClusterSetup {
  return {
    log: options.log,
    client: (credentials) => connectEventStore(options.connectionString, credentials),
    http: (method, path, { username, password }, body) =>
      new Promise((resolve, reject) => {
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const call = request(
          `https://${options.node}${path}`,
          {
            method,
            ca: options.ca,
            auth: `${username}:${password}`,
            headers: { accept: 'application/json', ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
            timeout: 10_000,
          },
          (response) => {
            let text = '';
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => (text += chunk));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
          },
        );
        call.on('timeout', () => call.destroy(new Error('no answer within 10 s')));
        call.on('error', reject);
        call.end(payload);
      }),
  };
}

/** Retries `run` while the cluster is still forming (no leader yet, nodes starting). */
export async function whenClusterAnswers<T>(run: () => Promise<T>, log: (message: string) => void, attempts = 60): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts) throw error;
      log(`the cluster does not answer yet (${(error as Error).message}); trying again in 2 s`);
      await sleep(2000);
    }
  }
}
