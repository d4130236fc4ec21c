import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { aggregatesCollection } from '../../projections/projection-aggregates.js';
import type { ProjectionDefinition } from '../../projections/projection.js';
import type { EventStore, Position, StoredEvent } from '../event-store/event-store.port.js';
import type { Clock } from '../shared/clock.js';
import type { DocumentStore } from './document-store.port.js';
import { ProjectionRunner, type RunnerFailure, type RunnerOptions, type RunnerProgress, type RunnerState } from './projection-runner.js';
import { SharedLog, type SharedLogOptions } from './shared-log.js';
import { StreamLog, type StreamLogOptions } from './stream-log.js';

/** Which generation of each projection is live: a document per projection name. */
export const GENERATIONS = 'projection-generations';

export interface ProjectionsOptions {
  readonly batchSize: number;
  /** Most documents in one commit while a runner catches up (RunnerOptions.catchUpBatchSize); `batchSize` when absent. */
  readonly catchUpBatchSize?: number;
  /** Bytes of committed documents each runner keeps in memory (RunnerOptions.cachedBytes); 8 MiB when absent. */
  readonly cachedBytes?: number;
  readonly idleFlushMs: number;
  /** How long a query with minPosition may wait for the projection to catch up. */
  readonly readWaitMs: number;
  /** How often to look for a generation switched by another process (the rebuild CLI). */
  readonly generationPollMs: number;
  readonly log: { info(fields: object, message: string): void; error(fields: object, message: string): void };
  /** A stored event as the definitions read it (personal fields decrypted): every runner, live or rebuilding, uses it. */
  readonly decode?: (event: StoredEvent) => Promise<StoredEvent>;
  /** Events after whose commit the read store is scrubbed (erasures; RunnerOptions.scrubAfter): every runner, live or rebuilding. */
  readonly scrubAfter?: (event: StoredEvent) => boolean;
  /**
   * Each projection runs in one instance at a time, the holder of its lease in the read store
   * (`projection:<name>`); the holder renews it every ttl/3, the others try to take it as often.
   * Default 15000: a dead holder's projections stand still for up to ttl + ttl/3.
   */
  readonly leaseTtlMs?: number;
  /** This instance's name as a lease holder; default `<hostname>-<pid>-<random>`. */
  readonly holder?: string;
  /** How often a read on an instance that does not run the projection looks at its stored checkpoint; default 20. */
  readonly checkpointPollMs?: number;
  /** Wall-clock time for leases (not the service clock, which tests fix); default `new Date()`. */
  readonly leaseNow?: () => Date;
  /** The one read of the log that feeds every runner catching up (page size, pages held); `DEFAULT_SHARED_LOG` when absent. */
  readonly sharedLog?: SharedLogOptions;
  /** The read in stream order that builds empty read models (page size, pages held); `DEFAULT_STREAM_LOG` when absent. */
  readonly streamLog?: StreamLogOptions;
  /**
   * Build an empty read model in stream order first (RunnerOptions.streamBuild) when its
   * definition has one document per stream and the store reads so; default true. False: the
   * global order from the start (as the lease test that kills a holder in the middle of a
   * global catch-up needs).
   */
  readonly buildInStreamOrder?: boolean;
  /** The most bytes of documents in one commit of a build in stream order (RunnerOptions.buildBatchBytes); 2 MiB when absent. */
  readonly buildBatchBytes?: number;
}

export const DEFAULT_LEASE_TTL_MS = 15_000;

export interface ProjectionStatus {
  readonly name: string;
  readonly generation: number;
  /** running: this instance runs it; standby: another instance does (see holder), or none yet holds its lease. */
  readonly state: RunnerState;
  /** Who holds the projection's lease (null: nobody, or it expired); this instance is `instance`. */
  readonly holder: string | null;
  readonly instance: string;
  readonly position: string;
  readonly headPosition: string;
  /** Positions between the head of the log and the projection (not a count of events: positions are not contiguous). */
  readonly lag: string;
  readonly lastError: RunnerFailure | null;
  /** While this instance runs it and it is behind the head: how fast it catches up, how far it is, the time left. */
  readonly catchUp: RunnerProgress | null;
  readonly rebuild: ({ readonly generation: number; readonly state: RunnerState; readonly position: string; readonly targetPosition: string; readonly startedAt: string } & RunnerProgress) | null;
  /** The last rebuild this instance ran to its switch: its overall rate. */
  readonly lastRebuild: { readonly generation: number; readonly startedAt: string; readonly finishedAt: string; readonly targetPosition: string; readonly eventsPerSecond: number | null } | null;
}

/** The query could not be answered from a projection that is current enough (HTTP 503). */
export class ProjectionUnavailableError extends Error {
  constructor(
    readonly code: 'projection-behind' | 'projection-failed' | 'unknown-projection',
    message: string,
    readonly details: { readonly projection: string; readonly position?: string; readonly minPosition?: string },
  ) {
    super(message);
    this.name = 'ProjectionUnavailableError';
  }
}

/** A projection in this instance: its live generation, and its runner while this instance holds its lease. */
interface Live {
  readonly name: string;
  generation: number;
  runner: ProjectionRunner | undefined;
  holding: boolean;
  /** Until when, by this instance's clock, its lease surely holds (it renewed it before then). */
  heldUntil: number;
  /** Failures for good in a row here, each answered by giving the lease up for a while. */
  failures: number;
  /** Where the runner stood when it last failed for good: moving past it ends the run of failures. */
  failedAt: Position;
  /** Before then this instance does not take the lease back after such a failure (ms, lease clock). */
  retryAt: number;
}

/** The first pause after a projection failed for good here, doubled for each further failure, up to the last. */
const FAILED_PAUSE_MIN_MS = 1000;
const FAILED_PAUSE_MAX_MS = 5 * 60_000;

const collectionOf = (name: string, generation: number) => `${name}@${generation}`;
export const leaseOf = (name: string) => `projection:${name}`;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The projections of the service: one live runner per definition, rebuilds that run beside
 * the live one and take over atomically once caught up, status, and read-your-writes.
 *
 * Several instances may share the stores: each projection runs in the one instance that
 * holds its lease; the others stand by, answer reads from the stored documents (waiting on
 * the stored checkpoint), and take over from the checkpoint once the lease expires. The
 * checkpoint's compare-and-set keeps a holder that lost its lease from writing anything.
 */
export class Projections {
  private readonly live = new Map<string, Live>();
  private readonly finishedRebuilds = new Map<string, ProjectionStatus['lastRebuild']>();
  private readonly rebuilds = new Map<string, { generation: number; runner: ProjectionRunner; target: Position; startedAt: string; done: Promise<void> }>();
  private poller: NodeJS.Timeout | undefined;
  private leaseTimer: NodeJS.Timeout | undefined;
  /** Lease ticks and generation switches run one after the other. */
  private serial: Promise<void> = Promise.resolve();
  private stopped = false;
  readonly holder: string;
  private readonly leaseTtlMs: number;
  /**
   * Every runner reads the log through one of these: runners at the same place share each
   * page. With a store that reads a category through an index, one per category (the three
   * breach projections share one, the others read only their own rows); otherwise one for all.
   */
  private readonly logs = new Map<string, SharedLog>();
  /** The reads in stream order that build empty read models, one per category (the breach projections share one). */
  private readonly streamLogs = new Map<string, StreamLog>();
  /** Pages read from the store by every shared read (global order, and stream order), for tests and figures. */
  readonly log = { pagesRead: 0, streamPagesRead: 0 };
  /** Events decoded for one runner, for the others that read the same (shared) event: the decoding under way, then its result. */
  private readonly decoded = new WeakMap<StoredEvent, StoredEvent | Promise<StoredEvent>>();

  constructor(
    private readonly definitions: readonly ProjectionDefinition[],
    private readonly events: EventStore,
    private readonly documents: DocumentStore,
    private readonly clock: Clock,
    private readonly options: ProjectionsOptions,
  ) {
    this.holder = options.holder ?? `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
    this.leaseTtlMs = options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
  }

  /** The shared read a projection of this category reads the log through. */
  private logFor(category: string): SharedLog {
    const key = this.events.readsCategoriesByIndex === true ? category : '';
    let log = this.logs.get(key);
    if (!log) {
      log = new SharedLog(this.events, this.options.sharedLog, key === '' ? undefined : [key], () => (this.log.pagesRead += 1));
      this.logs.set(key, log);
    }
    return log;
  }

  /** The read in stream order of a category, for the projections whose documents are one stream each; none when the store cannot read so. */
  private streamLogFor(definition: ProjectionDefinition): StreamLog | undefined {
    if (definition.documentPerStream !== true || !this.events.readCategoriesByStream || this.options.buildInStreamOrder === false) return undefined;
    let log = this.streamLogs.get(definition.category);
    if (!log) {
      log = new StreamLog(this.events, [definition.category], this.options.streamLog, () => (this.log.streamPagesRead += 1));
      this.streamLogs.set(definition.category, log);
    }
    return log;
  }

  names(): string[] {
    return this.definitions.map((definition) => definition.name);
  }

  /** Takes the lease of every projection it can and runs those from their checkpoints, in their live generation; stands by for the rest. */
  async start(): Promise<void> {
    this.stopped = false;
    for (const definition of this.definitions) {
      const generation = await this.storedGeneration(definition.name);
      await this.prepareGeneration(definition, generation);
      this.live.set(definition.name, { name: definition.name, generation, runner: undefined, holding: false, heldUntil: 0, failures: 0, failedAt: 0n, retryAt: 0 });
    }
    await this.leaseTick();
    this.leaseTimer = setInterval(() => void this.leaseTick(), Math.max(1, Math.floor(this.leaseTtlMs / 3)));
    this.leaseTimer.unref();
    this.poller = setInterval(() => void this.followSwitches(), this.options.generationPollMs);
    this.poller.unref();
  }

  /** Stops the runners and releases the leases this instance holds, so another instance takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.poller);
    clearInterval(this.leaseTimer);
    await this.serial;
    await Promise.all([...this.rebuilds.values()].map((rebuild) => rebuild.runner.stop()));
    await Promise.all([...this.live.values()].map((live) => live.runner?.stop()));
    for (const [name, live] of this.live) {
      if (!live.holding) continue;
      live.holding = false;
      await this.documents.releaseLease(leaseOf(name), this.holder).catch(() => undefined);
    }
  }

  /**
   * The collection to read a projection from, once it has processed `minPosition` (the
   * position a command returned). Waits at most readWaitMs; then, or when the projection
   * has failed, refuses rather than answer from a view that misses the caller's write.
   * In an instance that does not run the projection, it waits on the stored checkpoint.
   */
  async readable(name: string, minPosition?: Position): Promise<{ collection: string; position: Position }> {
    const deadline = Date.now() + this.options.readWaitMs;
    for (;;) {
      const live = this.live.get(name);
      if (!live) throw new ProjectionUnavailableError('unknown-projection', `no projection ${name} is running`, { projection: name });
      const { runner } = live;
      if (runner?.state === 'failed') {
        throw new ProjectionUnavailableError('projection-failed', `projection ${name} has stopped: ${runner.lastFailure?.message ?? 'unknown error'}`, {
          projection: name,
          position: runner.position.toString(),
        });
      }
      const collection = collectionOf(name, live.generation);
      const position = await this.positionOf(live);
      if (minPosition === undefined || position >= minPosition) return { collection, position };
      const behind = () =>
        new ProjectionUnavailableError('projection-behind', `projection ${name} has not reached position ${minPosition} within ${this.options.readWaitMs} ms; retry`, {
          projection: name,
          position: (runner?.state === 'failed' ? runner.position : position).toString(),
          minPosition: minPosition.toString(),
        });
      const left = deadline - Date.now();
      if (left <= 0) throw behind();
      if (runner?.state === 'running') {
        await runner.waitFor(minPosition, left);
        if ((runner.state as RunnerState) === 'failed') throw behind(); // it stopped short of the position while we waited
      } else {
        await pause(Math.min(left, this.options.checkpointPollMs ?? 20));
      }
    }
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = await this.events.headPosition();
    const now = this.leaseNow().getTime();
    return Promise.all(
      this.definitions.map(async ({ name }) => {
        const live = this.live.get(name);
        const rebuild = this.rebuilds.get(name);
        const lease = await this.documents.lease(leaseOf(name)).catch(() => undefined);
        const position = live ? await this.positionOf(live).catch(() => live.runner?.position ?? 0n) : 0n;
        return {
          name,
          generation: live?.generation ?? 0,
          state: live ? (live.runner?.state ?? 'standby') : 'stopped',
          holder: lease && Date.parse(lease.expiresAt) > now ? lease.holder : null,
          instance: this.holder,
          position: position.toString(),
          headPosition: head.toString(),
          lag: (head > position ? head - position : 0n).toString(),
          lastError: live?.runner?.lastFailure ?? null,
          catchUp: live?.runner?.state === 'running' && head > position ? live.runner.progress(head) : null,
          rebuild: rebuild
            ? {
                generation: rebuild.generation,
                state: rebuild.runner.state,
                position: rebuild.runner.position.toString(),
                targetPosition: rebuild.target.toString(),
                startedAt: rebuild.startedAt,
                ...rebuild.runner.progress(rebuild.target),
              }
            : null,
          lastRebuild: this.finishedRebuilds.get(name) ?? null,
        };
      }),
    );
  }

  /**
   * Rebuilds a projection from position 0 into a new generation, beside the live one. When
   * it has caught up with the log as it stood at the start, the switch to it is written in
   * the same commit as its documents and checkpoint; the old generation is then dropped.
   * Resolves once the rebuild has taken over (or failed).
   */
  async rebuild(name: string): Promise<{ generation: number; done: Promise<void> }> {
    const definition = this.definitions.find((candidate) => candidate.name === name);
    if (!definition) throw new ProjectionUnavailableError('unknown-projection', `there is no projection ${name}; known: ${this.names().join(', ')}`, { projection: name });
    const running = this.rebuilds.get(name);
    if (running) return { generation: running.generation, done: running.done };
    const generation = Math.max(await this.storedGeneration(name), this.live.get(name)?.generation ?? 0) + 1;
    const collection = collectionOf(name, generation);
    await this.documents.dropCollection(collection, collection); // leftovers of an abandoned rebuild
    await this.documents.dropCollection(aggregatesCollection(collection), collection); // [aggregates] and of its aggregates
    await this.documents.ensureIndexes(collection, definition.indexes);
    const target = await this.events.headPosition();
    const startedAt = this.clock.now().toISOString();
    const switchDocument = () => [{ collection: GENERATIONS, id: name, document: { name, generation, collection, switchedAt: this.clock.now().toISOString() } }];
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    const runner = new ProjectionRunner(definition, collection, this.events, this.documents, this.clock, {
      batchSize: this.options.batchSize,
      ...this.batchOptions(),
      idleFlushMs: this.options.idleFlushMs,
      ...this.readOptions(definition),
      onFailure: (failure) => {
        this.options.log.error({ projection: name, generation, failure }, `rebuild of ${name} failed`);
        this.rebuilds.delete(name);
        finished();
      },
      onCaughtUp: {
        position: target,
        changes: switchDocument,
        then: () => {
          const { eventsPerSecond } = runner.progress(target);
          this.finishedRebuilds.set(name, { generation, startedAt, finishedAt: this.clock.now().toISOString(), targetPosition: target.toString(), eventsPerSecond });
          void this.takeOver(definition, generation, runner).then(finished);
        },
      },
    });
    this.rebuilds.set(name, { generation, runner, target, startedAt, done });
    this.options.log.info({ projection: name, generation, target: target.toString() }, `rebuilding ${name} from position 0`);
    if (target === 0n) {
      await this.documents.buildIndexes?.(collection);
      await this.documents.commit({ changes: switchDocument(), checkpoint: { projection: collection, from: 0n, to: 0n }, at: this.clock.now().toISOString() });
      await this.takeOver(definition, generation, runner);
      finished();
    } else {
      runner.start();
    }
    return { generation, done };
  }

  /**
   * The rebuilt generation is live. In the instance that holds the projection's lease its
   * runner goes on as the live one; elsewhere (another instance, the rebuild CLI) it stops,
   * and the holder follows the switch (followSwitches) from the new generation's checkpoint.
   */
  private async takeOver(definition: ProjectionDefinition, generation: number, runner: ProjectionRunner): Promise<void> {
    const previous = this.live.get(definition.name);
    const holding = previous?.holding ?? false;
    const previousRunner = previous?.runner;
    const previousCollection = previous ? collectionOf(definition.name, previous.generation) : undefined;
    if (previous) {
      previous.generation = generation;
      previous.runner = holding ? runner : undefined;
    } else {
      this.live.set(definition.name, { name: definition.name, generation, runner: holding ? runner : undefined, holding, heldUntil: 0, failures: 0, failedAt: 0n, retryAt: 0 });
    }
    this.rebuilds.delete(definition.name);
    if (holding && (runner.state === 'starting' || runner.state === 'stopped')) runner.start();
    if (!holding) await runner.stop('abandon');
    this.options.log.info({ projection: definition.name, generation }, `${definition.name} generation ${generation} is live`);
    await previousRunner?.stop('abandon');
    if (previousCollection) {
      await this.documents.dropCollection(previousCollection, previousCollection);
      await this.documents.dropCollection(aggregatesCollection(previousCollection), previousCollection); // [aggregates]
      // The dropped generation may have shown texts erased since it was built.
      await this.documents.scrub();
    }
  }

  /** The batch and memory bounds of every runner, live or rebuilding. */
  private batchOptions(): Pick<RunnerOptions, 'catchUpBatchSize' | 'cachedBytes' | 'buildBatchBytes'> {
    const { catchUpBatchSize, cachedBytes, buildBatchBytes } = this.options;
    return { ...(catchUpBatchSize ? { catchUpBatchSize } : {}), ...(cachedBytes !== undefined ? { cachedBytes } : {}), ...(buildBatchBytes !== undefined ? { buildBatchBytes } : {}) };
  }

  /** How every runner reads events: through the shared read, decoded (once for all of them), and scrubbing after an erasure. */
  private readOptions(definition: ProjectionDefinition): Pick<RunnerOptions, 'decode' | 'scrubAfter' | 'subscribe' | 'streamBuild'> {
    const { decode, scrubAfter } = this.options;
    const log = this.logFor(definition.category);
    const subscribe = (afterPosition: Position) => log.subscribe(afterPosition);
    const streamLog = this.streamLogFor(definition);
    return {
      subscribe,
      ...(streamLog ? { streamBuild: () => streamLog.open() } : {}),
      ...(decode ? { decode: (event) => this.decodeOnce(event, decode) } : {}),
      ...(scrubAfter ? { scrubAfter } : {}),
    };
  }

  /** The breach projections read the same events: decrypted once while the event is shared (a failure is each runner's own). */
  private decodeOnce(event: StoredEvent, decode: (event: StoredEvent) => Promise<StoredEvent>): StoredEvent | Promise<StoredEvent> {
    const known = this.decoded.get(event);
    if (known) return known;
    const decoding = decode(event);
    this.decoded.set(event, decoding);
    // Once decoded, the runners after the first take the event as it is, without waiting for a
    // promise each (three breach projections read every breach event).
    decoding.then(
      (decoded) => this.decoded.set(event, decoded),
      () => this.decoded.delete(event),
    );
    return decoding;
  }

  /** Indexes of a generation about to run; a generation older than it may survive a rebuild run by another process. */
  private async prepareGeneration(definition: ProjectionDefinition, generation: number): Promise<void> {
    await this.documents.ensureIndexes(collectionOf(definition.name, generation), definition.indexes);
    if (generation > 1) await this.documents.dropCollection(collectionOf(definition.name, generation - 1), collectionOf(definition.name, generation - 1));
    if (generation > 1) await this.documents.dropCollection(aggregatesCollection(collectionOf(definition.name, generation - 1)), collectionOf(definition.name, generation - 1)); // [aggregates]
  }

  private startRunner(definition: ProjectionDefinition, live: Live): void {
    const { generation } = live;
    const runner = new ProjectionRunner(definition, collectionOf(definition.name, generation), this.events, this.documents, this.clock, {
      batchSize: this.options.batchSize,
      ...this.batchOptions(),
      idleFlushMs: this.options.idleFlushMs,
      ...this.readOptions(definition),
      onFailure: (failure) => this.options.log.error({ projection: definition.name, generation, failure }, `projection ${definition.name} stopped: ${failure.message}`),
    });
    live.runner = runner;
    runner.start();
  }

  /** Renews the leases this instance holds, takes those that are free or expired, and stops the runners whose lease it lost. */
  private leaseTick(): Promise<void> {
    return this.serially(async () => {
      for (const definition of this.definitions) {
        if (this.stopped) return;
        const live = this.live.get(definition.name);
        if (live) await this.tendLease(definition, live);
      }
    });
  }

  private async tendLease(definition: ProjectionDefinition, live: Live): Promise<void> {
    const { name } = definition;
    const now = this.leaseNow().getTime();
    if (live.holding && live.runner?.failedForGood) return this.giveUpAfterFailure(live);
    if (!live.holding && now < live.retryAt) return this.pauseAfterFailure(live);
    if (live.failures > 0 && live.runner?.state === 'running' && live.runner.position > live.failedAt) live.failures = 0;
    let held: boolean;
    try {
      held = await this.documents.acquireLease(leaseOf(name), this.holder, this.leaseTtlMs, new Date(now));
    } catch (error) {
      // The read store is unreachable: go on while the lease surely holds (a commit would fail anyway).
      held = live.holding && this.leaseNow().getTime() < live.heldUntil;
      this.options.log.error({ projection: name, error: (error as Error).message }, `cannot renew the lease of ${name}`);
    }
    if (held) {
      if (!live.holding) this.options.log.info({ projection: name, holder: this.holder }, `this instance runs ${name}`);
      live.holding = true;
      live.heldUntil = now + this.leaseTtlMs;
      const state = live.runner?.state;
      const failed = live.runner?.failedForGood === true;
      if (state === undefined || state === 'standby' || state === 'stopped' || failed) {
        // After the pause that followed a failure: a fresh runner, from the checkpoint.
        if (failed) await live.runner?.stop('abandon');
        // Another process may have switched the generation meanwhile (a rebuild).
        const stored = await this.storedGeneration(name);
        if (stored > live.generation) {
          await this.prepareGeneration(definition, stored);
          live.generation = stored;
        }
        if (!this.stopped) this.startRunner(definition, live);
      }
      return;
    }
    if (live.holding) this.options.log.info({ projection: name, holder: this.holder }, `lost the lease of ${name}: standing by`);
    live.holding = false;
    const runner = live.runner;
    live.runner = undefined;
    await runner?.stop('abandon');
  }

  /**
   * The runner here failed for good (an event it cannot handle, a refusal no retry mends):
   * holding on to the lease would keep every other instance from trying until this one is
   * restarted. So the lease is released, and not taken back for a while (1 s, doubled with
   * each such failure in a row, up to 5 min): another instance may take it over (one running
   * a fixed release, or with a store it can reach), and if none does, this one starts the
   * projection again from its checkpoint after the pause. The failed runner stays, so
   * /projections and reads here say why, until another instance takes over.
   */
  private async giveUpAfterFailure(live: Live): Promise<void> {
    const pauseMs = Math.min(FAILED_PAUSE_MAX_MS, FAILED_PAUSE_MIN_MS * 2 ** live.failures);
    live.failures += 1;
    live.failedAt = live.runner?.position ?? 0n;
    live.retryAt = this.leaseNow().getTime() + pauseMs;
    live.holding = false;
    this.options.log.error(
      { projection: live.name, holder: this.holder, failures: live.failures, retryInMs: pauseMs, failure: live.runner?.lastFailure },
      `${live.name} failed; its lease is released for another instance, and taken back here in ${pauseMs} ms if none takes it`,
    );
    await this.documents.releaseLease(leaseOf(live.name), this.holder).catch((error: unknown) => {
      this.options.log.error({ projection: live.name, error: (error as Error).message }, `cannot release the lease of ${live.name}; it expires by itself`);
    });
  }

  /** While paused after a failure: once another instance runs the projection, stand by for it. */
  private async pauseAfterFailure(live: Live): Promise<void> {
    if (live.runner === undefined) return;
    const lease = await this.documents.lease(leaseOf(live.name)).catch(() => undefined);
    if (lease && lease.holder !== this.holder && Date.parse(lease.expiresAt) > this.leaseNow().getTime()) {
      const runner = live.runner;
      live.runner = undefined;
      await runner.stop('abandon');
    }
  }

  private serially(task: () => Promise<void>): Promise<void> {
    const next = this.serial.then(task).catch((error: unknown) => this.options.log.error({ error: (error as Error).message }, 'projection lease or switch failed'));
    this.serial = next;
    return next;
  }

  private leaseNow(): Date {
    return this.options.leaseNow?.() ?? new Date();
  }

  /** Where the projection stands: its runner's position here, else its stored checkpoint. */
  private async positionOf(live: Live): Promise<Position> {
    if (live.runner?.state === 'running') return live.runner.position;
    const collection = collectionOf(live.name, live.generation);
    return (await this.documents.checkpoint(collection))?.position ?? 0n;
  }

  private async storedGeneration(name: string): Promise<number> {
    const stored = await this.documents.get<{ generation: number }>(GENERATIONS, name);
    return stored?.generation ?? 1;
  }

  /** Another process (the rebuild CLI, another instance) switched a generation: follow it. */
  private followSwitches(): Promise<void> {
    return this.serially(async () => {
      for (const definition of this.definitions) {
        if (this.stopped) return;
        const live = this.live.get(definition.name);
        if (!live || this.rebuilds.has(definition.name)) continue;
        const stored = await this.storedGeneration(definition.name).catch(() => live.generation);
        if (stored <= live.generation) continue;
        const runner = live.runner;
        live.runner = undefined;
        await runner?.stop('abandon');
        if (live.holding) await this.prepareGeneration(definition, stored);
        live.generation = stored;
        if (live.holding && !this.stopped) this.startRunner(definition, live);
        this.options.log.info({ projection: definition.name, generation: stored }, `following the switch of ${definition.name} to generation ${stored}`);
      }
    });
  }
}
