import { afterAll, beforeAll } from '@jest/globals';
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

  const open = (): Promise<DocumentStore> => MongoDbDocumentStore.connect({ uri, database, clientOptions: { serverSelectionTimeoutMS: 10_000 } });

  describeDocumentStoreConformance('mongodb', {
    open,
    reopen: async (store) => {
      await store.close();
      return open();
    },
  });
});
