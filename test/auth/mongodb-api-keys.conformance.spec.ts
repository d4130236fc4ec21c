import { MongoDbApiKeys } from '../../src/auth/mongodb/mongodb-api-keys.js';
import { describeWithContainers } from '../support/engines.js';
import { mongoDbContainer } from '../support/mongodb-container.js';
import { describeApiKeysConformance } from './api-keys.conformance.js';

/** The same contract as the SQLite keys, on a MongoDB replica set. */
describeWithContainers('MongoDbApiKeys on a MongoDB replica set', () => {
  const mongo = mongoDbContainer();
  const database = `privacy-ledger-api-keys-${process.pid}`;
  const open = () => MongoDbApiKeys.connect({ uri: mongo.uri, database, clientOptions: { serverSelectionTimeoutMS: 10_000 } });
  describeApiKeysConformance('mongodb', {
    open,
    reopen: async (store) => {
      await store.close();
      return open();
    },
  });
});
