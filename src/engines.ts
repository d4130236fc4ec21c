import { join } from 'node:path';
import type { AccessLog } from './access-log/access-log.port.js';
import { MongoDbAccessLog } from './access-log/mongodb/mongodb-access-log.js';
import { SqliteAccessLog } from './access-log/sqlite/sqlite-access-log.js';
import type { ApiKeys } from './auth/api-keys.port.js';
import { MongoDbApiKeys } from './auth/mongodb/mongodb-api-keys.js';
import { SqliteApiKeys } from './auth/sqlite/sqlite-api-keys.js';
import type { AppConfig, EventStoreConfig } from './config/config.js';
import { EventStoreDbEventStore } from './event-store/eventstoredb/eventstoredb-event-store.js';
import type { EventStore } from './event-store/event-store.port.js';
import { SqliteEventStore } from './event-store/sqlite/sqlite-event-store.js';
import { FileFingerprintKey } from './http/file/file-fingerprint-key.js';
import type { FingerprintKeyStore } from './http/fingerprint-key.port.js';
import { MongoDbFingerprintKey } from './http/mongodb/mongodb-fingerprint-key.js';
import { MongoDbPersonalDataKeys } from './personal-data/mongodb/mongodb-personal-data-keys.js';
import type { PersonalDataKeys } from './personal-data/personal-data-keys.port.js';
import { SqlitePersonalDataKeys } from './personal-data/sqlite/sqlite-personal-data-keys.js';
import { configuredIdentity, type InstanceIdentity } from './read-store/instance-identity.port.js';
import { MongoDbInstanceIdentity } from './read-store/mongodb/mongodb-instance-identity.js';
import { SqliteInstanceIdentity } from './read-store/sqlite/sqlite-instance-identity.js';
import type { DocumentStore } from './read-store/document-store.port.js';
import { MongoDbDocumentStore } from './read-store/mongodb/mongodb-document-store.js';
import { SqliteDocumentStore } from './read-store/sqlite/sqlite-document-store.js';
import type { Clock } from './shared/clock.js';

/**
 * The engines, chosen by configuration in this one place (the service and the CLIs). A
 * production engine is checked at start: an unreachable one stops the boot with its reason.
 */
export async function openEventStore(config: EventStoreConfig, clock: Clock): Promise<EventStore> {
  if (config.engine === 'sqlite') {
    const { file, maxEventBytes, maxBatch, busyTimeoutMs, pollIntervalMs } = config;
    return new SqliteEventStore({ file, clock, maxEventBytes, maxBatch, busyTimeoutMs, pollIntervalMs });
  }
  const store = new EventStoreDbEventStore({ connectionString: config.connectionString, clock, maxEventBytes: config.maxEventBytes });
  try {
    await store.headPosition();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw new Error(`EventStoreDB at ${redact(config.connectionString)} is unreachable: ${(error as Error).message}`, { cause: error });
  }
  return store;
}

export async function openDocumentStore(config: AppConfig): Promise<DocumentStore> {
  if (config.readStore.engine === 'sqlite' || !config.readStore.mongodb) {
    return new SqliteDocumentStore({ file: config.readStore.file, busyTimeoutMs: config.sqliteBusyTimeoutMs });
  }
  const { uri, database } = config.readStore.mongodb;
  return connecting(uri, () => MongoDbDocumentStore.connect({ uri, database }));
}

/**
 * What every instance must agree on (API keys, personal-data keys, the access log, the
 * installation's secrets) follows the read store: beside it in the data folder for the
 * embedded default, in the same MongoDB database with READ_STORE=mongodb, so that
 * instances on several hosts share them.
 */
function sharedMongoDb(config: AppConfig): { uri: string; database: string } | undefined {
  return config.readStore.engine === 'mongodb' ? config.readStore.mongodb : undefined;
}

async function connecting<T>(uri: string, connect: () => Promise<T>): Promise<T> {
  try {
    return await connect();
  } catch (error) {
    throw new Error(`MongoDB at ${redact(uri)} is unreachable: ${(error as Error).message}`, { cause: error });
  }
}

export async function openApiKeys(config: AppConfig): Promise<ApiKeys> {
  const mongodb = sharedMongoDb(config);
  if (!mongodb) return new SqliteApiKeys(config.auth.apiKeysFile);
  return connecting(mongodb.uri, () => MongoDbApiKeys.connect(mongodb));
}

export async function openAccessLog(config: AppConfig): Promise<AccessLog> {
  const mongodb = sharedMongoDb(config);
  if (!mongodb) return new SqliteAccessLog(config.auth.accessLogFile);
  return connecting(mongodb.uri, () => MongoDbAccessLog.connect(mongodb));
}

export async function openPersonalDataKeys(config: AppConfig, clock?: Clock): Promise<PersonalDataKeys> {
  const mongodb = sharedMongoDb(config);
  if (!mongodb) return new SqlitePersonalDataKeys({ file: config.personalData.keysFile, busyTimeoutMs: config.sqliteBusyTimeoutMs, ...(clock ? { clock } : {}) });
  return connecting(mongodb.uri, () => MongoDbPersonalDataKeys.connect({ ...mongodb, ...(clock ? { clock } : {}) }));
}

export async function openFingerprintKeyStore(config: AppConfig): Promise<FingerprintKeyStore> {
  const mongodb = sharedMongoDb(config);
  if (!mongodb) return new FileFingerprintKey(join(config.dataDir, 'request-fingerprint.key'));
  return connecting(mongodb.uri, () => MongoDbFingerprintKey.connect(mongodb));
}

export async function claimInstanceIdentity(config: AppConfig): Promise<InstanceIdentity> {
  const { instanceId, instanceFile, leaseTtlMs } = config.readStore;
  if (instanceId) return configuredIdentity(instanceId);
  const mongodb = sharedMongoDb(config);
  if (!mongodb) return SqliteInstanceIdentity.claim(instanceFile);
  return connecting(mongodb.uri, () => MongoDbInstanceIdentity.claim({ ...mongodb, ttlMs: leaseTtlMs }));
}

/** Connection strings may carry credentials: never log them. */
function redact(connection: string): string {
  return connection.replace(/\/\/[^@/]*@/, '//***@');
}
