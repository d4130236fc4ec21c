import { randomUUID } from 'node:crypto';
import type { AccessLog } from '../../src/access-log/access-log.port.js';
import { MongoDbAccessLog } from '../../src/access-log/mongodb/mongodb-access-log.js';
import { describeWithContainers } from '../support/engines.js';
import { mongoDbContainer } from '../support/mongodb-container.js';
import { describeAccessLogConformance } from './access-log.conformance.js';

/** The same contract as the SQLite log, on a MongoDB replica set; each test on a database of its own. */
describeWithContainers('MongoDbAccessLog on a MongoDB replica set', () => {
  const mongo = mongoDbContainer();
  const databases = new WeakMap<AccessLog, string>();
  const connect = async (database: string) => {
    const log = await MongoDbAccessLog.connect({ uri: mongo.uri, database, clientOptions: { serverSelectionTimeoutMS: 10_000 } });
    databases.set(log, database);
    return log;
  };
  describeAccessLogConformance('mongodb', {
    open: () => connect(`access-log-${randomUUID().slice(0, 8)}`),
    another: (log) => connect(databases.get(log) as string),
  });
});
