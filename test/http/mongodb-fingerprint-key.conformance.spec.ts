import { randomUUID } from 'node:crypto';
import type { FingerprintKeyStore } from '../../src/http/fingerprint-key.port.js';
import { MongoDbFingerprintKey } from '../../src/http/mongodb/mongodb-fingerprint-key.js';
import { describeWithContainers } from '../support/engines.js';
import { mongoDbContainer } from '../support/mongodb-container.js';
import { describeFingerprintKeyConformance } from './fingerprint-key.conformance.js';

/** The same contract as the file, on a MongoDB replica set; a database per installation. */
describeWithContainers('MongoDbFingerprintKey on a MongoDB replica set', () => {
  const mongo = mongoDbContainer();
  const databases = new WeakMap<FingerprintKeyStore, string>();
  const connect = async (database: string) => {
    const store = await MongoDbFingerprintKey.connect({ uri: mongo.uri, database, clientOptions: { serverSelectionTimeoutMS: 10_000 } });
    databases.set(store, database);
    return store;
  };
  describeFingerprintKeyConformance('mongodb', {
    open: () => connect(`fingerprint-${randomUUID().slice(0, 8)}`),
    another: (store) => connect(databases.get(store) as string),
  });
});
