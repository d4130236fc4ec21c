import type { StoredEvent } from '../src/event-store/event-store.port.js';
import { actorOf, eventRef, UnprojectableEventError, type ActorRef, type EventRef } from './breach-stream.js';
import { categoryOf } from './projection.js';

/**
 * Reading the streams of one category for the read side (DPIAs, the register, audits), as
 * breach-stream.ts does for breaches: a stream this build cannot read is refused loudly, so
 * the runner stops the projection visibly instead of building a view that misses facts.
 */

type AnyEvent = { readonly type: string; readonly data: object };

export interface StreamReader<E extends AnyEvent> {
  readonly category: string;
  /** The version each type is written with today. */
  readonly schemaVersions: { readonly [T in E['type']]: number };
  /** An older version read as today's, or null when there is no upcaster for it. */
  readonly upcast?: (type: string, schemaVersion: number, data: unknown) => E | null;
}

/** Today's shape of a stored event of the reader's category. */
export function readCategoryEvent<E extends AnyEvent>(reader: StreamReader<E>, event: StoredEvent): E {
  if (categoryOf(event.streamId) !== reader.category) throw new UnprojectableEventError(event, `not a ${reader.category} stream`);
  const version = (reader.schemaVersions as Readonly<Record<string, number | undefined>>)[event.type];
  if (version === undefined) throw new UnprojectableEventError(event, `unknown ${reader.category} event type`);
  if (event.schemaVersion === version) return { type: event.type, data: event.data } as unknown as E;
  const upcast = event.schemaVersion < version ? reader.upcast?.(event.type, event.schemaVersion, event.data) : null;
  if (upcast == null) throw new UnprojectableEventError(event, `schema version ${event.schemaVersion} is not the v${version} this build reads`);
  return upcast;
}

/** The id a stream of the category names: `dpia-<uuid>` → `<uuid>`. */
export function idInCategory(category: string): (event: StoredEvent) => string {
  return (event) => {
    if (categoryOf(event.streamId) !== category) throw new UnprojectableEventError(event, `not a ${category} stream`);
    return event.streamId.slice(category.length + 1);
  };
}

/** One event of a stream as a view cites it: what, when (business and recorded), who, and the reference that proves it. */
export type EvidenceEntry = {
  readonly type: string;
  readonly businessTime: string | null;
  readonly recordedAt: string;
  readonly actor: ActorRef;
  readonly event: EventRef;
};

export function evidenceOf(stored: StoredEvent, businessTime: string | null): EvidenceEntry {
  return { type: stored.type, businessTime, recordedAt: stored.metadata.recordedAt, actor: actorOf(stored), event: eventRef(stored) };
}
