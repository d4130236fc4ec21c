/**
 * What test/support/append-worker.ts is told (one JSON argument) and what it prints
 * (one JSON line per acknowledged append, then {"done":true}). Types only, so a spec
 * can import them without running the worker.
 */

export interface AppendWorkerConfig {
  readonly file: string;
  /** Names this worker in the data of its events. */
  readonly worker: string;
  /** Lanes append round-robin to these streams, with expectedRevision "any". */
  readonly streams: readonly string[];
  /** Appends in flight at once. */
  readonly lanes: number;
  /** Appends per lane; absent means forever (until killed). */
  readonly appendsPerLane?: number;
}

/** Every event's data: an append of `of` events carries parts 0..of-1 of one (worker, lane, seq). */
export interface WorkerEventData {
  readonly worker: string;
  readonly lane: number;
  readonly seq: number;
  readonly part: number;
  readonly of: number;
}

export interface AckedEvent {
  readonly eventId: string;
  readonly streamId: string;
  readonly revision: number;
  /** A bigint, as decimal text. */
  readonly position: string;
  readonly hash: string;
}

/** Printed once an append's promise resolved. */
export interface AckLine {
  readonly ack: readonly AckedEvent[];
  /** The worker store's commit count at that moment (group commit makes it lag behind the appends). */
  readonly commits: number;
}

export interface DoneLine {
  readonly done: true;
}

export type WorkerLine = AckLine | DoneLine;
