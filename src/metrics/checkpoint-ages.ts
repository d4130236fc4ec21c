import { CHECKPOINT_STREAM } from '../ledger/checkpoint-log.js';
import type { EventStore, StoredEvent } from '../event-store/event-store.port.js';
import { StreamNotFoundError } from '../event-store/event-store.errors.js';

const PAGE = 500;
/** Checkpoints kept waiting for their witnesses' cosignatures; a cosignature of an older one no longer moves the figure. */
const AWAITING_LIMIT = 1000;

export interface CheckpointTimes {
  /** When the newest signed checkpoint was made (ms since the epoch). */
  readonly newest?: number;
  /** When the newest checkpoint that the witness quorum cosigned was made. */
  readonly newestWitnessed?: number;
}

/**
 * The times of the newest checkpoint and of the newest witnessed one, folded from the
 * `ledger-checkpoints` stream as it grows: each scrape reads only the events appended since
 * the previous one, and at most AWAITING_LIMIT checkpoints are remembered while they wait
 * for cosignatures.
 */
export class CheckpointAges {
  private nextRevision = 0;
  private times: CheckpointTimes = {};
  private readonly awaiting = new Map<number, { at: number; witnesses: Set<string> }>();
  private readonly witnesses: ReadonlySet<string>;
  private reading: Promise<CheckpointTimes> | undefined;

  constructor(
    private readonly events: EventStore,
    witnessNames: readonly string[],
    /** How many of the witnesses must have cosigned; all of them when absent. */
    private readonly quorum: number = witnessNames.length,
  ) {
    this.witnesses = new Set(witnessNames);
  }

  /** The times as of the stream's current end (concurrent callers share one read). */
  current(): Promise<CheckpointTimes> {
    this.reading ??= this.catchUp().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  private async catchUp(): Promise<CheckpointTimes> {
    for (;;) {
      let page: readonly StoredEvent[];
      try {
        page = await this.events.readStream(CHECKPOINT_STREAM, { fromRevision: this.nextRevision, maxCount: PAGE });
      } catch (error) {
        if (error instanceof StreamNotFoundError) return this.times;
        throw error;
      }
      for (const event of page) this.apply(event);
      if (page.length < PAGE) return this.times;
    }
  }

  private apply(event: StoredEvent): void {
    this.nextRevision = event.revision + 1;
    if (event.type === 'LedgerCheckpointed') {
      const { treeSize, checkpointedAt } = event.data as { treeSize: number; checkpointedAt: string };
      const at = Date.parse(checkpointedAt);
      this.times = { ...this.times, newest: Math.max(this.times.newest ?? at, at) };
      if (this.witnesses.size === 0) return;
      this.awaiting.set(treeSize, { at, witnesses: new Set() });
      if (this.awaiting.size > AWAITING_LIMIT) this.awaiting.delete(this.awaiting.keys().next().value as number);
    } else if (event.type === 'LedgerCheckpointCosigned') {
      const { treeSize, name } = event.data as { treeSize: number; name: string };
      const waiting = this.awaiting.get(treeSize);
      if (!waiting || !this.witnesses.has(name)) return;
      waiting.witnesses.add(name);
      if (waiting.witnesses.size < this.quorum) return;
      this.times = { ...this.times, newestWitnessed: Math.max(this.times.newestWitnessed ?? waiting.at, waiting.at) };
      // Witnessed: it and every older checkpoint no longer decide the figure.
      for (const size of [...this.awaiting.keys()]) if (size <= treeSize) this.awaiting.delete(size);
    }
  }
}
