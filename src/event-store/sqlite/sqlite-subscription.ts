import type { EventSubscription, Position, StoredEvent } from '../event-store.port.js';

/** Wakes waiting subscriptions when this process commits an append. */
export class AppendSignal {
  private waiters = new Set<() => void>();

  notify(): void {
    const waiters = this.waiters;
    this.waiters = new Set();
    waiters.forEach((wake) => wake());
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
  /** The next page after a position; undefined once the store is closed. */
  readonly readAfter: (position: Position) => readonly StoredEvent[] | undefined;
  readonly signal: AppendSignal;
  readonly pollIntervalMs: number;
  readonly onClose: () => void;
}

/**
 * Catch-up then live over the global order. Because SQLite serialises writers and
 * positions are assigned inside the write lock, a reader never sees a position commit
 * before a lower one: reading "after the last position seen" has no gaps and no repeats.
 */
export function pollingSubscription(options: PollingSubscriptionOptions): EventSubscription {
  let closed = false;
  let cancelWait: (() => void) | undefined;

  async function* events(): AsyncGenerator<StoredEvent> {
    let after = options.afterPosition;
    try {
      while (!closed) {
        const page = options.readAfter(after);
        if (page === undefined) return;
        for (const event of page) {
          if (closed) return;
          yield event;
          after = event.position;
        }
        if (page.length === 0) {
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
