import type { WritableEvent } from '../append-input.js';
import { indexAfter, type EventSubscription, type Position, type StoredEvent } from '../event-store.port.js';
import type { AppendWritten } from './sqlite-writer-core.js';

/**
 * Events this process committed that live subscriptions are handed instead of reading them
 * back (at least this many of the latest, at most twice as many): enough for every
 * subscription to follow a burst of appends (a group commit carries at most a few hundred),
 * few enough that they stay a few megabytes.
 */
const HANDED_EVENTS = 2048;

/**
 * Wakes waiting subscriptions when this process commits an append, and hands them what it
 * committed (or lets them share what they read).
 */
export class AppendSignal {
  private waiters = new Set<() => void>();
  /** Pages read since the last notify in this turn of the event loop, by what was read. */
  private pages = new Map<string, readonly StoredEvent[]>();
  private forgetting = false;
  private waking = false;
  /** The latest events this process committed, in position order. */
  private recent: StoredEvent[] = [];

  /**
   * Wakes the waiting subscriptions once the current turn of the event loop has run its
   * callbacks: every append of the round just committed is then in `recent` (each is added
   * as its caller's append settles, right after the writer's answer).
   */
  notify(): void {
    this.pages.clear();
    if (this.waking) return;
    this.waking = true;
    setImmediate(() => {
      this.waking = false;
      this.pages.clear();
      const waiters = this.waiters;
      this.waiters = new Set();
      waiters.forEach((wake) => wake());
    });
  }

  /**
   * Keeps the events of appends this process has just committed, as a read of their rows
   * gives them: data and metadata parsed from the very texts the writer stored (the writer
   * adds hash, prevHash and recordedAt after the caller's members, which sort before them).
   */
  committed(appends: readonly { readonly streamId: string; readonly events: readonly WritableEvent[] }[], written: readonly AppendWritten[], recordedAt: string): void {
    const events: StoredEvent[] = [];
    appends.forEach(({ streamId, events: appended }, n) => {
      const { firstRevision, prevHash, positions, hashes } = written[n] as AppendWritten;
      appended.forEach(({ event, texts }, index) => {
        events.push({
          eventId: event.eventId,
          streamId,
          revision: firstRevision + index,
          position: positions[index] as Position,
          type: event.type,
          schemaVersion: event.schemaVersion,
          data: JSON.parse(texts.dataCanonical),
          metadata: {
            ...JSON.parse(`{${texts.metadataCanonical}}`),
            hash: hashes[index] as string,
            prevHash: index === 0 ? prevHash : (hashes[index - 1] as string),
            recordedAt,
          },
        });
      });
    });
    for (const event of events) {
      const last = this.recent[this.recent.length - 1];
      if (last === undefined || last.position < event.position) this.recent.push(event);
      else {
        // Appends settle in the order the writer committed them; kept in position order whatever happens.
        this.recent.push(event);
        this.recent.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
      }
    }
    // Trimmed once it holds twice as many, not on every append past the limit: a copy of the
    // whole list per append (and the push that grew the copy again) was ~40 KB a command pair.
    if (this.recent.length > 2 * HANDED_EVENTS) this.recent = this.recent.slice(-HANDED_EVENTS);
  }

  /**
   * The events this process committed at `after + 1` and the positions right after it, at
   * most `maxCount`; none when the event at `after + 1` is not one of them. Positions are
   * unique and every one of `after + 1 … last` is among the events given, so they are exactly
   * the rows a read after `after` finds up to the last of them, whoever else appends.
   */
  handedAfter(after: Position, maxCount: number): readonly StoredEvent[] {
    const recent = this.recent;
    const low = indexAfter(recent, after);
    const run: StoredEvent[] = [];
    let expected = after + 1n;
    for (let n = low; n < recent.length && run.length < maxCount; n++) {
      const event = recent[n] as StoredEvent;
      if (event.position !== expected) break;
      run.push(event);
      expected += 1n;
    }
    return run;
  }

  /**
   * The page `read` gives, read once for every subscription that asks for the same page (`key`)
   * in the same turn of the event loop and before the next notify: one query and one parse of
   * each row instead of one per subscription, and the subscribers share the event objects (so
   * what they derive per event, such as decrypted fields, can be kept per object). A page kept
   * within the turn is what a read at its first asking gave: positions become visible in order,
   * so it is a page without gaps, only perhaps shorter than a read a moment later, which the
   * subscription makes next (an append in this process notifies first, which forgets it).
   */
  shared(key: string, read: () => readonly StoredEvent[] | undefined): readonly StoredEvent[] | undefined {
    const kept = this.pages.get(key);
    if (kept) return kept;
    const page = read();
    if (page === undefined) return undefined;
    this.pages.set(key, page);
    if (!this.forgetting) {
      this.forgetting = true;
      setImmediate(() => {
        this.forgetting = false;
        this.pages.clear();
      });
    }
    return page;
  }

  /** Resolves on the next notify, or after `ms` (appends by other processes are only seen by looking). */
  wait(ms: number): { promise: Promise<void>; cancel: () => void } {
    let wake!: () => void;
    const promise = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      this.waiters.add(wake);
    });
    return { promise, cancel: wake };
  }
}

export interface PollingSubscriptionOptions {
  readonly afterPosition: Position;
  /** The categories readAfter reads (every stream when absent). */
  readonly categories?: readonly string[];
  /** The next page after a position, at most `pageSize` events; undefined once the store is closed. */
  readonly readAfter: (position: Position) => readonly StoredEvent[] | undefined;
  /** False once the store is closed: no event is handed then either. */
  readonly isOpen: () => boolean;
  readonly pageSize: number;
  readonly signal: AppendSignal;
  readonly pollIntervalMs: number;
  readonly onClose: () => void;
}

/**
 * Catch-up then live over the global order. Because SQLite serialises writers and
 * positions are assigned inside the write lock, a reader never sees a position commit
 * before a lower one: reading "after the last position seen" has no gaps and no repeats.
 *
 * A subscription of every stream takes the events this process committed from the signal
 * instead of reading them back, as long as they follow its position without a gap
 * (`AppendSignal.handedAfter`); then it waits for the next append rather than reading to
 * find nothing. An append of another process that follows them is seen when it looks next:
 * at the next append of this process or after `pollIntervalMs`, as any append of another
 * process is seen. Any gap (another process appended in between) is read as before.
 */
export function pollingSubscription(options: PollingSubscriptionOptions): EventSubscription {
  let closed = false;
  let cancelWait: (() => void) | undefined;
  const reads = options.categories ? JSON.stringify(options.categories) : '';

  async function* events(): AsyncGenerator<StoredEvent> {
    let after = options.afterPosition;
    try {
      while (!closed) {
        const handed = options.categories || !options.isOpen() ? [] : options.signal.handedAfter(after, options.pageSize);
        const from = after;
        const page = handed.length > 0 ? handed : options.signal.shared(`${from}:${reads}`, () => options.readAfter(from));
        if (page === undefined) return;
        for (const event of page) {
          if (closed) return;
          yield event;
          after = event.position;
        }
        // Handed events end where this process's appends end: nothing to read until the next one (or a look after the poll interval).
        const caughtUp = handed.length > 0 ? options.signal.handedAfter(after, 1).length === 0 : page.length === 0;
        if (caughtUp && !closed) {
          const { promise, cancel } = options.signal.wait(options.pollIntervalMs);
          cancelWait = cancel;
          await promise;
          cancelWait = undefined;
        }
      }
    } finally {
      closed = true;
      options.onClose();
    }
  }

  const iterator = events();
  return {
    [Symbol.asyncIterator]: () => iterator,
    async close() {
      if (closed) return;
      closed = true;
      cancelWait?.();
      options.onClose();
    },
  };
}
