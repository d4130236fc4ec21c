import { setImmediate as nextTurn } from 'node:timers/promises';
import { categoryOf } from '../../projections/projection.js';
import type { EventStore, Position, StoredEvent } from '../event-store/event-store.port.js';
import { filtersDataText, readsStoredRows, type StoredRow, type StoredRowReader } from '../event-store/verify.js';
import { personalValues } from '../shared/personal-fields.js';
import { isStorageFull } from '../shared/storage-full.js';
import { looksEncrypted } from './field-encryption.js';
import type { PersonalDataScheme } from './personal-data-codec.js';
import type { PersonalDataKeys } from './personal-data-keys.port.js';

const PAGE = 1000;
/** Positions one filtered query looks at (every row of them, inside SQLite) before the event loop gets a turn. */
const FILTER_WINDOW = 20_000n;
/** How the member name "$enc" of an encrypted field can be written in JSON text: as it is, or with \u escapes. */
const CIPHERTEXT_MARKS = ['$enc', '\\u'] as const;

/** The key store cannot serve the log it is configured beside: the service must not start. */
export class PersonalDataKeysMismatchError extends Error {
  constructor(file: string, reason: string) {
    super(
      `PERSONAL_DATA_KEYS_FILE ${file} cannot serve this log: ${reason}. Restore the key file that belongs to this log (from the backup taken with it); ` +
        'a new or older key file would make personal fields unreadable, and they must never pass for erased',
    );
    this.name = 'PersonalDataKeysMismatchError';
  }
}

/**
 * Checked before the service starts: every subject that has ciphertext in the log has a key
 * or an erasure in the key store. Without it a lost or older key file starts fine and shows
 * itself only as failing commands and projections, and new keys written into a fresh file
 * hide the loss further.
 *
 * Cheap on a long log: the store records how far it was found complete (its coverage: the
 * log's first event id, a position, its number of subjects then), and only the events after
 * that position are read. A store with fewer subjects than then has lost keys; a store
 * without coverage (new, or from before this check) is checked from the first event once.
 */
export async function checkKeyCoverage(events: EventStore, keys: PersonalDataKeys, schemes: readonly PersonalDataScheme[], file: string): Promise<void> {
  const head = await events.headPosition();
  const [first] = await events.readAll({ maxCount: 1 });
  if (head === 0n || !first) return;
  const coverage = await keys.coverage();
  if (coverage && coverage.logId !== first.eventId) throw new PersonalDataKeysMismatchError(file, `it holds the keys of another log (first event ${coverage.logId}, not ${first.eventId})`);
  const subjects = await keys.subjectCount();
  if (coverage && subjects < coverage.subjects) {
    throw new PersonalDataKeysMismatchError(file, `it holds keys of ${subjects} subjects, but held ${coverage.subjects} when the service last started: keys were lost`);
  }
  const bySubject = new Map(schemes.map((scheme) => [scheme.category, scheme]));
  /** Subjects found served: a key or an erasure. */
  const checked = new Set<string>();
  for await (const page of pagesAfter(events, coverage?.position ?? 0n, head)) {
    for (const event of page) {
      const scheme = bySubject.get(categoryOf(event.streamId));
      if (!scheme?.fields[event.type] || !event.mayHoldCiphertext) continue;
      const subject = scheme.subjectOf(event.streamId);
      if (checked.has(subject)) continue;
      // A subject with a key or an erasure is served whatever its events hold: none of them is decoded.
      if ((await keys.get(subject)) !== undefined || (await keys.erasedAt(subject)) !== undefined) {
        checked.add(subject);
        continue;
      }
      if (encryptedSubject(event.decoded(), bySubject) !== undefined) {
        throw new PersonalDataKeysMismatchError(file, `it has no key for ${subject}, which was never erased, though ${event.streamId}@${event.revision} (position ${event.position}) is encrypted under it`);
      }
    }
  }
  await recordCoverage(keys, { logId: first.eventId, position: head, subjects: await keys.subjectCount() });
}

/**
 * The check passed; recording how far only spares the next start some reading. So a full
 * disk does not keep the service from starting (it serves reads, and answers writes 503).
 */
async function recordCoverage(keys: PersonalDataKeys, coverage: Parameters<PersonalDataKeys['recordCoverage']>[0]): Promise<void> {
  try {
    await keys.recordCoverage(coverage);
  } catch (error) {
    if (!isStorageFull(error)) throw error;
  }
}

/** An event of the range: what the check needs without decoding, and the event decoded when it needs more. */
interface CheckedEvent {
  readonly streamId: string;
  readonly type: string;
  readonly revision: number;
  readonly position: Position;
  /** False only when its stored data cannot hold an encrypted field (canHoldCiphertext). */
  readonly mayHoldCiphertext: boolean;
  decoded(): StoredEvent;
}

/**
 * Whether a stored data text can hold an encrypted field, an object with the member "$enc"
 * (looksEncrypted): in JSON text that name is written as it is, or with \u escapes (its
 * characters need no other escape). Without either, JSON.parse cannot give it.
 */
export function canHoldCiphertext(data: string): boolean {
  return data.includes(CIPHERTEXT_MARKS[0]) || data.includes(CIPHERTEXT_MARKS[1]);
}

/**
 * The events after `after` up to `head`, a page at a time. From a store that hands out its rows
 * undecoded (SQLite), the rows as they are: an event is decoded only when its text can hold
 * ciphertext and its subject has neither a key nor an erasure (to word the refusal), where
 * decoding every event was most of the check's time (15 s of a 1M log's 26 s start on a
 * loaded machine). A store that can filter its rows by their text (SQLite) hands out only the
 * rows whose text can hold ciphertext, a window of positions per query: the others are passed
 * over inside SQLite, where reading every row into JavaScript was the whole of a first start's
 * wait for /health on a 3M log (12-17 s). Other stores: their decoded events.
 */
async function* pagesAfter(events: EventStore, after: Position, head: Position): AsyncGenerator<readonly CheckedEvent[]> {
  if (filtersDataText(events)) {
    for (let from = after; from < head; from += FILTER_WINDOW) {
      const to = from + FILTER_WINDOW < head ? from + FILTER_WINDOW : head;
      const page = events.readRowsWhereDataContains(from, to, CIPHERTEXT_MARKS).map((row) => checkedRow(events, row));
      if (page.length > 0) yield page;
      await nextTurn();
    }
    return;
  }
  const rows = readsStoredRows(events) ? events : undefined;
  while (after < head) {
    const page: readonly CheckedEvent[] = rows
      ? rows.readAllRows(after, PAGE).map((row) => checkedRow(rows, row))
      : (await events.readAll({ afterPosition: after, maxCount: PAGE })).map((event) => ({ ...event, mayHoldCiphertext: true, decoded: () => event }));
    const within = page.filter((event) => event.position <= head);
    if (within.length > 0) yield within;
    const last = page.at(-1);
    if (!last || within.length < page.length) return;
    after = last.position;
  }
}

/** A stored row as the check looks at it, decoded only when asked. */
function checkedRow(rows: StoredRowReader, row: StoredRow): CheckedEvent {
  return {
    streamId: row.stream_id,
    type: row.type,
    revision: Number(row.revision),
    position: row.position,
    mayHoldCiphertext: canHoldCiphertext(row.data),
    decoded: () => rows.decodeRow(row),
  };
}

/** The subject an event holds ciphertext of, if it holds any. */
function encryptedSubject(event: StoredEvent, schemes: ReadonlyMap<string, PersonalDataScheme>): string | undefined {
  const scheme = schemes.get(categoryOf(event.streamId));
  const patterns = scheme?.fields[event.type];
  if (!scheme || !patterns) return undefined;
  return personalValues(event.data, patterns).some(({ value }) => looksEncrypted(value)) ? scheme.subjectOf(event.streamId) : undefined;
}
