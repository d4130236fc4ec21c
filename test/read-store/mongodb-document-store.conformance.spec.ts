import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DocumentStore } from '../../src/read-store/document-store.port.js';
import { MongoDbDocumentStore } from '../../src/read-store/mongodb/mongodb-document-store.js';
import { describeWithContainers } from '../support/engines.js';
import { describeDocumentStoreConformance } from './document-store.conformance.js';

interface Started {
  getConnectionString(): string;
  stop(): Promise<unknown>;
}

/**
 * The same conformance suite as the SQLite adapter, on MongoDB 8.0 started as a one-node
 * replica set (transactions need one). testcontainers is imported in beforeAll, so
 * nothing is loaded or started when the suite is skipped for want of a container runtime.
 */
describeWithContainers('MongoDbDocumentStore on a MongoDB replica set', () => {
  let container: Started | undefined;
  let uri = '';
  const database = `privacy-ledger-conformance-${process.pid}`;

  beforeAll(async () => {
    const { MongoDBContainer } = await import('@testcontainers/mongodb');
    container = await new MongoDBContainer('mongo:8.0').start();
    // The container advertises its internal host name in the replica-set config: connect to it directly.
    uri = `${container.getConnectionString()}/?directConnection=true`;
  }, 180_000);

  afterAll(async () => {
    await container?.stop();
  });

  // The port's lease contract is timed by the `now` each call passes; production times leases by the server (below).
  const open = (): Promise<DocumentStore> => MongoDbDocumentStore.connect({ uri, database, leaseClock: 'caller', clientOptions: { serverSelectionTimeoutMS: 10_000 } });

  describeDocumentStoreConformance('mongodb', {
    open,
    reopen: async (store) => {
      await store.close();
      return open();
    },
  });

  describe('leases timed by the server', () => {
    it('lets no instance take a live lease, however far its own clock runs ahead, and sets the expiry from the server time', async () => {
      const store = await MongoDbDocumentStore.connect({ uri, database, clientOptions: { serverSelectionTimeoutMS: 10_000 } });
      try {
        const name = `projection:skew-${process.hrtime.bigint()}`;
        const before = Date.now();
        expect(await store.acquireLease(name, 'a', 60_000, new Date(before))).toBe(true);
        // An instance whose clock is an hour fast: by its clock the lease expired long ago.
        expect(await store.acquireLease(name, 'b', 60_000, new Date(before + 3_600_000))).toBe(false);
        const lease = await store.lease(name);
        expect(lease?.holder).toBe('a');
        // Set from the server's clock (the container's, which is this host's), not from the caller's.
        expect(Math.abs(Date.parse(lease!.expiresAt) - (before + 60_000))).toBeLessThan(30_000);
        // A holder whose clock is an hour slow still renews, and an expired lease still goes to another.
        expect(await store.acquireLease(name, 'a', 1, new Date(before - 3_600_000))).toBe(true);
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(await store.acquireLease(name, 'b', 60_000, new Date(before - 3_600_000))).toBe(true);
      } finally {
        await store.close();
      }
    });
  });
});
