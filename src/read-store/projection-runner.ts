import { randomInt } from 'node:crypto';
import { categoryOf, type ProjectionDefinition } from '../../projections/projection.js';
import type { EventStore, EventSubscription, Position, StoredEvent } from '../event-store/event-store.port.js';
import type { Clock } from '../shared/clock.js';
import type { JsonObject } from '../shared/json.js';
import { isStorageFull } from '../shared/storage-full.js';
import { CheckpointConflictError, type Checkpoint, type Commit, type Document, type DocumentChange, type DocumentStore } from './document-store.port.js';
import type { LogSubscription } from './shared-log.js';
import type { StreamRead } from './stream-log.js';
import { AggregateKeeper } from './aggregate-keeper.js';
import { WrittenIds } from './written-ids.js';

/** standby: stopped because another instance runs the projection (it lost the lease, or a commit of it was refused). */
export type RunnerState = 'starting' | 'running' | 'failed' | 'stopped' | 'standby';

export interface RunnerFailure {
  readonly message: string;
  readonly at: string;
  /** The event it could not handle, when an event was the cause. */
  readonly event?: { readonly streamId: string; readonly revision: number; readonly position: string; readonly eventId: string; readonly type: string };
}

export interface RunnerProgress {
  /** Events read per second since it first ran: those of its own categories when it reads the log by category (SQLite), every event otherwise; null before any time has passed. */
  readonly eventsPerSecond: number | null;
  /** 0–100, one decimal: positions committed of those between where it started and the target. */
  readonly percent: number;
  /** At the rate so far; null until it has committed anything, 0 once there. */
  readonly secondsLeft: number | null;
}

export interface RunnerOptions {
  /** Most documents changed in one commit. */
  readonly batchSize: number;
  /**
   * Most documents changed in one commit while it catches up on the log as it stood when the
   * runner started (a first start, a rebuild, a restart after a while): fewer, larger commits,
   * in which the events of one document coalesce. `batchSize` when absent or smaller.
   */
  readonly catchUpBatchSize?: number;
  /** A batch is committed once no further event arrives within this time. */
  readonly idleFlushMs: number;
  readonly onFailure?: (failure: RunnerFailure) => void;
  /**
   * A stored event as the definition reads it (e.g. its personal fields decrypted); as
   * stored when absent. A failure stops the projection like a failure of the definition.
   * May answer at once (an event another runner has had decoded): then nothing is awaited.
   */
  readonly decode?: (event: StoredEvent) => StoredEvent | Promise<StoredEvent>;
  /**
   * Events after whose commit the document store is scrubbed (an erasure): the commit has
   * overwritten the documents that showed the erased texts, the scrub removes the copies
   * storage kept of them. Done before the position counts as processed, so whoever waited
   * for the erasure's position finds the texts gone from disk too.
   */
  readonly scrubAfter?: (event: StoredEvent) => boolean;
  /**
   * Where it reads the log from, after its checkpoint: the shared read of every runner
   * (`SharedLog`); the store's own subscription when absent.
   */
  readonly subscribe?: (afterPosition: Position) => LogSubscription | EventSubscription;
  /** Documents it keeps in memory after their commit, so the next event of one needs no read; default 4096. */
  readonly cachedDocuments?: number;
  /**
   * And at most this many bytes of them, counted as the JSON text the store wrote
   * (`DocumentStore.textLength`; 2 kB a document where the store does not say): a bound on
   * memory whatever the documents' size. Default 8 MiB.
   */
  readonly cachedBytes?: number;
  /**
   * For a definition whose documents are one stream each (`documentPerStream`), with a store
   * that reads a category stream by stream (`readCategoriesByStream`): while its collection has
   * no checkpoint, it is first built up to the head in stream order from this read (shared by
   * the runners of the category), every document written once; the global order follows from
   * that head. Absent: the global order from the start.
   */
  readonly streamBuild?: () => Promise<StreamRead>;
  /** The most bytes of documents (as the store's JSON text) one commit of a build in stream order carries; default 2 MiB. */
  readonly buildBatchBytes?: number;
  /**
   * [aggregates] The most counts a build in stream order carries in memory (AggregateKeeper.carry)
   * before it writes them (in commits of the build, as at its end); default CARRIED_COUNTS.
   */
  readonly carriedCounts?: number;
  /** Extra changes to write with the first commit at or beyond a position (the generation switch of a rebuild). */
  readonly onCaughtUp?: { readonly position: Position; readonly changes: () => readonly DocumentChange[]; readonly then: () => void };
}

const IDLE = Symbol('idle');
/**
 * Longest stretch of work between two turns of the event loop, in milliseconds. Every runner
 * of every projection shares the one loop: five of them catching up on a large import, each
 * taking a fixed number of events per turn, would add up to a loop that answers nothing for
 * a tenth of a second at a time. A budget of time, not of events, keeps each turn short
 * whatever an event costs (decryption, a document read).
 */
const WORK_PER_TURN_MS = 5;
/** Aggregates (e.g. a month of the register, ~12 kB) per commit when a build writes what it carried. */
const AGGREGATES_PER_BUILD_COMMIT = 100;
/**
 * [aggregates] Counts a build carries before it writes them. The register's and the cause
 * analysis' months hold a key per reported breach or per breach: carried to the end of a
 * build over 3M events they were ~80 MB of the event loop's live heap by then (100 → 178 MB),
 * and each major collection's pause grew with it (20 → 63 ms). Written every 200,000 counts
 * (~25 MB), the memory no longer grows with the log; over 1M events a build writes them once or
 * twice more than at its end, each time every month it carries (read back from the store).
 */
const CARRIED_COUNTS = 200_000;
/** The first wait before a runner that failed on its storage starts again, doubled up to the last. */
const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 5000;
const DEFAULT_CACHED_DOCUMENTS = 4096;
const DEFAULT_CACHED_BYTES = 8 * 1024 * 1024;
const DEFAULT_BUILD_BATCH_BYTES = 2 * 1024 * 1024;
/** What a document counts for in the cache when the store does not tell its text's length. */
const ASSUMED_DOCUMENT_BYTES = 2048;
/** At most this many events of one stream are held before they are folded into its document (a long stream in pieces). */
const STREAM_RUN_EVENTS = 1000;

/**
 * Runs one projection: from its checkpoint, through the log in global order, applying the
 * pure definition and committing the changed documents together with the new checkpoint.
 * Because both land in one commit, a crash or restart never applies an event twice and
 * never skips one. An event the definition cannot handle stops the projection, visibly.
 */
export class ProjectionRunner<D extends JsonObject = JsonObject> {
  private runnerState: RunnerState = 'starting';
  private committed: Position = 0n;
  /** Whether `committed` has been read from the store (run) since the runner was made. */
  private positioned = false;
  private failure: RunnerFailure | undefined;
  private subscription: LogSubscription | undefined;
  private done: Promise<void> = Promise.resolve();
  private waiters = new Set<() => void>();
  private stopping = false;
  private abandoning = false;
  private switched = false;
  /**
   * Where the store's deferred indexes of the collection are built (DocumentStore.buildIndexes):
   * the head of the log when this run started; undefined once asked for.
   */
  private indexesAt: Position | undefined;
  private scrubPending = false;
  /** When the runner last gave the event loop a turn (performance.now()). */
  private lastTurn = 0;
  /**
   * The documents committed last, most recent last: only this runner writes its collection,
   * so they are what the store holds. The events of one breach lie far apart in a long log;
   * without them nearly every event of a catch-up would cost a read of its document.
   */
  private readonly recent = new Map<string, { readonly document: D | null; readonly bytes: number }>();
  /** The bytes of the documents in `recent`. */
  private recentBytes = 0;
  /**
   * When its collection had no checkpoint at the start (a rebuild, a first start) it held no
   * documents (a commit writes documents and checkpoint together), and only this runner
   * writes it: the ids it has put in a batch since then. A document it has surely not
   * written needs no read. Absent otherwise.
   */
  private written: WrittenIds | undefined;
  /**
   * A build's commit while the writer thread writes it and the build folds on (at most one at
   * a time): its documents, found here by `current` until it has landed, and its landing (the
   * mean bytes of its documents).
   */
  private inFlight: { readonly documents: ReadonlyMap<string, D | null>; readonly landed: Promise<number> } | undefined;
  /** Where and when (performance.now()) it first ran, and the events it has read since: its progress. */
  private started: { readonly at: number; readonly position: Position } | undefined;
  private eventsRead = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private retries = 0;
  /** A storage failure is being waited out: the runner starts again by itself. */
  private retryPending = false;
  /** While it builds its collection in stream order: the events it will read, and those read so far. */
  private building: { readonly total: number | undefined; done: number; read: StreamRead; token: bigint } | undefined;
  /** [aggregates] The projection's aggregates, kept in the commits of its documents (ProjectionDefinition.aggregates). */
  private readonly aggregates: AggregateKeeper<D> | undefined;

  constructor(
    readonly definition: ProjectionDefinition<D>,
    /** Where its documents go (a generation of the projection) and the name of its checkpoint. */
    readonly collection: string,
    private readonly events: EventStore,
    private readonly documents: DocumentStore,
    private readonly clock: Clock,
    private readonly options: RunnerOptions,
  ) {
    // [aggregates]
    this.aggregates = definition.aggregates ? new AggregateKeeper(definition.aggregates, collection, documents) : undefined;
  }

  get state(): RunnerState {
    return this.runnerState;
  }

  get position(): Position {
    return this.committed;
  }

  /**
   * Where this runner counts the projection processed, once it has read its checkpoint: while it
   * runs, and while it waits to start again after a failure (a commit can have landed whose
   * erasure is not scrubbed yet, so the stored checkpoint is ahead of what counts); else undefined.
   */
  get processed(): Position | undefined {
    return this.positioned && (this.runnerState === 'running' || this.runnerState === 'failed') ? this.committed : undefined;
  }

  get lastFailure(): RunnerFailure | undefined {
    return this.failure;
  }

  /**
   * How fast it works through the log towards `target` (a rebuild's target, or the head of the
   * log): events read per second since it first ran, the share of the positions from where it
   * started to the target that it has committed, and the time that leaves at its rate so far.
   */
  progress(target: Position): RunnerProgress {
    const started = this.started;
    if (started && this.building) return buildProgress(this.building, (performance.now() - started.at) / 1000);
    if (!started) return { eventsPerSecond: null, percent: target === 0n ? 100 : 0, secondsLeft: target <= this.committed ? 0 : null };
    const seconds = (performance.now() - started.at) / 1000;
    const done = Number(this.committed - started.position);
    const total = Number(target - started.position);
    const left = Number(target - this.committed);
    return {
      eventsPerSecond: seconds > 0 ? Math.round(this.eventsRead / seconds) : null,
      percent: total <= 0 || left <= 0 ? 100 : Math.floor((1000 * done) / total) / 10,
      secondsLeft: left <= 0 ? 0 : done > 0 ? Math.ceil((left * seconds) / done) : null,
    };
  }

  /** Failed, and not about to start again by itself: an event it cannot handle, or a refusal no retry mends. */
  get failedForGood(): boolean {
    return this.runnerState === 'failed' && !this.retryPending;
  }

  start(): void {
    this.done = this.run().catch((error: unknown) => {
      // Another writer moved the checkpoint: with leases, another instance runs the projection
      // now (this one lost its lease). Nothing was written; stand by, quietly.
      if (error instanceof CheckpointConflictError) {
        this.stopping = true;
        void this.subscription?.close();
        this.runnerState = 'standby';
        this.notify();
        return;
      }
      if (isTransient(error) && !this.stopping) return this.retryLater(error as Error);
      this.retryPending = false;
      this.fail({ message: (error as Error).message, at: this.now() });
    });
  }

  /**
   * A full disk or a store that does not answer passes; an event the definition cannot handle
   * does not. So the runner fails visibly (reads answer 503, /projections shows why) and
   * starts again from its checkpoint by itself, waiting longer each time, until a commit lands.
   */
  private retryLater(error: Error): void {
    void this.subscription?.close();
    const delayMs = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** this.retries);
    this.retries += 1;
    this.retryPending = true;
    this.fail({ message: `${error.message} (retrying in ${delayMs} ms)`, at: this.now() });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.stopping) this.retryPending = false;
      else this.start();
    }, delayMs);
    this.retryTimer.unref();
  }

  /**
   * Stops after committing what it has batched ('flush'), or drops the batch ('abandon', when
   * another instance takes the projection over: its state is then 'standby').
   */
  async stop(mode: 'flush' | 'abandon' = 'flush'): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retryTimer);
    if (mode === 'abandon') this.abandoning = true;
    this.building?.read.close();
    await this.subscription?.close();
    await this.done;
    if (this.runnerState !== 'failed') this.runnerState = mode === 'abandon' || this.runnerState === 'standby' ? 'standby' : 'stopped';
    this.notify();
  }

  /** Resolves true once the projection has processed `position`, false after `timeoutMs` or when it fails. */
  async waitFor(position: Position, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.committed < position) {
      if (this.runnerState === 'failed' || this.runnerState === 'stopped' || this.runnerState === 'standby') return false;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.add(done);
      });
    }
    return true;
  }

  private async run(): Promise<void> {
    // A scrub that failed after its commit landed (the checkpoint is past the erasure now): done
    // before anything else, so the position is not counted as processed without it.
    if (this.scrubPending) await this.scrub();
    const checkpoint = await this.documents.checkpoint(this.collection);
    this.committed = checkpoint?.position ?? 0n;
    this.positioned = true;
    // After a failed commit nobody knows for sure what landed: read the documents again.
    this.recent.clear();
    this.recentBytes = 0;
    this.written = checkpoint === undefined ? new WrittenIds() : undefined;
    this.aggregates?.forget(); // [aggregates]
    this.retryPending = false;
    this.runnerState = 'running';
    this.started ??= { at: performance.now(), position: this.committed };
    this.notify();
    if (checkpoint === undefined && this.definition.documentPerStream === true && this.options.streamBuild) {
      if (!(await this.buildByStream(this.options.streamBuild))) return;
    }
    const subscription: LogSubscription = this.options.subscribe?.(this.committed) ?? this.events.subscribeToAll({ afterPosition: this.committed });
    this.subscription = subscription;
    const iterator = subscription[Symbol.asyncIterator]();
    const batch = new Map<string, D | null>();
    const catchUpBatchSize = Math.max(this.options.batchSize, this.options.catchUpBatchSize ?? 0);
    const catchingUpTo = catchUpBatchSize > this.options.batchSize ? await this.events.headPosition() : 0n;
    this.indexesAt = this.documents.buildIndexes === undefined ? undefined : catchingUpTo > 0n ? catchingUpTo : await this.events.headPosition();
    if (this.indexesAt !== undefined && this.committed >= this.indexesAt) await this.buildIndexes();
    let seen = this.committed;
    let next = iterator.next();
    while (!this.stopping) {
      const pending = batch.size > 0 || seen > this.committed;
      const timer = pending ? idle(this.options.idleFlushMs) : undefined;
      const result = timer ? await Promise.race([next, timer.promise]) : await next;
      timer?.cancel();
      if (result === IDLE) {
        if (this.stopping) break;
        await this.flush(batch, seen);
        continue;
      }
      if (result.done) break;
      next = iterator.next();
      const item = result.value;
      if ('reached' in item) {
        // Read by category: the log has passed this far without another event of ours.
        if (item.reached > seen) seen = item.reached;
        continue;
      }
      const event = item;
      if (categoryOf(event.streamId) === this.definition.category) {
        const failure = await this.apply(batch, event);
        if (failure) {
          // What came before the bad event is sound: committed first, so the failure shows the position it stopped at.
          await this.flush(batch, seen);
          this.fail(failure);
          await subscription.close();
          return;
        }
      }
      seen = event.position;
      this.eventsRead += 1;
      // Events of other categories cost a read and a parse too: the budget counts them all.
      if (performance.now() - this.lastTurn >= WORK_PER_TURN_MS) await this.turn();
      const batchSize = seen < catchingUpTo ? catchUpBatchSize : this.options.batchSize;
      if (batch.size >= batchSize && !this.abandoning) await this.flush(batch, seen);
    }
    if (!this.abandoning) await this.flush(batch, seen);
  }

  /**
   * Builds the empty collection up to the head in stream order: each stream's events folded
   * into its document, which is written once; commits bounded by bytes, under a checkpoint of
   * their own (`buildingCheckpoint`) that says nothing about the projection; then the last
   * commit moves the projection's checkpoint from nothing to the head (with a rebuild's switch
   * when the head reaches its target, and the scrub after an erasure). Documents of a build
   * that never reached that commit (a crash, a stop, a failure) are leftovers: dropped here
   * before the build starts again. False when it stopped or failed before the end.
   */
  private async buildByStream(open: () => Promise<StreamRead>): Promise<boolean> {
    const builtElsewhere = await this.dropLeftovers();
    if (builtElsewhere) {
      // Another instance's build made its last commit: go on from there, as after a restart.
      this.committed = builtElsewhere.position;
      this.written = undefined;
      this.notify();
      return true;
    }
    const read = await open();
    const building = { total: read.total, done: 0, read, token: 0n };
    this.building = building;
    try {
      const batch = new Map<string, D | null>();
      const batchBytes = this.options.buildBatchBytes ?? DEFAULT_BUILD_BATCH_BYTES;
      let documentBytes = ASSUMED_DOCUMENT_BYTES;
      let stream: string | undefined;
      // With `applyAll`, a stream's events are folded into its document in one go (up to
      // STREAM_RUN_EVENTS at a time): the document is built once, not once an event.
      const run: StoredEvent[] = [];
      const applyRun = async (): Promise<boolean> => {
        const failure = run.length === 0 ? undefined : await this.applyRun(batch, run);
        run.length = 0;
        if (failure) this.fail(failure);
        return failure === undefined;
      };
      for (;;) {
        const page = await read.next();
        if (this.stopping) return false;
        if (page === undefined) break;
        for (const event of page) {
          if (event.streamId !== stream) {
            if (!(await applyRun())) return false;
            // A stream's document is whole before it is written: commits fall between streams.
            stream = event.streamId;
            if (batch.size * documentBytes >= batchBytes) documentBytes = (await this.startBuiltCommit(batch, building)) ?? documentBytes;
            if (this.stopping) return false;
          }
          if (this.definition.applyAll) {
            run.push(event);
            if (run.length >= STREAM_RUN_EVENTS && !(await applyRun())) return false;
          } else {
            const failure = await this.apply(batch, event);
            if (failure) {
              this.fail(failure);
              return false;
            }
          }
          this.eventsRead += 1;
          building.done += 1;
          if (performance.now() - this.lastTurn >= WORK_PER_TURN_MS) await this.turn();
        }
      }
      if (this.stopping || !(await applyRun())) return false;
      await this.settleBuiltCommit();
      // Still this build's collection (no other instance has dropped it meanwhile): checked by the
      // compare-and-set of an empty commit, then the last commit moves the projection's checkpoint.
      if (this.aggregates && batch.size > 0) await this.commitBuilt(batch, building);
      // [aggregates] What the build carried, written in commits of their own before its last
      // (which then writes only the mark that the aggregates are complete).
      await this.writeCarried(building);
      if (building.token !== 0n) await this.commitBuilt(new Map(), building);
      // Loaded up to the head: the indexes before the commit that makes the documents count.
      await this.buildIndexes();
      // Fenced on the build's token: an instance that took the build over and drops its
      // documents (dropLeftovers) moves the token first, and this commit is then refused.
      await this.flush(batch, read.head, { projection: buildingCheckpoint(this.collection), position: building.token });
      await this.documents.dropCollection(buildingCheckpoint(this.collection), buildingCheckpoint(this.collection));
      return true;
    } finally {
      read.close();
      // A build that stopped or failed leaves no commit running behind it (what it wrote is a leftover).
      await this.inFlight?.landed.catch(() => undefined);
      this.inFlight = undefined;
      this.building = undefined;
    }
  }

  /**
   * What an unfinished build left: its documents, aggregates and building checkpoint. The
   * building checkpoint lands with the first commit of a build and goes only after its last,
   * so without it there is nothing to drop (and the indexes, declared again after a drop,
   * which scans the documents of every collection, stay as they are).
   *
   * The build may not be over: an instance whose lease lapsed may still be committing it, or
   * be about to make its last commit. So the build is first taken from it: the building
   * checkpoint gets a token of this instance, in a commit fenced on the projection's own
   * checkpoint being absent. After that every commit of the other build is refused (they all
   * expect its token, its last one through its fence), and its documents can go. If the fence
   * fails, the other build has made its last commit: its documents are the projection's, and
   * only its building checkpoint is left to drop; the projection's checkpoint is returned.
   */
  private async dropLeftovers(): Promise<Checkpoint | undefined> {
    const name = buildingCheckpoint(this.collection);
    for (;;) {
      const leftover = await this.documents.checkpoint(name);
      if (leftover === undefined) return undefined;
      try {
        // A checkpoint only moves forward: the new token is above the one it replaces.
        const token = leftover.position + BigInt(1 + randomInt(2 ** 47));
        await this.documents.commit({ changes: [], checkpoint: { projection: name, from: leftover.position, to: token }, fence: { projection: this.collection, position: 0n }, at: this.now() });
        break;
      } catch (error) {
        if (!(error instanceof CheckpointConflictError)) throw error;
        if (error.projection === this.collection) {
          await this.documents.dropCollection(name, name);
          const built = await this.documents.checkpoint(this.collection);
          if (built !== undefined) return built;
        }
        // The other build committed meanwhile (its token moved), or its projection was dropped since: look again.
      }
    }
    await this.documents.dropCollection(this.collection, this.collection);
    if (this.aggregates) await this.documents.dropCollection(this.aggregates.collection, this.collection); // [aggregates]
    await this.documents.dropCollection(buildingCheckpoint(this.collection), buildingCheckpoint(this.collection));
    await this.documents.ensureIndexes(this.collection, this.definition.indexes);
    return undefined;
  }

  /** Commits changes of a build in stream order under its building checkpoint (not the projection's). */
  private async commitBuilding(changes: DocumentChange[], building: { token: bigint }): Promise<void> {
    const name = buildingCheckpoint(this.collection);
    // The building checkpoint holds a token of this build: another instance that took the
    // projection over (its lease lapsed here) drops it with the leftovers, and this build's next
    // commit is refused (CheckpointConflictError: it stands by) instead of writing into that one's.
    const token = building.token === 0n ? BigInt(1 + randomInt(2 ** 47)) : building.token;
    await this.documents.commit({ changes, checkpoint: { projection: name, from: building.token, to: token }, at: this.now() });
    building.token = token;
  }

  /** A turn of the event loop once the slice of work is used up. */
  private readonly pause = (): Promise<void> | undefined => (performance.now() - this.lastTurn >= WORK_PER_TURN_MS ? this.turn() : undefined);

  /** Commits a batch of a build in stream order (not the projection's checkpoint) and waits until it has landed. */
  private async commitBuilt(batch: Map<string, D | null>, building: { token: bigint }): Promise<void> {
    await this.startBuiltCommit(batch, building);
    await this.settleBuiltCommit();
  }

  /**
   * Starts the commit of a batch of a build in stream order, once the one before it has landed,
   * and empties the batch: the build folds on while the writer thread writes it, instead of
   * waiting (a commit of a thousand documents takes the writer tens of milliseconds). Its
   * documents stay reachable (`current`) until it has landed; a build's documents are one per
   * stream and its streams come one after the other, so the events folded meanwhile belong to
   * other documents anyway. A commit that fails fails the build at the next wait for it, as it
   * failed it at once before: the run starts again and drops what the build left.
   * Returns the mean bytes of the documents of the commit before, when there was one.
   */
  private async startBuiltCommit(batch: Map<string, D | null>, building: { token: bigint }): Promise<number | undefined> {
    const mean = await this.settleBuiltCommit();
    const documents = new Map(batch);
    batch.clear();
    // [aggregates] Carried now, before the next batch notes the versions of its documents; not
    // in this commit: carried in memory and written once, at the end of the build
    // (writeCarried), before the commit that makes its documents count. A failed commit forgets
    // them (run).
    await this.aggregates?.carry(documents, this.pause);
    // [aggregates] Written before they outgrow their bound (nothing in flight here: settled above).
    if (this.aggregates && this.aggregates.carriedCounts >= (this.options.carriedCounts ?? CARRIED_COUNTS)) await this.writeCarried(building);
    const landed = this.commitBuilding(this.changesOf(documents), building).then(() => this.meanBytes(documents));
    landed.catch(() => undefined); // awaited by settleBuiltCommit (or the build's end); handled meanwhile
    this.inFlight = { documents, landed };
    return mean;
  }

  /** [aggregates] Writes what the build carried, in commits of its own under the building checkpoint. */
  private async writeCarried(building: { token: bigint }): Promise<void> {
    await this.aggregates?.writeCarried((changes) => this.commitBuilding(changes, building), AGGREGATES_PER_BUILD_COMMIT, this.pause);
  }

  /** Waits until the build's commit in flight (if any) has landed; the mean bytes of its documents. */
  private async settleBuiltCommit(): Promise<number | undefined> {
    const inFlight = this.inFlight;
    if (inFlight === undefined) return undefined;
    try {
      return await inFlight.landed;
    } finally {
      this.inFlight = undefined;
      this.notify();
      await this.turn();
    }
  }

  /** The mean bytes of a committed batch's documents (the store's text lengths, or an assumed size). */
  private meanBytes(documents: ReadonlyMap<string, D | null>): number {
    let bytes = 0;
    for (const document of documents.values()) bytes += this.bytesOf(document);
    return documents.size > 0 ? Math.max(1, Math.ceil(bytes / documents.size)) : ASSUMED_DOCUMENT_BYTES;
  }

  /**
   * Applies a run of one stream's events to the batch with the definition's `applyAll`, each
   * event decoded as `apply` does; when that throws, the events are applied one at a time,
   * so what went wrong names the event (and nothing of the run is in the batch before).
   */
  private async applyRun(batch: Map<string, D | null>, events: readonly StoredEvent[]): Promise<RunnerFailure | undefined> {
    const applyAll = this.definition.applyAll;
    if (applyAll !== undefined && events.length > 1) {
      try {
        const readable: StoredEvent[] = [];
        for (const event of events) {
          const decoded = this.options.decode ? this.options.decode(event) : event;
          readable.push(decoded instanceof Promise ? await decoded : decoded);
        }
        const id = this.definition.documentId(readable[0] as StoredEvent);
        const known = this.current(batch, id);
        const current = known instanceof Promise ? await known : known;
        const next = applyAll.call(this.definition, current, readable);
        this.aggregates?.noteBefore(id, batch.has(id), current); // [aggregates]
        batch.set(id, next);
        this.written?.add(id);
        if (this.options.scrubAfter && events.some(this.options.scrubAfter)) this.scrubPending = true;
        return undefined;
      } catch {
        // Applied one at a time below, which names the event that cannot be handled.
      }
    }
    for (const event of events) {
      const failure = await this.apply(batch, event);
      if (failure) return failure;
    }
    return undefined;
  }

  /** The document as it stands for the next event: in the batch, among those just committed, or as stored. */
  private current(batch: ReadonlyMap<string, D | null>, id: string): D | undefined | Promise<D | undefined> {
    if (batch.has(id)) return batch.get(id) ?? undefined;
    if (this.inFlight?.documents.has(id)) return this.inFlight.documents.get(id) ?? undefined;
    return this.recent.has(id) ? (this.recent.get(id)?.document ?? undefined) : this.stored(id);
  }

  /** Applies the event to the batch; what went wrong when the definition (or decoding) cannot handle it. */
  private async apply(batch: Map<string, D | null>, event: StoredEvent): Promise<RunnerFailure | undefined> {
    try {
      // An event the runners share is decoded once: the runners after the first get it at once, with no promise to wait for.
      const decoded = this.options.decode ? this.options.decode(event) : event;
      const readable = decoded instanceof Promise ? await decoded : decoded;
      const id = this.definition.documentId(readable);
      const known = this.current(batch, id);
      const current = known instanceof Promise ? await known : known;
      this.aggregates?.noteBefore(id, batch.has(id), current); // [aggregates]
      batch.set(id, this.definition.apply(current, readable));
      this.written?.add(id);
      if (this.options.scrubAfter?.(event)) this.scrubPending = true;
      return undefined;
    } catch (error) {
      const { streamId, revision, position, eventId, type } = event;
      return { message: (error as Error).message, at: this.now(), event: { streamId, revision, position: position.toString(), eventId, type } };
    }
  }

  /** A batch as the document store's changes to its collection. */
  private changesOf(batch: ReadonlyMap<string, D | null>): DocumentChange[] {
    return [...batch].map(([id, document]) => ({ collection: this.collection, id, document: document as Document | null }));
  }

  /** What a committed document counts for in memory: the length of the store's JSON text of it, or an assumed size. */
  private bytesOf(document: D | null): number {
    return document === null ? 0 : (this.documents.textLength?.(document as Document) ?? ASSUMED_DOCUMENT_BYTES);
  }

  /**
   * The document as committed: not read when the runner knows it never wrote it, and then
   * known at once (no promise to wait for: a build asks this for every document it makes).
   */
  private stored(id: string): Promise<D | undefined> | undefined {
    if (this.written?.mayHave(id) === false) return undefined;
    return this.documents.get<D>(this.collection, id);
  }

  private async flush(batch: Map<string, D | null>, to: Position, fence?: Commit['fence']): Promise<void> {
    if (to <= this.committed && batch.size === 0) return;
    const changes = this.changesOf(batch);
    const caughtUp = this.options.onCaughtUp && !this.switched && to >= this.options.onCaughtUp.position ? this.options.onCaughtUp : undefined;
    const aggregated = await this.aggregates?.changes(batch, this.committed); // [aggregates] in the same commit
    if (aggregated) changes.push(...aggregated.changes);
    // The collection's indexes, when it has caught up with the head (a first start, a restart
    // after a while) or before a rebuild's switch: never a live view without them for long.
    if (this.indexesAt !== undefined && (caughtUp || to >= this.indexesAt)) await this.buildIndexes();
    await this.documents.commit({
      changes: caughtUp ? [...changes, ...caughtUp.changes()] : changes,
      checkpoint: { projection: this.collection, from: this.committed, to },
      ...(fence && { fence }),
      at: this.now(),
    });
    if (this.scrubPending) await this.scrub();
    this.committed = to;
    aggregated?.committed(); // [aggregates]
    this.retries = 0;
    this.remember(batch);
    batch.clear();
    if (caughtUp) {
      this.switched = true;
      caughtUp.then();
    }
    this.notify();
    // Catching up on a long log is a chain of already-resolved reads and commits: without
    // a turn of the event loop between batches it would starve HTTP requests and timers.
    await this.turn();
  }

  /** The store scrubbed after a commit holding an erasure; still pending when it fails (the next start tries again). */
  private async scrub(): Promise<void> {
    await this.documents.scrub();
    this.scrubPending = false;
  }

  /** Builds the indexes the store deferred while the collection was empty (ensureIndexes). */
  private async buildIndexes(): Promise<void> {
    this.indexesAt = undefined;
    await this.documents.buildIndexes?.(this.collection);
  }

  /** Keeps the documents just committed, forgetting the oldest beyond the bound. */
  private remember(batch: ReadonlyMap<string, D | null>): void {
    const limit = this.options.cachedDocuments ?? DEFAULT_CACHED_DOCUMENTS;
    const byteLimit = this.options.cachedBytes ?? DEFAULT_CACHED_BYTES;
    for (const [id, document] of batch) {
      this.forget(id);
      const bytes = this.bytesOf(document);
      this.recent.set(id, { document, bytes });
      this.recentBytes += bytes;
    }
    for (const id of this.recent.keys()) {
      if (this.recent.size <= limit && this.recentBytes <= byteLimit) break;
      this.forget(id);
    }
  }

  private forget(id: string): void {
    const known = this.recent.get(id);
    if (known === undefined) return;
    this.recentBytes -= known.bytes;
    this.recent.delete(id);
  }

  private async turn(): Promise<void> {
    await turn();
    this.lastTurn = performance.now();
  }

  private fail(failure: RunnerFailure): void {
    this.failure = failure;
    this.runnerState = 'failed';
    this.options.onFailure?.(failure);
    this.notify();
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = new Set();
    waiters.forEach((wake) => wake());
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

/**
 * The checkpoint the commits of a build in stream order carry: the document store moves a
 * checkpoint with every commit, and the projection's own may move only once the build is whole.
 * It holds a random token of the build (a fence against another instance's build); dropped
 * with the leftovers and once the build is done.
 */
function buildingCheckpoint(collection: string): string {
  return `${collection}.building`;
}

/** Progress of a build in stream order: the share of the category's events up to the head read so far. */
function buildProgress(building: { readonly total: number | undefined; readonly done: number }, seconds: number): RunnerProgress {
  const { total, done } = building;
  const left = total === undefined ? undefined : Math.max(0, total - done);
  return {
    eventsPerSecond: seconds > 0 ? Math.round(done / seconds) : null,
    percent: total === undefined ? 0 : total === 0 || left === 0 ? 100 : Math.floor((1000 * done) / total) / 10,
    secondsLeft: left === undefined ? null : left === 0 ? 0 : done > 0 ? Math.ceil((left * seconds) / done) : null,
  };
}

/** Runners waiting for their turn, first come first served: one is let go per turn of the event loop. */
const waitingForTurn: (() => void)[] = [];
let turnScheduled = false;

/**
 * Resolves on a later turn of the event loop, and only one runner's on each: the runners of
 * every projection take turns instead of all working on every turn, so however many catch up
 * at once, a turn holds one slice of one runner's work between the requests it lets in.
 */
function turn(this: void): Promise<void> {
  return new Promise((resolve) => {
    waitingForTurn.push(resolve);
    if (!turnScheduled) {
      turnScheduled = true;
      setImmediate(nextTurn);
    }
  });
}

function nextTurn(this: void): void {
  const next = waitingForTurn.shift();
  turnScheduled = waitingForTurn.length > 0;
  if (turnScheduled) setImmediate(nextTurn);
  next?.();
}

/** Failures of the storage, not of the projection: worth trying again. */
function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return isStorageFull(error) || code === 'document-store-unavailable' || code === 'event-store-unavailable';
}

function idle(ms: number): { promise: Promise<typeof IDLE>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<typeof IDLE>((resolve) => {
    timer = setTimeout(() => resolve(IDLE), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}
