import type { StoredEvent } from '../src/event-store/event-store.port.js';
import { categoryOf } from './projection.js';

/**
 * Reading a stream for the read side: what every projection shares, whatever its category.
 * Pure; a stream this build cannot read is refused loudly, so the runner stops the projection
 * visibly instead of building a view that silently misses facts.
 */

/** Where a fact in a view comes from, so anyone can check it against an export of the log. */
export type EventRef = {
  readonly streamId: string;
  readonly revision: number;
  /** The global position as a decimal string: positions are 64-bit, JSON numbers are not. */
  readonly position: string;
  readonly eventId: string;
  readonly hash: string;
};

export type ActorRef = { readonly id: string; readonly role: string };

/** A stored event this projection cannot read: an unknown type, another schema version, a broken stream. */
export class UnprojectableEventError extends Error {
  constructor(event: StoredEvent, reason: string) {
    super(`${event.streamId}@${event.revision} (${event.type} v${event.schemaVersion}, position ${event.position}): ${reason}`);
    this.name = 'UnprojectableEventError';
  }
}

/**
 * Today's shape of a stored event of a category (`breach`, `audit`). Every type is read at the
 * version it is written with today (`schemaVersions`); an older version needs an upcaster in
 * the caller first, a newer one a newer build.
 */
export function readStreamEvent<E extends { readonly type: string }>(event: StoredEvent, category: string, schemaVersions: { readonly [T in E['type']]: number }): E {
  requireCategory(event, category);
  const version = (schemaVersions as Readonly<Record<string, number | undefined>>)[event.type];
  if (version === undefined) throw new UnprojectableEventError(event, `unknown ${category} event type`);
  if (event.schemaVersion !== version) throw new UnprojectableEventError(event, `schema version ${event.schemaVersion} is not the v${version} this build reads`);
  return { type: event.type, data: event.data } as unknown as E;
}

/** The id a stream of the category belongs to: `breach-<uuid>` → `<uuid>`. */
export function streamSubjectOf(event: StoredEvent, category: string): string {
  requireCategory(event, category);
  return event.streamId.slice(category.length + 1);
}

function requireCategory(event: StoredEvent, category: string): void {
  if (categoryOf(event.streamId) !== category) throw new UnprojectableEventError(event, `not a${/^[aeiou]/.test(category) ? 'n' : ''} ${category} stream`);
}

/**
 * Idempotent by revision: returns the document when it already reflects the event (a replay
 * after a crash), undefined when the event is the next one. A gap means events were missed,
 * and is refused rather than papered over.
 */
export function replayed<D extends { readonly revision: number }>(document: D | undefined, event: StoredEvent): D | undefined {
  const expected = document === undefined ? 0 : document.revision + 1;
  if (document !== undefined && event.revision < expected) return document;
  if (event.revision !== expected) throw new UnprojectableEventError(event, `expected revision ${expected} of the stream next`);
  return undefined;
}

export function eventRef(event: StoredEvent): EventRef {
  return { streamId: event.streamId, revision: event.revision, position: event.position.toString(), eventId: event.eventId, hash: event.metadata.hash };
}

export function actorOf(event: StoredEvent): ActorRef {
  return { id: event.metadata.actor.id, role: event.metadata.actor.role };
}

/** An import (of the history before this service) marks its events `extensions.source: 'import'`. */
export function isImported(event: StoredEvent): boolean {
  return event.metadata.extensions?.source === 'import';
}

const AMSTERDAM_YEAR = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', year: 'numeric' });

/** The calendar year of an instant in Europe/Amsterdam: the annual report's year (DOMAIN.md). */
export function amsterdamYear(time: string): number {
  const year = AMSTERDAM_YEAR.formatToParts(new Date(time)).find((part) => part.type === 'year');
  if (year === undefined) throw new RangeError(`no year in ${time}`);
  return Number(year.value);
}
