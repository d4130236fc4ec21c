import { afterAll, beforeAll } from '@jest/globals';
import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb-event-store.js';
import { describeWithContainers } from '../support/engines.js';
import { describeEventStoreConformance, type StoreSettings } from './event-store.conformance.js';

const IMAGE = process.env.EVENTSTOREDB_IMAGE ?? 'eventstore/eventstore:24.10';
const PORT = 2113;

describeWithContainers('EventStoreDB adapter (testcontainers)', () => {
  let stop: (() => Promise<void>) | undefined;
  let resolveConnection!: (connectionString: string) => void;
  let rejectConnection!: (error: unknown) => void;
  const connection = new Promise<string>((resolve, reject) => {
    resolveConnection = resolve;
    rejectConnection = reject;
  });
  // A rejection is reported by the first test that awaits it, not as an unhandled one.
  connection.catch(() => undefined);

  beforeAll(async () => {
    try {
      // Imported here so nothing is loaded, let alone started, when the suite is skipped.
      const { GenericContainer, Wait } = await import('testcontainers');
      const container = await new GenericContainer(IMAGE)
        .withEnvironment({
          EVENTSTORE_INSECURE: 'true',
          EVENTSTORE_RUN_PROJECTIONS: 'None',
          EVENTSTORE_MEM_DB: 'true',
          EVENTSTORE_CLUSTER_SIZE: '1',
        })
        .withExposedPorts(PORT)
        .withWaitStrategy(Wait.forHttp('/health/live', PORT).forStatusCodeMatching((status) => status >= 200 && status < 300))
        .withStartupTimeout(120_000)
        .start();
      stop = async () => {
        await container.stop();
      };
      resolveConnection(`esdb://${container.getHost()}:${container.getMappedPort(PORT)}?tls=false`);
    } catch (error) {
      rejectConnection(error);
      throw error;
    }
  }, 180_000);

  afterAll(async () => {
    await stop?.();
  }, 60_000);

  const open = async (settings: StoreSettings = {}) => new EventStoreDbEventStore({ connectionString: await connection, resubscribeDelayMs: 200, ...settings });

  describeEventStoreConformance('eventstoredb', {
    open,
    reopen: async (store, settings = {}) => {
      await store.close();
      return open(settings);
    },
  });
});
