/**
 * Group commit: appends that arrive while the event loop is busy are written in one
 * transaction, so a single fsync acknowledges all of them. Each request still succeeds
 * or fails on its own (the commit function isolates them), in arrival order.
 */
export type Outcome<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

interface Pending<Q, R> {
  readonly request: Q;
  readonly resolve: (value: R) => void;
  readonly reject: (error: unknown) => void;
}

export class GroupCommit<Q, R> {
  private queue: Pending<Q, R>[] = [];
  private scheduled = false;
  private counters = { commits: 0, requests: 0 };

  constructor(
    /** Writes a batch in one transaction; returns one outcome per request, in order. */
    private readonly commit: (requests: readonly Q[]) => Outcome<R>[],
    private readonly maxBatch: number,
    /** Called after each batch commits, with the number of requests that succeeded. */
    private readonly afterCommit: (succeeded: number) => void = () => undefined,
  ) {}

  submit(request: Q): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // setImmediate, not nextTick: lets pending I/O callbacks (other requests) enqueue first.
        setImmediate(() => this.drain());
      }
    });
  }

  get pending(): number {
    return this.queue.length;
  }

  /** How many transactions were committed for how many requests (for tests and benchmarks). */
  get stats(): { readonly commits: number; readonly requests: number } {
    return { ...this.counters };
  }

  /** Writes everything queued now; used on shutdown. */
  drain(): void {
    this.scheduled = false;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.flush(batch);
    }
  }

  private flush(batch: Pending<Q, R>[]): void {
    let outcomes: Outcome<R>[];
    try {
      outcomes = this.commit(batch.map((p) => p.request));
      this.counters.commits += 1;
      this.counters.requests += batch.length;
    } catch (error) {
      outcomes = batch.map(() => ({ ok: false, error }));
    }
    let succeeded = 0;
    batch.forEach((pending, i) => {
      const outcome = outcomes[i] ?? { ok: false, error: new Error('no outcome for a request in the batch') };
      if (outcome.ok) {
        succeeded += 1;
        pending.resolve(outcome.value);
      } else {
        pending.reject(outcome.error);
      }
    });
    if (succeeded > 0) this.afterCommit(succeeded);
  }
}
