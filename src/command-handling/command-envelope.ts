import type { Actor } from '../event-store/event-store.port.js';

/** What the HTTP layer (or any other door) knows about a command besides its payload. */
export interface CommandEnvelope {
  /** The authenticated identity; never taken from the body. */
  readonly actor: Actor;
  /** `Idempotency-Key`, or generated when absent: becomes the events' commandId. */
  readonly idempotencyKey: string;
  /** Fingerprint of the request (route and body): the same key with another body is refused. */
  readonly requestHash: string;
  readonly correlationId: string;
  /** `If-Match`: the revision the client based its command on. */
  readonly expectedRevision?: number;
}
