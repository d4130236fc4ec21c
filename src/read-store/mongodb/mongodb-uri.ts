import type * as MongoDbModule from 'mongodb';
import { createRequire } from 'node:module';
import { redactMessage } from '../../shared/redact.js';

/**
 * Why the driver would not take this URI, in words that quote none of its credentials;
 * undefined when it would. Constructing a client parses the URI and its options and
 * connects to nothing.
 */
export function mongoDbUriProblem(uri: string): string | undefined {
  // The driver is loaded when a URI is checked, not with every process that imports the configuration (~7 MB of heap).
  const { MongoClient } = createRequire(import.meta.url)('mongodb') as typeof MongoDbModule;
  try {
    new MongoClient(uri);
    return undefined;
  } catch (error) {
    return `the driver cannot parse it: ${redactMessage((error as Error).message, uri)}`;
  }
}

/** Whether the URI itself carries `user[:password]@`. */
export function mongoDbUriHasCredentials(uri: string): boolean {
  return /^mongodb(\+srv)?:\/\/[^/?#]*@/.test(uri);
}
