import { setImmediate as nextTurn } from 'node:timers/promises';
import { START, type EventStore, type Position, type StoredEvent } from '../event-store/event-store.port.js';
import { readsStoredRows, storedHashOf, type ChainVerifier, type RowCheck, type StoredRow, type StoredRowReader } from '../event-store/verify.js';

/** The longest stretch whole-log work holds the event loop before it gives other requests a turn. */
export const SLICE_MS = 8;
const PAGE = 1000;

/**
 * Keeps long work on the event loop in short slices: `due()` is cheap enough to call per
 * event, and `pause()` gives pending I/O (requests, /health, appends) a turn once a slice is
 * used up. Awaiting the store's promise alone does not: an embedded store answers at once, so
 * without a macrotask a whole-log pass would hold the loop from its first page to its last.
 */
export class Slices {
  private since = performance.now();
  private calls = 0;

  constructor(private readonly sliceMs = SLICE_MS) {}

  /** Whether the current slice is used up (the clock is read every 32 calls). */
  due(): boolean {
    this.calls += 1;
    return (this.calls & 31) === 0 && performance.now() - this.since >= this.sliceMs;
  }

  async pause(): Promise<void> {
    await nextTurn();
    this.since = performance.now();
  }

}

/**
 * The log after `after`, in global order, page by page (memory stays one page). Between pages
 * the event loop gets a turn when the slice is used up; consumers that spend time per event
 * call `if (slices.due()) await slices.pause()` as they go.
 */
export async function* logPages(events: EventStore, after: Position = START, slices = new Slices()): AsyncGenerator<readonly StoredEvent[]> {
  for (let from = after; ; ) {
    const page = await events.readAll({ afterPosition: from, maxCount: PAGE });
    if (page.length > 0) yield page;
    const last = page.at(-1);
    if (!last || page.length < PAGE) return;
    from = last.position;
    if (slices.due()) await slices.pause();
  }
}

/** An event's place in the log and its stored hash: what the Merkle tree is built from. */
export interface LogLeaf {
  readonly position: Position;
  readonly hash: string;
}

/**
 * The leaves of the log after `after`, page by page. From a store that hands out its rows
 * (SQLite), the hash is read off the stored metadata text without parsing it (a row of
 * another shape is decoded); from any other store, off the decoded events.
 */
export async function* leafPages(events: EventStore, after: Position = START, slices = new Slices()): AsyncGenerator<readonly LogLeaf[]> {
  if (!readsStoredRows(events)) {
    for await (const page of logPages(events, after, slices)) yield page.map(({ position, metadata }) => ({ position, hash: metadata.hash }));
    return;
  }
  for await (const rows of rowPages(events, after, slices)) {
    yield rows.map((row) => ({ position: row.position, hash: storedHashOf(row.metadata) ?? events.decodeRow(row).metadata.hash }));
  }
}

/**
 * Every event of the log checked against its stream's chain, page by page: rows checked from
 * their stored text where the store hands them out (ChainVerifier.checkRow), decoded events
 * otherwise. A CorruptEventError is thrown on, as the port's reads throw it.
 */
export async function* checkedPages(events: EventStore, chains: ChainVerifier, slices = new Slices()): AsyncGenerator<readonly RowCheck[]> {
  if (!readsStoredRows(events)) {
    for await (const page of logPages(events, START, slices)) {
      yield page.map((event): RowCheck => {
        const broken = chains.check(event);
        return broken ? { broken } : { hash: event.metadata.hash };
      });
    }
    return;
  }
  const decode = (row: StoredRow) => events.decodeRow(row);
  for await (const rows of rowPages(events, START, slices)) yield rows.map((row) => chains.checkRow(row, decode));
}

/**
 * The stored rows after `after`, undecoded, page by page (memory stays one page of texts). A
 * page is read in one synchronous call: `pageSize` bounds how long that holds the event loop.
 */
export async function* rowPages(rows: StoredRowReader, after: Position = START, slices = new Slices(), pageSize = PAGE): AsyncGenerator<readonly StoredRow[]> {
  for (let from = after; ; ) {
    const page = rows.readAllRows(from, pageSize);
    if (page.length > 0) yield page;
    const last = page.at(-1);
    if (!last || page.length < pageSize) return;
    from = last.position;
    if (slices.due()) await slices.pause();
  }
}
