import { BREACH_EVENT_SCHEMA_VERSIONS, type BreachEvent, type BreachEventType } from '../src/breaches/breach.events.js';
import type { StoredEvent } from '../src/event-store/event-store.port.js';
import { categoryOf } from './projection.js';

/**
 * Reading a breach stream for the read side: what every breach projection shares. Pure;
 * a stream this build cannot read is refused loudly, so the runner stops the projection
 * visibly instead of building a view that silently misses facts.
 */

export const BREACH_CATEGORY = 'breach';

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
 * Today's shape of a stored breach event. Every type is read at the version it is written
 * with today (all 1); an older version needs an upcaster here first, a newer one a newer build.
 */
export function readBreachEvent(event: StoredEvent): BreachEvent {
  if (categoryOf(event.streamId) !== BREACH_CATEGORY) throw new UnprojectableEventError(event, 'not a breach stream');
  const version = (BREACH_EVENT_SCHEMA_VERSIONS as Readonly<Record<string, number | undefined>>)[event.type];
  if (version === undefined) throw new UnprojectableEventError(event, 'unknown breach event type');
  if (event.schemaVersion !== version) throw new UnprojectableEventError(event, `schema version ${event.schemaVersion} is not the v${version} this build reads`);
  return { type: event.type as BreachEventType, data: event.data } as unknown as BreachEvent;
}

/** The breach a stream belongs to: `breach-<uuid>` → `<uuid>`. */
export function breachIdOf(event: StoredEvent): string {
  if (categoryOf(event.streamId) !== BREACH_CATEGORY) throw new UnprojectableEventError(event, 'not a breach stream');
  return event.streamId.slice(BREACH_CATEGORY.length + 1);
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

/** The business time an event asserts (its own `…At` field), or null for events without one. */
export function businessTimeOf(event: BreachEvent): string | null {
  switch (event.type) {
    case 'BreachDetected':
      return event.data.awareAt;
    case 'DpoInformed':
      return event.data.informedAt;
    case 'DpoAdviceGiven':
      return event.data.advisedAt;
    case 'BreachAssessed':
      return event.data.assessedAt;
    case 'BreachReportedToAP':
      return event.data.reportedAt;
    case 'BreachReportSupplemented':
      return event.data.supplementedAt;
    case 'BreachReportWithdrawn':
      return event.data.withdrawnAt;
    case 'DataSubjectsNotified':
      return event.data.notifiedAt;
    case 'DataSubjectNotificationWaived':
      return event.data.waivedAt;
    case 'MeasureTaken':
      return event.data.takenAt;
    case 'LateReasonAssessed':
      return event.data.assessedAt;
    case 'BreachClosed':
      return event.data.closedAt;
    case 'PersonalDataErased':
      return event.data.erasedAt;
    case 'RootCauseRecorded':
    case 'BreachDetailsCorrected':
      return null;
    default: {
      const unknown: never = event;
      throw new Error(`unknown breach event ${JSON.stringify(unknown)}`);
    }
  }
}

const AMSTERDAM_YEAR = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', year: 'numeric' });

/** The calendar year of an instant in Europe/Amsterdam: the annual report's year (DOMAIN.md). */
export function amsterdamYear(time: string): number {
  const year = AMSTERDAM_YEAR.formatToParts(new Date(time)).find((part) => part.type === 'year');
  if (year === undefined) throw new RangeError(`no year in ${time}`);
  return Number(year.value);
}

/** Hours to one decimal, as the timeline and the refusals show them. */
export function oneDecimal(hours: number): number {
  return Math.round(hours * 10) / 10 + 0; // + 0: never a -0 in a document
}
