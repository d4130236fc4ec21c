import { readFileSync } from 'node:fs';
import { clusterSetupFor, setUpCluster, whenClusterAnswers } from '../event-store/eventstoredb/cluster-setup.js';
import { readCredentials } from '../engines.js';

/**
 * Prepares a secure KurrentDB cluster for the service, once (docker/compose.prod.yml runs it
 * before the service starts; running it again does no harm):
 *   KURRENTDB_NODE=node1:2113 KURRENTDB_CA_FILE=/certs/ca/ca.crt
 *   KURRENTDB_ADMIN_PASSWORD_FILE=/run/secrets/kurrentdb-admin-password
 *   EVENTSTORE_CONNECTION_STRING=esdb://node1:2113,node2:2113,node3:2113?tls=true&tlsCAFile=/certs/ca/ca.crt
 *   EVENTSTORE_USERNAME=privacy-ledger EVENTSTORE_PASSWORD_FILE=/run/secrets/eventstore-password
 *   node dist/src/cli/init-kurrentdb.js
 */
async function main(): Promise<number> {
  const env = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is required`);
    return value;
  };
  const log = (message: string) => console.log(`init-kurrentdb: ${message}`);
  try {
    const admin = readCredentials('KURRENTDB_ADMIN_PASSWORD_FILE', { username: 'admin', passwordFile: env('KURRENTDB_ADMIN_PASSWORD_FILE') });
    const service = readCredentials('EVENTSTORE_PASSWORD_FILE', { username: env('EVENTSTORE_USERNAME'), passwordFile: env('EVENTSTORE_PASSWORD_FILE') });
    const setup = clusterSetupFor({ node: env('KURRENTDB_NODE'), ca: readFileSync(env('KURRENTDB_CA_FILE')), connectionString: env('EVENTSTORE_CONNECTION_STRING'), log });
    await whenClusterAnswers(() => setUpCluster(setup, admin, service), log);
    log('done');
    return 0;
  } catch (error) {
    console.error(`init-kurrentdb: ${(error as Error).message}`);
    return 1;
  }
}

process.exitCode = await main();
