/**
 * Where the installation's request-fingerprint secret is kept (request-fingerprint.ts). Every
 * instance must fingerprint with the same secret, or a retried command sent to another host
 * would be refused as a reused Idempotency-Key with another body: the embedded default keeps
 * it in a file of the data folder, READ_STORE=mongodb in the shared database. It is read once,
 * before Nest builds the routes (app.factory.ts), so no injection token: nothing injects it.
 */
export interface FingerprintKeyStore {
  /** The 32-byte secret; created on first use, once: racing creators all end up with the first one's. */
  load(): Promise<Buffer>;
  close(): Promise<void>;
}
