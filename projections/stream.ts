import type { StoredEvent } from '../src/event-store/event-store.port.js';
import type { AnyStreamEvent, SchemaVersions } from '../src/shared/stream-events.js';
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
export function readStreamEvent<E extends { readonly type: string }>(event: StoredEvent, category: string, schemaVersions: SchemaVersions<E>): E {
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
  return isReplayed(document?.revision, event) ? document : undefined;
}

/**
 * `replayed` for a fold that tracks the revision it has reached (undefined: nothing folded
 * yet): true when the event is already reflected, false when it is the next one; a gap throws.
 */
export function isReplayed(revision: number | undefined, event: StoredEvent): boolean {
  const expected = revision === undefined ? 0 : revision + 1;
  if (revision !== undefined && event.revision < expected) return true;
  if (event.revision !== expected) throw new UnprojectableEventError(event, `expected revision ${expected} of the stream next`);
  return false;
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

const AMSTERDAM_YEAR_MONTH = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: 'numeric' });
const HOUR_MS = 3_600_000;
/** From 1946 on, Europe/Amsterdam is UTC+1 or UTC+2: an instant's local year and month depend only on its UTC hour. */
const WHOLE_HOUR_OFFSETS_FROM_MS = Date.UTC(1946, 0, 1);
/**
 * The last UTC day of the month on which the local month can still be the UTC month: an offset
 * of at most two hours moves an instant at most into the next day, and every month has a 28th.
 */
const SAME_MONTH_UP_TO_DAY = 27;
/** Bounds the memos: a year's reports touch a few thousand distinct hours. */
const MAX_MEMO_ENTRIES = 65_536;
const memoByHour = new Map<number, AmsterdamYearMonth>();
const memoByMonth = new Map<number, AmsterdamYearMonth>();

export interface AmsterdamYearMonth {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
}

function formatYearMonth(ms: number): AmsterdamYearMonth {
  const parts = AMSTERDAM_YEAR_MONTH.formatToParts(new Date(ms));
  const year = parts.find((part) => part.type === 'year');
  const month = parts.find((part) => part.type === 'month');
  if (year === undefined || month === undefined) throw new RangeError(`no year and month in ${new Date(ms).toISOString()}`);
  return yearMonth(Number(year.value), Number(month.value));
}

/** One object per month, so the memos and the callers share it. */
function yearMonth(year: number, month: number): AmsterdamYearMonth {
  const key = year * 12 + month;
  let known = memoByMonth.get(key);
  if (known === undefined) {
    if (memoByMonth.size >= MAX_MEMO_ENTRIES) memoByMonth.clear();
    known = { year, month };
    memoByMonth.set(key, known);
  }
  return known;
}

/**
 * The calendar year and month of an instant in Europe/Amsterdam. The folds ask it for every
 * breach and the yearly figures for every breach on every request; Intl's formatter costs
 * microseconds a call. Up to the 27th of a UTC month the local month is the UTC month (the
 * offset is one or two hours), read from the date itself; nearer a month's end the answer is
 * Intl's, kept per UTC hour (exact: since 1946 the offset is a whole number of hours).
 */
export function amsterdamYearMonth(time: string): AmsterdamYearMonth {
  const ms = Date.parse(time);
  if (Number.isNaN(ms)) throw new RangeError(`no year in ${time}`);
  if (ms < WHOLE_HOUR_OFFSETS_FROM_MS) return formatYearMonth(ms);
  const utc = new Date(ms);
  if (utc.getUTCDate() <= SAME_MONTH_UP_TO_DAY) return yearMonth(utc.getUTCFullYear(), utc.getUTCMonth() + 1);
  const hour = Math.floor(ms / HOUR_MS);
  let known = memoByHour.get(hour);
  if (known === undefined) {
    if (memoByHour.size >= MAX_MEMO_ENTRIES) memoByHour.clear();
    known = formatYearMonth(hour * HOUR_MS);
    memoByHour.set(hour, known);
  }
  return known;
}

/** The calendar year of an instant in Europe/Amsterdam: the annual report's year (docs/domain.md). */
export function amsterdamYear(time: string): number {
  return amsterdamYearMonth(time).year;
}

// ---------------------------------------------------------------------------------------
// Categories with upcasters (DPIAs, the register), and the evidence a view cites.

export interface StreamReader<E extends AnyStreamEvent> {
  readonly category: string;
  /** The version each type is written with today. */
  readonly schemaVersions: SchemaVersions<E>;
  /** An older version read as today's, or null when there is no upcaster for it. */
  readonly upcast?: (type: string, schemaVersion: number, data: unknown) => E | null;
}

/** Today's shape of a stored event of the reader's category, older versions through its upcaster. */
export function readCategoryEvent<E extends AnyStreamEvent>(reader: StreamReader<E>, event: StoredEvent): E {
  const version = (reader.schemaVersions as Readonly<Record<string, number | undefined>>)[event.type];
  if (version === undefined || event.schemaVersion >= version || reader.upcast === undefined) return readStreamEvent<E>(event, reader.category, reader.schemaVersions);
  requireCategory(event, reader.category);
  const upcast = reader.upcast(event.type, event.schemaVersion, event.data);
  if (upcast === null) throw new UnprojectableEventError(event, `schema version ${event.schemaVersion} is not the v${version} this build reads`);
  return upcast;
}

/** The id a stream of the category names, as a definition's documentId: `dpia-<uuid>` → `<uuid>`. */
export function idInCategory(category: string): (event: StoredEvent) => string {
  return (event) => streamSubjectOf(event, category);
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
