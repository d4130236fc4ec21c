import { setImmediate as nextTurn } from 'node:timers/promises';
import { START, type EventStore, type Position, type StoredEvent } from '../event-store/event-store.port.js';

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
