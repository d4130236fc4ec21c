import type { ProjectionDefinition } from '../../projections/projection.js';
import type { EventStore, Position, StoredEvent } from '../event-store/event-store.port.js';
import type { Clock } from '../shared/clock.js';
import type { DocumentStore } from './document-store.port.js';
import { GenerationSwitches } from './generation-switches.js';
import { LiveProjections } from './live-projections.js';
import { ProjectionLeases } from './projection-leases.js';
import { ProjectionRebuilds } from './projection-rebuilds.js';
import { ProjectionRunners } from './projection-runners.js';
import { ProjectionStatuses, type ProjectionStatus } from './projection-status.js';
import { ReadYourWrites } from './read-your-writes.js';
import type { SharedLogOptions } from './shared-log.js';
import type { StreamLogOptions } from './stream-log.js';

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
  /** The most aggregate counts a build in stream order carries before writing them (RunnerOptions.carriedCounts). */
  readonly carriedCounts?: number;
}

/**
 * The projections of the service: one live runner per definition, rebuilds that run beside
 * the live one and take over atomically once caught up, status, and read-your-writes. Each is
 * a class of its own, over the live generation of each projection they share
 * (`LiveProjections`); this wires them and starts and stops them together.
 *
 * Several instances may share the stores: each projection runs in the one instance that
 * holds its lease (`ProjectionLeases`); the others stand by, answer reads from the stored
 * documents (waiting on the stored checkpoint), and take over from the checkpoint once the
 * lease expires. The checkpoint's compare-and-set keeps a holder that lost its lease from
 * writing anything.
 */
export class Projections {
  readonly leases: ProjectionLeases;
  readonly rebuilds: ProjectionRebuilds;
  readonly reads: ReadYourWrites;
  readonly statuses: ProjectionStatuses;
  private readonly live: LiveProjections;
  private readonly runners: ProjectionRunners;
  private readonly switches: GenerationSwitches;

  constructor(definitions: readonly ProjectionDefinition[], events: EventStore, documents: DocumentStore, clock: Clock, options: ProjectionsOptions) {
    this.runners = new ProjectionRunners(events, documents, clock, options);
    this.live = new LiveProjections(definitions, documents, this.runners, options.log);
    this.leases = new ProjectionLeases(this.live, documents, options);
    this.rebuilds = new ProjectionRebuilds(this.live, this.runners, events, documents, clock, options.log);
    this.switches = new GenerationSwitches(this.live, options, (name) => this.rebuilds.has(name));
    this.reads = new ReadYourWrites(this.live, options);
    this.statuses = new ProjectionStatuses(this.live, this.leases, this.rebuilds, events);
  }

  /** This instance's name as a lease holder. */
  get holder(): string {
    return this.leases.holder;
  }

  /** Pages read from the store by every shared read (global order, and stream order), for tests and figures. */
  get log(): { readonly pagesRead: number; readonly streamPagesRead: number } {
    return this.runners.log;
  }

  names(): string[] {
    return this.live.names();
  }

  /** Takes the lease of every projection it can and runs those from their checkpoints, in their live generation; stands by for the rest. */
  async start(): Promise<void> {
    await this.live.open();
    await this.leases.start();
    this.switches.start();
  }

  /** Stops the runners and releases the leases this instance holds, so another instance takes over at once. */
  async stop(): Promise<void> {
    this.live.stopped = true;
    this.switches.stop();
    this.leases.stopTending();
    await this.live.settled();
    await this.rebuilds.stop();
    await Promise.all([...this.live.all()].map((live) => live.runner?.stop()));
    await this.leases.release();
  }

  /** ReadYourWrites.readable. */
  readable(name: string, minPosition?: Position): Promise<{ collection: string; position: Position }> {
    return this.reads.readable(name, minPosition);
  }

  /** ProjectionStatuses.status. */
  status(): Promise<ProjectionStatus[]> {
    return this.statuses.status();
  }

  /** ProjectionRebuilds.rebuild: resolves once the rebuild runs (`done`: once it has taken over, or failed). */
  rebuild(name: string): Promise<{ generation: number; done: Promise<void> }> {
    return this.rebuilds.rebuild(name);
  }
}
