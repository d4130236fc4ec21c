import type { JsonObject, JsonValue } from '../shared/json.js';

/**
 * The port for read models: JSON documents by id within named collections, simple
 * queries, and one atomic commit of a projection's changes together with its checkpoint.
 * Read models are derived data: they can be dropped and rebuilt from the log at any time.
 */

export type Document = JsonObject;

export type FilterOperator = 'eq' | 'ne' | 'in' | 'gt' | 'gte' | 'lt' | 'lte' | 'exists';

/** A condition on a top-level or dotted field (`report.late`). */
export interface Filter {
  readonly field: string;
  readonly op: FilterOperator;
  /** For `in`, an array; for `exists`, a boolean. */
  readonly value: JsonValue;
}

export interface Sort {
  readonly field: string;
  readonly direction: 'asc' | 'desc';
}

export interface Query {
  readonly where?: readonly Filter[];
  /** Ties are broken by id, so paging is stable. */
  readonly orderBy?: readonly Sort[];
  /** Defaults to 100; at most 1000. */
  readonly limit?: number;
  readonly offset?: number;
}

export interface Page<D extends Document = Document> {
  readonly items: readonly D[];
  /** How many documents match, over all pages. */
  readonly total: number;
}

/** The position a projection has processed up to (0n: nothing yet). */
export interface Checkpoint {
  readonly projection: string;
  readonly position: bigint;
  readonly updatedAt: string;
}

export interface DocumentChange {
  readonly collection: string;
  readonly id: string;
  /** null deletes the document. */
  readonly document: Document | null;
}

export interface Commit {
  readonly changes: readonly DocumentChange[];
  readonly checkpoint: {
    readonly projection: string;
    /** The checkpoint this commit continues from: if another writer moved it, nothing is written. */
    readonly from: bigint;
    readonly to: bigint;
  };
  /**
   * Another projection's checkpoint the commit depends on: written only while that checkpoint
   * is at `position` (0n: absent), checked in the same atomic step as `checkpoint.from`;
   * otherwise nothing is written and CheckpointConflictError names the fence's projection. The
   * fence is not moved. A build's last commit holds on to its building checkpoint this way, so
   * that another instance that took the build over cannot drop its documents from under it.
   */
  readonly fence?: {
    readonly projection: string;
    readonly position: bigint;
  };
  readonly at: string;
}

/** Who holds a named lease, and until when (it is free again from `expiresAt` on). */
export interface Lease {
  readonly name: string;
  readonly holder: string;
  /** ISO-8601, in the time of the `now` the holder passed when it last acquired or renewed it. */
  readonly expiresAt: string;
}

export interface DocumentStore {
  get<D extends Document = Document>(collection: string, id: string): Promise<D | undefined>;
  find<D extends Document = Document>(collection: string, query?: Query): Promise<Page<D>>;
  /**
   * Every document matching the filters, in order, from one read (one snapshot): what a
   * report over a whole year reads. Linear in the matches, where paging through them with
   * offsets would sort them again for every page.
   */
  findAll<D extends Document = Document>(collection: string, query?: Omit<Query, 'limit' | 'offset'>): Promise<D[]>;
  /** Writes the changes and moves the checkpoint, all or nothing. Throws CheckpointConflictError. */
  commit(commit: Commit): Promise<void>;
  /**
   * The length of the JSON text a commit wrote for this very document object, when the adapter
   * knows it (SQLite): what a projection runner counts the documents it keeps in memory in.
   */
  textLength?(document: Document): number | undefined;
  checkpoint(projection: string): Promise<Checkpoint | undefined>;
  /** Drops a collection and the checkpoint of the projection that fed it (used after a rebuild). */
  dropCollection(collection: string, projection: string): Promise<void>;
  /**
   * Declares the fields queries filter and sort on, so the adapter can index them. Indexes
   * change how fast a query is answered, never what it answers: on an empty collection an
   * adapter may record them and build them later (buildIndexes, or after a query).
   */
  ensureIndexes(collection: string, fields: readonly string[]): Promise<void>;
  /**
   * Builds now what ensureIndexes left for later on this collection (SQLite: declared on an
   * empty collection, so its bulk load writes no index). The projection runner calls it once
   * its collection is loaded: when its catch-up reaches the head of the log, and before a
   * rebuild's generation switch. An adapter that builds indexes at once has no need of it.
   */
  buildIndexes?(collection: string): Promise<void>;
  /**
   * Takes the lease `name` for `holder` until `now + ttlMs`, in one atomic step: when it is
   * free, expired (`expiresAt <= now`), or already held by `holder` (then it renews). True when
   * `holder` holds it afterwards; false when another holder's lease has not yet expired.
   * Used so that each projection runs in one service instance at a time.
   */
  acquireLease(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean>;
  /** Frees the lease when `holder` holds it (expired or not); does nothing otherwise. */
  releaseLease(name: string, holder: string): Promise<void>;
  /** The lease's last holder and expiry, expired or not; undefined when never taken or released. */
  lease(name: string): Promise<Lease | undefined>;
  /**
   * Removes what earlier versions of replaced or deleted documents left behind in storage
   * outside the current documents (a write-ahead log, freed pages, caches), so that text a
   * commit overwrote is gone from disk, not only from the documents. The projection runner
   * calls it after committing an erasure. An adapter whose storage keeps no such copies the
   * service could reach does nothing. Best effort: what a concurrent reader still holds is
   * removed at the next call.
   */
  scrub(): Promise<void>;
  close(): Promise<void>;
}

export const DOCUMENT_STORE = Symbol('DocumentStore');

export class DocumentStoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DocumentStoreError';
  }
}

/** Another writer moved the projection's checkpoint: this batch was not written. */
export class CheckpointConflictError extends DocumentStoreError {
  constructor(
    readonly projection: string,
    readonly expected: bigint,
    readonly actual: bigint,
  ) {
    super('checkpoint-conflict', `projection ${projection} is at ${actual}, not ${expected}: another runner wrote it`);
  }
}

export class InvalidQueryError extends DocumentStoreError {
  constructor(reason: string) {
    super('invalid-query', `invalid query: ${reason}`);
  }
}

/** A lease call with a bad name, holder, ttl or time. */
export class InvalidLeaseError extends DocumentStoreError {
  constructor(reason: string) {
    super('invalid-lease', `invalid lease: ${reason}`);
  }
}
