import { describe, expect, it, jest } from '@jest/globals';
import type { MongoClient } from 'mongodb';
import { SharedMongoClients } from './mongodb-connection.js';

/** A client that connects to nothing: what the pool does with clients, not what MongoDB does. */
function fakeClient() {
  const close = jest.fn(async () => undefined);
  return { close, client: { db: (name: string) => ({ databaseName: name }), close } as unknown as MongoClient };
}

const options = { uri: 'mongodb://m1,m2,m3/?replicaSet=rs0', database: 'privacy-ledger' };

describe('one MongoDB client per process', () => {
  it('gives every store of the process the same client, and closes it once, when the last store lets go', async () => {
    const made = fakeClient();
    const open = jest.fn(async () => made.client);
    const clients = new SharedMongoClients(open);
    const stores = await Promise.all(Array.from({ length: 7 }, () => clients.acquire(options)));
    expect(open).toHaveBeenCalledTimes(1);
    expect(new Set(stores.map((store) => store.client)).size).toBe(1);
    expect(clients.size).toBe(1);
    for (const store of stores.slice(0, 6)) await store.release();
    await stores[0]!.release(); // twice: harmless
    expect(made.close).not.toHaveBeenCalled();
    await stores[6]!.release();
    expect(made.close).toHaveBeenCalledTimes(1);
    expect(clients.size).toBe(0);
  });

  it('keeps apart deployments and users', async () => {
    const open = jest.fn(async () => fakeClient().client);
    const clients = new SharedMongoClients(open);
    await clients.acquire(options);
    await clients.acquire({ ...options, database: 'other' }); // same deployment, another database: same client
    await clients.acquire({ ...options, uri: 'mongodb://n1/?replicaSet=rs1' });
    await clients.acquire({ ...options, credentials: { username: 'svc', password: 'a' } });
    await clients.acquire({ ...options, credentials: { username: 'svc', password: 'b' } });
    expect(open).toHaveBeenCalledTimes(4);
  });

  it('does not keep a client that failed to connect: the next store tries again', async () => {
    const made = fakeClient();
    const open = jest.fn<() => Promise<MongoClient>>().mockRejectedValueOnce(new Error('no primary')).mockResolvedValue(made.client);
    const clients = new SharedMongoClients(open);
    await expect(clients.acquire(options)).rejects.toThrow('no primary');
    expect(clients.size).toBe(0);
    const store = await clients.acquire(options);
    expect(store.client).toBe(made.client);
    expect(open).toHaveBeenCalledTimes(2);
  });

  it('opens a new client for a store that connects after the last one closed', async () => {
    const open = jest.fn(async () => fakeClient().client);
    const clients = new SharedMongoClients(open);
    await (await clients.acquire(options)).release();
    await clients.acquire(options);
    expect(open).toHaveBeenCalledTimes(2);
  });
});
