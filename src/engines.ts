import { Logger } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AccessLog } from './access-log/access-log.port.js';
import { SqliteAccessLog } from './access-log/sqlite/sqlite-access-log.js';
import type { ApiKeys } from './auth/api-keys.port.js';
import { SqliteApiKeys } from './auth/sqlite/sqlite-api-keys.js';
import type { AppConfig, EventStoreConfig, MongoDbConfig, SecretCredentials } from './config/config.js';
import type { EventStore } from './event-store/event-store.port.js';
import { SqliteEventStore } from './event-store/sqlite/sqlite-event-store.js';
import { FileFingerprintKey } from './http/file/file-fingerprint-key.js';
import type { FingerprintKeyStore } from './http/fingerprint-key.port.js';
import type { PersonalDataKeys } from './personal-data/personal-data-keys.port.js';
import { SqlitePersonalDataKeys } from './personal-data/sqlite/sqlite-personal-data-keys.js';
import { configuredIdentity, type InstanceIdentity } from './read-store/instance-identity.port.js';
import { SqliteInstanceIdentity } from './read-store/sqlite/sqlite-instance-identity.js';
import type { DocumentStore } from './read-store/document-store.port.js';
import type { MongoDbConnectionOptions } from './read-store/mongodb/mongodb-connection.js';
import { SqliteDocumentStore } from './read-store/sqlite/sqlite-document-store.js';
import type { Clock } from './shared/clock.js';
import { redactConnection } from './shared/redact.js';

/**
 * The engines, chosen by configuration in this one place (the service and the CLIs). A
 * production engine is checked at start: an unreachable one stops the boot with its reason.
 * The MongoDB and EventStoreDB adapters (and their drivers) are imported only when configured:
 * with the embedded default they would be ~13 MB of heap held for nothing.
 */
export async function openEventStore(config: EventStoreConfig, clock: Clock): Promise<EventStore> {
  if (config.engine === 'sqlite') {
    const { file, maxEventBytes, maxBatch, busyTimeoutMs, pollIntervalMs } = config;
    return new SqliteEventStore({ file, clock, maxEventBytes, maxBatch, busyTimeoutMs, pollIntervalMs });
  }
  const where = redactConnection(config.connectionString);
  const logger = new Logger('EventStoreDB');
  const { EventStoreDbEventStore } = await import('./event-store/eventstoredb/eventstoredb-event-store.js');
  let store: InstanceType<typeof EventStoreDbEventStore>;
  try {
    store = new EventStoreDbEventStore({
      connectionString: config.connectionString,
      ...(config.credentials ? { credentials: readCredentials('EVENTSTORE_PASSWORD_FILE', config.credentials) } : {}),
      clock,
      maxEventBytes: config.maxEventBytes,
      maxAppendBytes: config.maxAppendBytes,
      log: { warn: (fields, message) => logger.warn({ ...fields, msg: message }), error: (fields, message) => logger.error({ ...fields, msg: message }) },
    });
  } catch (error) {
    // Messages from here name neither the connection string nor the password.
    // eslint-disable-next-line preserve-caught-error
    throw new Error(`EventStoreDB at ${where}: ${(error as Error).message}`);
  }
  try {
    await store.headPosition();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw new Error(`EventStoreDB at ${where} is unreachable: ${(error as Error).message}`, { cause: error });
  }
  return store;
}

export async function openDocumentStore(config: AppConfig): Promise<DocumentStore> {
  if (config.readStore.engine === 'sqlite' || !config.readStore.mongodb) {
    return new SqliteDocumentStore({
      file: config.readStore.file,
      busyTimeoutMs: config.sqliteBusyTimeoutMs,
      onReset: (fromVersion) =>
        new Logger('ReadModels').warn(`${config.readStore.file} had read-model schema version ${fromVersion}: its read models were dropped and are built again from the event log`),
    });
  }
  const mongodb = connectionOf(config.readStore.mongodb);
  const { MongoDbDocumentStore } = await import('./read-store/mongodb/mongodb-document-store.js');
  return connecting(mongodb.uri, () => MongoDbDocumentStore.connect(mongodb));
}

/**
 * What every instance must agree on (API keys, personal-data keys, the access log, the
 * installation's secrets) follows the read store: beside it in the data folder for the
 * embedded default, in the same MongoDB database with READ_STORE=mongodb, so that
 * instances on several hosts share them.
 */
function sharedMongoDb(config: AppConfig): MongoDbConnectionOptions | undefined {
  return config.readStore.engine === 'mongodb' && config.readStore.mongodb ? connectionOf(config.readStore.mongodb) : undefined;
}

/** What the MongoDB stores connect with; all of them share one client (mongodb-connection.ts). */
function connectionOf({ uri, database, credentials }: MongoDbConfig): MongoDbConnectionOptions {
  return { uri, database, ...(credentials ? { credentials: readCredentials('MONGODB_PASSWORD_FILE', credentials) } : {}) };
}

async function connecting<T>(uri: string, connect: () => Promise<T>): Promise<T> {
  try {
    return await connect();
  } catch (error) {
    throw new Error(`MongoDB at ${redactConnection(uri)} is unreachable: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * The password from its secret file (a Docker secret, say), read when the engine is opened;
 * one trailing line break is not part of it. A file that cannot be read stops the start,
 * naming the setting.
 */
export function readCredentials(variable: string, { username, passwordFile }: SecretCredentials): { username: string; password: string } {
  let text: string;
  try {
    text = readFileSync(passwordFile, 'utf8');
  } catch (error) {
    throw new Error(`${variable}: cannot read the password file ${passwordFile} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { cause: error });
  }
  const password = text.replace(/\r?\n$/, '');
  if (password.length === 0) throw new Error(`${variable}: the password file ${passwordFile} is empty`);
  return { username, password };
}

export async function openApiKeys(config: AppConfig): Promise<ApiKeys> {
  const mongodb = sharedMongoDb(config);
  if (!mongodb) return new SqliteApiKeys(config.auth.apiKeysFile, config.sqliteBusyTimeoutMs);
  const { MongoDbApiKeys } = await import('./auth/mongodb/mongodb-api-keys.js');
  return connecting(mongodb.uri, () => MongoDbApiKeys.connect(mongodb));
}

export async function openAccessLog(config: AppConfig): Promise<AccessLog> {
  const mongodb = sharedMongoDb(config);
  if (!mongodb) return new SqliteAccessLog(config.auth.accessLogFile, config.sqliteBusyTimeoutMs);
  const { MongoDbAccessLog } = await import('./access-log/mongodb/mongodb-access-log.js');
  return connecting(mongodb.uri, () => MongoDbAccessLog.connect(mongodb));
}

/**
 * With the SQLite event store, new keys are written by its writer thread: a key made for an
 * append goes in the same round as the append's events, committed before them.
 */
export async function openPersonalDataKeys(config: AppConfig, clock?: Clock, events?: EventStore, subjectOfStream?: (streamId: string) => string | undefined): Promise<PersonalDataKeys> {
  const mongodb = sharedMongoDb(config);
  if (!mongodb) {
    const file = config.personalData.keysFile;
    const rounds = events instanceof SqliteEventStore ? { rounds: events, ...(subjectOfStream ? { subjectOfStream } : {}) } : {};
    return new SqlitePersonalDataKeys({ file, busyTimeoutMs: config.sqliteBusyTimeoutMs, ...(clock ? { clock } : {}), ...rounds });
  }
  const { MongoDbPersonalDataKeys } = await import('./personal-data/mongodb/mongodb-personal-data-keys.js');
  return connecting(mongodb.uri, () => MongoDbPersonalDataKeys.connect({ ...mongodb, ...(clock ? { clock } : {}) }));
}

export async function openFingerprintKeyStore(config: AppConfig): Promise<FingerprintKeyStore> {
  const mongodb = sharedMongoDb(config);
  if (!mongodb) return new FileFingerprintKey(join(config.dataDir, 'request-fingerprint.key'));
  const { MongoDbFingerprintKey } = await import('./http/mongodb/mongodb-fingerprint-key.js');
  return connecting(mongodb.uri, () => MongoDbFingerprintKey.connect(mongodb));
}

export async function claimInstanceIdentity(config: AppConfig): Promise<InstanceIdentity> {
  const { instanceId, instanceFile, leaseTtlMs } = config.readStore;
  if (instanceId) return configuredIdentity(instanceId);
  const mongodb = sharedMongoDb(config);
  if (!mongodb) return SqliteInstanceIdentity.claim(instanceFile);
  const { MongoDbInstanceIdentity } = await import('./read-store/mongodb/mongodb-instance-identity.js');
  return connecting(mongodb.uri, () => MongoDbInstanceIdentity.claim({ ...mongodb, ttlMs: leaseTtlMs }));
}
