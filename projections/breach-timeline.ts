import { PERSONAL_CORRECTABLE_FIELDS, type BreachEventType } from '../src/breaches/breach.events.js';
import type { StoredEvent } from '../src/event-store/event-store.port.js';
import type { JsonValue } from '../src/shared/json.js';
import { ERASED } from '../src/shared/personal-fields.js';
import { actorOf, BREACH_CATEGORY, breachIdOf, businessTimeOf, eventRef, type ActorRef, type EventRef } from './breach-stream.js';
import { foldBreachSummary, type BreachSummary } from './breach-summary.js';
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

/**
 * (timeline | undefined, events) -> timeline: the summary folded on, the history appended. The
 * timeline folded on by events of its stream in revision order (one, or a stream's run in
 * a build), those it already reflects skipped: the summary folded once (`foldBreachSummary`),
 * each event's step and corrections appended, the document built once.
 */
function foldBreachTimeline(timeline: BreachTimeline | undefined, events: readonly StoredEvent[]): BreachTimeline {
  const corrections = [...(timeline?.corrections ?? [])];
  const entries = [...(timeline?.entries ?? [])];
  const summary = foldBreachSummary(timeline && summaryOf(timeline), events, (event, stored) => {
    const ref = eventRef(stored);
    if (event.type === 'BreachDetailsCorrected') {
      const correctedBy = actorOf(stored);
      for (const correction of event.data.corrections) {
        corrections.push({
          field: correction.field,
          original: correction.from as JsonValue,
          corrected: correction.to as JsonValue,
          reason: event.data.reason,
          correctedBy,
          correctedAt: stored.metadata.recordedAt,
          event: ref,
        });
      }
    }
    entries.push({ step: event.type, businessTime: businessTimeOf(event), recordedAt: stored.metadata.recordedAt, actor: actorOf(stored), event: ref });
  });
  // Every event already reflected: replayed after a crash (`replayed` gives the document back).
  if (summary === undefined) return timeline as BreachTimeline;
  // The summary is the fold's own new object: the history is added to it, not copied around
  // it. A spread into a new literal (`{ ...summary, corrections, entries }`) gave nearly every
  // document a hidden class of its own in V8 (a fold twice as slow, and every reader of the
  // documents, the store's JSON check and text among them, meeting a new shape each time).
  return Object.assign(summary, {
    corrections: summary.personalDataErasedAt ? corrections.map(erasedCorrection) : corrections,
    entries,
  });
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
    return foldBreachTimeline(document, [event]);
  },
  applyAll: foldBreachTimeline,
};
