import type { StoredEvent } from '../event-store/event-store.port.js';

/** A stored event as JSON: the full envelope, with the 64-bit position as a decimal string. */
export type WireEvent = Omit<StoredEvent, 'position'> & { readonly position: string };

export function toWireEvent(event: StoredEvent): WireEvent {
  return { ...event, position: event.position.toString() };
}
