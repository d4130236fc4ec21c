import type { StoredEvent } from '../event-store/event-store.port.js';

/**
 * A stream's state as folded over its events up to a revision, kept between commands so
 * that the next command on the stream reads (and decodes) only the events appended since,
 * instead of its whole history. Never trusted on its own: handleCommand reads the stream
 * from the revision after the kept one, so an append by another instance (or another
 * process on the same file) is folded in before anything is decided, and the append that
 * follows still names the head it decided on (a lost race is retried as ever). With
 * `decidesOnKeptHead` the read comes only when needed: the append names the kept revision,
 * and if the store refuses it (the stream moved on) the stream is read and the command
 * decided again; refusals and empty decisions are always checked against the stream read.
 */
export interface FoldedState<S> {
  readonly revision: number;
  readonly position: bigint;
  readonly state: S;
  /** The idempotency keys of the folded events: a retry of one of them is answered from the stream. */
  readonly commandIds: ReadonlySet<string>;
  /** The folded events themselves, decoded, when the handler's decisions read them (handleCommand's `keepsEvents`). */
  readonly events?: readonly StoredEvent[];
}

/** COMMAND_STATE_CACHE_STREAMS when a configuration made by hand leaves it out. */
export const DEFAULT_KEPT_STREAMS = 1000;

/**
 * At most `maxStreams` folded states, the least recently used one dropped first (a Map
 * keeps insertion order: a read moves its entry to the end). 0 keeps nothing. States are
 * immutable values (evolve is pure), so one may serve concurrent commands on a stream.
 */
export class FoldedStates<S> {
  private readonly entries = new Map<string, FoldedState<S>>();

  constructor(readonly maxStreams: number) {
    if (!Number.isInteger(maxStreams) || maxStreams < 0) throw new RangeError(`maxStreams must be a whole number of at least 0, not ${maxStreams}`);
  }

  get size(): number {
    return this.entries.size;
  }

  get(streamId: string): FoldedState<S> | undefined {
    const entry = this.entries.get(streamId);
    if (entry === undefined) return undefined;
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    return entry;
  }

  /** Keeps the state unless one of a later revision is kept already (a slower command finishing after a faster one). */
  set(streamId: string, folded: FoldedState<S>): void {
    if (this.maxStreams === 0) return;
    const kept = this.entries.get(streamId);
    if (kept !== undefined && kept.revision > folded.revision) return;
    this.entries.delete(streamId);
    this.entries.set(streamId, folded);
    while (this.entries.size > this.maxStreams) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  delete(streamId: string): void {
    this.entries.delete(streamId);
  }
}
