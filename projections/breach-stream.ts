import { BREACH_EVENT_SCHEMA_VERSIONS, type BreachEvent } from '../src/breaches/breach.events.js';
import type { StoredEvent } from '../src/event-store/event-store.port.js';
import { readStreamEvent, streamSubjectOf } from './stream.js';

/**
 * Reading a breach stream for the read side: what every breach projection shares. The
 * category-independent part (refusals, replays, event references, the year) is stream.ts's,
 * re-exported here for the breach projections.
 */
export { actorOf, amsterdamYear, eventRef, isImported, isReplayed, replayed, UnprojectableEventError, type ActorRef, type EventRef } from './stream.js';

export const BREACH_CATEGORY = 'breach';

/**
 * Today's shape of a stored breach event. Every type is read at the version it is written
 * with today (all 1); an older version needs an upcaster here first, a newer one a newer build.
 */
export function readBreachEvent(event: StoredEvent): BreachEvent {
  return readStreamEvent<BreachEvent>(event, BREACH_CATEGORY, BREACH_EVENT_SCHEMA_VERSIONS);
}

/** The breach a stream belongs to: `breach-<uuid>` → `<uuid>`. */
export function breachIdOf(event: StoredEvent): string {
  return streamSubjectOf(event, BREACH_CATEGORY);
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
    case 'DataSubjectNotificationWaiverRevoked':
      return event.data.revokedAt;
    case 'BreachLinkedToRecommendation':
      return event.data.linkedAt;
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
    // What the AP form asks besides the facts: answers, not a step in time.
    case 'NotificationDetailsRecorded':
      return null;
    default: {
      const unknown: never = event;
      throw new Error(`unknown breach event ${JSON.stringify(unknown)}`);
    }
  }
}

/** Hours to one decimal, as the timeline and the refusals show them. */
export function oneDecimal(hours: number): number {
  return Math.round(hours * 10) / 10 + 0; // + 0: never a -0 in a document
}
