import { MongoDbPersonalDataKeys } from '../../src/personal-data/mongodb/mongodb-personal-data-keys.js';
import { describeWithContainers } from '../support/engines.js';
import { mongoDbContainer } from '../support/mongodb-container.js';
import { describePersonalDataKeysConformance } from './personal-data-keys.conformance.js';

/** The same contract as the SQLite key store, on a MongoDB replica set. */
describeWithContainers('MongoDbPersonalDataKeys on a MongoDB replica set', () => {
  const mongo = mongoDbContainer();
  const database = `privacy-ledger-keys-${process.pid}`;
  describePersonalDataKeysConformance('mongodb', {
    open: (clock) => MongoDbPersonalDataKeys.connect({ uri: mongo.uri, database, clock, clientOptions: { serverSelectionTimeoutMS: 10_000 } }),
  });
});
