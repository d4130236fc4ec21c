import { hash as digest } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { EventMetadata, StoredEvent } from './event-store.port.js';

/** prevHash of revision 0. */
export const GENESIS_HASH = '0'.repeat(64);

/** Everything the hash covers: the envelope minus `hash`, and minus `position`, which
 * EventStoreDB assigns only after the write, so no appender can know it beforehand. */
export type SealableEnvelope = Omit<StoredEvent, 'position' | 'metadata'> & {
  readonly metadata: Omit<EventMetadata, 'hash'>;
};

/** hash = sha256(prevHash || canonicalJson(envelope without hash)), hex. */
export function chainHash(envelope: SealableEnvelope): string {
  // One call per digest (crypto.hash): the same bytes, without a Hash object per event.
  return digest('sha256', envelope.metadata.prevHash + canonicalJson(hashedPart(envelope)), 'hex');
}

function hashedPart(envelope: SealableEnvelope): SealableEnvelope {
  const { eventId, streamId, revision, type, schemaVersion, data } = envelope;
  const { hash: _ignored, ...metadata } = envelope.metadata as EventMetadata;
  return { eventId, streamId, revision, type, schemaVersion, data, metadata };
}

export function seal(envelope: SealableEnvelope): Omit<StoredEvent, 'position'> {
  return { ...envelope, metadata: { ...envelope.metadata, hash: chainHash(envelope) } };
}
