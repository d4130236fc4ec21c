import { randomUUID } from 'node:crypto';
import { MongoDbInstanceIdentity } from '../../src/read-store/mongodb/mongodb-instance-identity.js';
import { describeWithContainers } from '../support/engines.js';
import { mongoDbContainer } from '../support/mongodb-container.js';
import { describeInstanceIdentityConformance } from './instance-identity.conformance.js';

/** The same contract as the data folder's name, on a MongoDB replica set: a host name per storage. */
describeWithContainers('MongoDbInstanceIdentity on a MongoDB replica set', () => {
  const mongo = mongoDbContainer();
  const database = `privacy-ledger-instances-${process.pid}`;
  describeInstanceIdentityConformance('mongodb', {
    storage: async () => {
      const name = `host-${randomUUID().slice(0, 8)}`;
      return () => MongoDbInstanceIdentity.claim({ uri: mongo.uri, database, name, ttlMs: 15_000, clientOptions: { serverSelectionTimeoutMS: 10_000 } });
    },
  });
});
