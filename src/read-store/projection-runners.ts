import type { ProjectionDefinition } from '../../projections/projection.js';
import type { EventStore, Position, StoredEvent } from '../event-store/event-store.port.js';
import type { Clock } from '../shared/clock.js';
import type { DocumentStore } from './document-store.port.js';
import { ProjectionRunner, type RunnerOptions } from './projection-runner.js';
import type { ProjectionsOptions } from './projections.js';
import { SharedLog } from './shared-log.js';
import { StreamLog } from './stream-log.js';

/**
 * Makes every runner, live or rebuilding, with the same bounds and the same reads: each reads
 * the log through a shared read (runners at the same place share each page), builds an empty
 * read model through the read in stream order where it can, and takes each event decoded once
 * for all runners that read it.
 */
export class ProjectionRunners {
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
    private readonly events: EventStore,
    private readonly documents: DocumentStore,
    private readonly clock: Clock,
    private readonly options: ProjectionsOptions,
  ) {}

  /** A runner of `definition` into `collection`, told what to do when it fails or catches up. */
  create(definition: ProjectionDefinition, collection: string, hooks: Pick<RunnerOptions, 'onFailure' | 'onCaughtUp'>): ProjectionRunner {
    return new ProjectionRunner(definition, collection, this.events, this.documents, this.clock, {
      batchSize: this.options.batchSize,
      ...this.batchOptions(),
      idleFlushMs: this.options.idleFlushMs,
      ...this.readOptions(definition),
      ...hooks,
    });
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

  /** The batch and memory bounds of every runner, live or rebuilding. */
  private batchOptions(): Pick<RunnerOptions, 'catchUpBatchSize' | 'cachedBytes' | 'buildBatchBytes' | 'carriedCounts'> {
    const { catchUpBatchSize, cachedBytes, buildBatchBytes, carriedCounts } = this.options;
    return {
      ...(catchUpBatchSize ? { catchUpBatchSize } : {}),
      ...(cachedBytes !== undefined ? { cachedBytes } : {}),
      ...(buildBatchBytes !== undefined ? { buildBatchBytes } : {}),
      ...(carriedCounts !== undefined ? { carriedCounts } : {}),
    };
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
}
