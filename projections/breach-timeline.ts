import { PERSONAL_CORRECTABLE_FIELDS, type BreachEventType } from '../src/breaches/breach.events.js';
import type { StoredEvent } from '../src/event-store/event-store.port.js';
import type { JsonValue } from '../src/shared/json.js';
import { ERASED } from '../src/shared/personal-fields.js';
import { actorOf, BREACH_CATEGORY, breachIdOf, businessTimeOf, eventRef, readBreachEvent, replayed, type ActorRef, type EventRef } from './breach-stream.js';
import { evolveBreachSummary, type BreachSummary } from './breach-summary.js';
import type { ProjectionDefinition } from './projection.js';

/**
 * One breach from detection to closure: its facts as they stand now, every event as a
 * step with the reference that proves it (an answer to the AP cites these), and every
 * correction with the original and corrected value, who made it, when and why (docs/domain.md:
 * "the timeline shows the original and the corrected value").
 */

export type TimelineEntry = {
  readonly step: BreachEventType;
  /** The event's own business time (`awareAt`, `reportedAt`, ...) as recorded, or null when it has none. */
  readonly businessTime: string | null;
  readonly recordedAt: string;
  readonly actor: ActorRef;
  readonly event: EventRef;
};

export type TimelineCorrection = {
  readonly field: string;
  readonly original: JsonValue;
  readonly corrected: JsonValue;
  readonly reason: string;
  readonly correctedBy: ActorRef;
  readonly correctedAt: string;
  readonly event: EventRef;
};

export type BreachTimeline = BreachSummary & {
  readonly corrections: readonly TimelineCorrection[];
  readonly entries: readonly TimelineEntry[];
};

/** (timeline | undefined, event) -> timeline: the summary folded on, the history appended. */
export function evolveBreachTimeline(timeline: BreachTimeline | undefined, stored: StoredEvent): BreachTimeline {
  const event = readBreachEvent(stored);
  const ref = eventRef(stored);
  const correctedBy = actorOf(stored);
  const newCorrections: TimelineCorrection[] =
    event.type === 'BreachDetailsCorrected'
      ? event.data.corrections.map((correction) => ({
          field: correction.field,
          original: correction.from as JsonValue,
          corrected: correction.to as JsonValue,
          reason: event.data.reason,
          correctedBy,
          correctedAt: stored.metadata.recordedAt,
          event: ref,
        }))
      : [];
  const entry: TimelineEntry = { step: event.type, businessTime: businessTimeOf(event), recordedAt: stored.metadata.recordedAt, actor: actorOf(stored), event: ref };
  const summary = evolveBreachSummary(timeline && summaryOf(timeline), stored);
  const corrections = [...(timeline?.corrections ?? []), ...newCorrections];
  return {
    ...summary,
    corrections: summary.personalDataErasedAt ? corrections.map(erasedCorrection) : corrections,
    entries: [...(timeline?.entries ?? []), entry],
  };
}

const personalCorrection: readonly string[] = PERSONAL_CORRECTABLE_FIELDS;

/** After erasure: the reason of every correction, and both values of a corrected text (title, description), read "[erased]". */
function erasedCorrection(correction: TimelineCorrection): TimelineCorrection {
  const text = personalCorrection.includes(correction.field);
  const erase = (value: JsonValue) => (text && value !== null ? ERASED : value);
  return { ...correction, original: erase(correction.original), corrected: erase(correction.corrected), reason: ERASED };
}

export function summaryOf(timeline: BreachTimeline): BreachSummary {
  const { corrections: _corrections, entries: _entries, ...summary } = timeline;
  return summary;
}

export const breachTimeline: ProjectionDefinition<BreachTimeline> = {
  // v2: the summary's new facts (regime, processorInformedAt, withdrawal grounds, re-filings, waiver revocations, root causes).
  name: 'breach-timeline.v2',
  category: BREACH_CATEGORY,
  indexes: ['year', 'dienst', 'reportingStatus', 'closed'],
  documentId: breachIdOf,
  documentPerStream: true,
  apply(document, event) {
    return replayed(document, event) ?? evolveBreachTimeline(document, event);
  },
};
