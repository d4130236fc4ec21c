import type * as EventStoreDbClientModule from '@eventstore/db-client';
import type { EventStoreDBClient } from '@eventstore/db-client';
import type * as ParserModule from '@eventstore/db-client/dist/Client/parseConnectionString.js';
import { createRequire } from 'node:module';
import { redactMessage } from '../../shared/redact.js';

/*
 * The client is loaded when a connection string is checked or used, not with every process
 * that imports the configuration: ~6 MB of heap the embedded default never needs.
 */
const require = createRequire(import.meta.url);
// The client's own parser (not re-exported by the package): what it accepts is what works.
const parseConnectionString = (connection: string): unknown =>
  (require('@eventstore/db-client/dist/Client/parseConnectionString.js') as typeof ParserModule).parseConnectionString(connection);

/*
 * @eventstore/db-client 6.2.1 understands `esdb://` and `esdb+discover://` only. KurrentDB's
 * newer clients also take `kurrentdb://` and `kdb://`; this one throws on them, with the
 * whole string (credentials included) in the message. And for an option it does not know,
 * or `tlsVerifyCert=false`, it writes a warning quoting the whole string to the console.
 * So the configuration is checked here, with the client's parser, before the client sees
 * it, and no message from here ever holds the string or a part of it.
 */

/** The query options the client reads (its parser matches them ignoring case, `-` and `_`). */
const OPTIONS = [
  'connectionName',
  'maxDiscoverAttempts',
  'discoveryInterval',
  'gossipTimeout',
  'nodePreference',
  'tls',
  'tlsVerifyCert',
  'tlsCAFile',
  'userCertFile',
  'userKeyFile',
  'defaultDeadline',
  'throwOnAppendFailure',
  'keepAliveInterval',
  'keepAliveTimeout',
] as const;

const flat = (key: string) => key.trim().toLowerCase().replace(/[_-]/g, '');
const SCHEME = /^([^:/?#@]+):\/\//;

export interface EventStoreCredentials {
  readonly username: string;
  readonly password: string;
}

/** Why the client would not take this connection string, in words that quote none of it; undefined when it would. */
export function connectionStringProblem(connection: string): string | undefined {
  const scheme = SCHEME.exec(connection.trim())?.[1];
  if (scheme === undefined) return 'not a connection string: it starts with esdb:// or esdb+discover://';
  if (scheme !== 'esdb' && scheme !== 'esdb+discover') {
    const known = ['kurrentdb', 'kurrentdb+discover', 'kdb', 'kdb+discover'].includes(scheme);
    return known
      ? `${scheme}:// is not understood by the client this service uses (@eventstore/db-client 6.2.1): write esdb:// (or esdb+discover://) with the same hosts and options; KurrentDB answers both`
      : 'the scheme must be esdb:// or esdb+discover://';
  }
  const query = connection.includes('?') ? connection.slice(connection.indexOf('?') + 1) : '';
  for (const pair of query.split('&').filter(Boolean)) {
    const [key = '', value = ''] = pair.split('=');
    if (!OPTIONS.some((option) => flat(option) === flat(key))) {
      return `option ${JSON.stringify(key.slice(0, 40))} is not one the client reads (${OPTIONS.join(', ')})`;
    }
    if (flat(key) === 'tlsverifycert' && value.trim() === 'false') return 'tlsVerifyCert=false has no effect in this client: name the CA certificate with tlsCAFile instead';
  }
  try {
    parseConnectionString(connection);
  } catch (error) {
    const { location, expected } = error as { location?: readonly [number, number]; expected?: string };
    return `the client cannot parse it${location ? ` (at character ${location[0]})` : ''}${expected ? `: expected ${expected}` : ''}`;
  }
  return undefined;
}

/** Whether the string itself carries `user:password@`. */
export function hasCredentials(connection: string): boolean {
  return /^[^:/?#@]+:\/\/[^?#/]*@/.test(connection.trim());
}

/**
 * The client for a checked connection string, signing in as `credentials` when given (the
 * password comes from a secret file, never from the string in the environment). A failure
 * names neither the string nor the password.
 */
export function connectEventStore(connection: string, credentials?: EventStoreCredentials): EventStoreDBClient {
  const problem = connectionStringProblem(connection);
  if (problem) throw new Error(`EVENTSTORE_CONNECTION_STRING: ${problem}`);
  const full = credentials ? withCredentials(connection, credentials) : connection;
  try {
    return (require('@eventstore/db-client') as typeof EventStoreDbClientModule).EventStoreDBClient.connectionString(full);
  } catch (error) {
    // No cause attached: the client's error quotes the string, password included.
    // eslint-disable-next-line preserve-caught-error
    throw new Error(`cannot connect to EventStoreDB: ${redactMessage((error as Error).message, full)}`);
  }
}

/** `esdb://user:password@hosts…`, both percent-encoded: the parser splits on the first `:` and decodes each part. */
export function withCredentials(connection: string, { username, password }: EventStoreCredentials): string {
  const trimmed = connection.trim();
  const [, scheme = ''] = SCHEME.exec(trimmed) ?? [];
  const rest = trimmed.slice(scheme.length + 3).replace(/^[^?#/]*@/, '');
  return `${scheme}://${encodeURIComponent(username)}:${encodeURIComponent(password)}@${rest}`;
}
