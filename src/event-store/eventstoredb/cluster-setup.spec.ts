import { describe, expect, it } from '@jest/globals';
import type { EventStoreCredentials } from './connection-string.js';
import { DEFAULT_ADMIN_PASSWORD, setUpCluster, type ClusterSetup } from './cluster-setup.js';

/** A node's user store and $all metadata, as the management API and the client change them. */
function fakeCluster(users: Record<string, string>) {
  const calls: string[] = [];
  const metadata: { stream: string; value: unknown; as: string }[] = [];
  const setup: ClusterSetup = {
    log: () => undefined,
    client: (credentials: EventStoreCredentials) => ({
      setStreamMetadata: async (stream: string, value: unknown) => {
        metadata.push({ stream, value, as: credentials.username });
        return {} as never;
      },
      dispose: async () => undefined,
    }),
    http: async (method, path, { username, password }, body) => {
      calls.push(`${method} ${path} as ${username}`);
      if (users[username] !== password) return { status: 401, body: '' };
      const input = body as Record<string, string> | undefined;
      const user = decodeURIComponent(path.split('/')[2] ?? '');
      if (method === 'GET') return { status: user in users ? 200 : 404, body: '' };
      if (path === '/users') users[input!.loginName!] = input!.password!;
      else if (path.endsWith('/command/change-password')) users[user] = input!.newPassword!;
      else if (path.endsWith('/command/reset-password')) users[user] = input!.newPassword!;
      return { status: 201, body: '' };
    },
  };
  return { setup, calls, metadata, users };
}

const service = { username: 'privacy-ledger', password: 'service-secret' };

describe('preparing a secure KurrentDB cluster for the service', () => {
  it('replaces admin\'s default password, creates the service user and lets it read $all', async () => {
    const cluster = fakeCluster({ admin: DEFAULT_ADMIN_PASSWORD });
    await setUpCluster(cluster.setup, { password: 'admin-secret' }, service);
    expect(cluster.users).toEqual({ admin: 'admin-secret', 'privacy-ledger': 'service-secret' });
    expect(cluster.metadata).toEqual([{ stream: '$all', value: { acl: { readRoles: ['$admins', 'privacy-ledger'] } }, as: 'admin' }]);
  });

  it('runs again without harm, and gives the service user the secret\'s password anew', async () => {
    const cluster = fakeCluster({ admin: 'admin-secret', 'privacy-ledger': 'an-old-password' });
    await setUpCluster(cluster.setup, { password: 'admin-secret' }, service);
    expect(cluster.users).toEqual({ admin: 'admin-secret', 'privacy-ledger': 'service-secret' });
    expect(cluster.calls.some((call) => call.includes('change-password'))).toBe(false);
  });

  it('stops when admin has neither the secret\'s password nor the default one', async () => {
    const cluster = fakeCluster({ admin: 'someone-elses' });
    await expect(setUpCluster(cluster.setup, { password: 'admin-secret' }, service)).rejects.toThrow(/replace admin's default password.*HTTP 401/);
    expect(cluster.metadata).toEqual([]);
  });
});
