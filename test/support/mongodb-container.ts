import { afterAll, beforeAll } from '@jest/globals';

interface Started {
  getConnectionString(): string;
  stop(): Promise<unknown>;
}

/**
 * A one-node MongoDB 8.0 replica set for the suite (the stores need one: majority writes,
 * transactions), started in beforeAll and stopped in afterAll. testcontainers is imported
 * in beforeAll, so nothing is loaded or started when the suite is skipped for want of a
 * container runtime. Call inside describeWithContainers; read `uri` in the tests.
 */
export function mongoDbContainer(): { readonly uri: string } {
  let container: Started | undefined;
  const connection = { uri: '' };
  beforeAll(async () => {
    const { MongoDBContainer } = await import('@testcontainers/mongodb');
    container = await new MongoDBContainer('mongo:8.0').start();
    // The container advertises its internal host name in the replica-set config: connect to it directly.
    connection.uri = `${container.getConnectionString()}/?directConnection=true`;
  }, 180_000);
  afterAll(async () => {
    await container?.stop();
  });
  return connection;
}
