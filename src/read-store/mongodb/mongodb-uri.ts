import { MongoClient } from 'mongodb';
import { redactMessage } from '../../shared/redact.js';

/**
 * Why the driver would not take this URI, in words that quote none of its credentials;
 * undefined when it would. Constructing a client parses the URI and its options and
 * connects to nothing.
 */
export function mongoDbUriProblem(uri: string): string | undefined {
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
