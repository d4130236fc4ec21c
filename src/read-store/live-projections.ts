import { aggregatesCollection } from '../../projections/projection-aggregates.js';
import type { ProjectionDefinition } from '../../projections/projection.js';
import type { Position } from '../event-store/event-store.port.js';
import type { DocumentStore } from './document-store.port.js';
import type { ProjectionRunner } from './projection-runner.js';
import type { ProjectionRunners } from './projection-runners.js';
import type { ProjectionsOptions } from './projections.js';

/** Which generation of each projection is live: a document per projection name. */
export const GENERATIONS = 'projection-generations';

/** The collection a generation of a projection is written to. */
export const collectionOf = (name: string, generation: number) => `${name}@${generation}`;

/** A projection in this instance: its live generation, and its runner while this instance holds its lease. */
export interface LiveProjection {
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

/**
 * The live generation of each projection in this instance and the runner that keeps it, if
 * this instance runs it: what the leases, the generation switches, the reads and the status
 * share. Changes to which runner runs (lease ticks, generation switches) go through
 * `serially`, one after the other.
 */
export class LiveProjections {
  private readonly live = new Map<string, LiveProjection>();
  private serial: Promise<void> = Promise.resolve();
  /** Set while the projections stop: no runner is started any more. */
  stopped = false;

  constructor(
    readonly definitions: readonly ProjectionDefinition[],
    private readonly documents: DocumentStore,
    private readonly runners: ProjectionRunners,
    private readonly log: ProjectionsOptions['log'],
  ) {}

  names(): string[] {
    return this.definitions.map((definition) => definition.name);
  }

  definition(name: string): ProjectionDefinition | undefined {
    return this.definitions.find((candidate) => candidate.name === name);
  }

  get(name: string): LiveProjection | undefined {
    return this.live.get(name);
  }

  all(): IterableIterator<LiveProjection> {
    return this.live.values();
  }

  /** Each projection in its stored generation, prepared to run, with no runner yet. */
  async open(): Promise<void> {
    this.stopped = false;
    for (const definition of this.definitions) {
      const generation = await this.storedGeneration(definition.name);
      await this.prepareGeneration(definition, generation);
      this.add(definition.name, generation, undefined, false);
    }
  }

  add(name: string, generation: number, runner: ProjectionRunner | undefined, holding: boolean): LiveProjection {
    const live: LiveProjection = { name, generation, runner, holding, heldUntil: 0, failures: 0, failedAt: 0n, retryAt: 0 };
    this.live.set(name, live);
    return live;
  }

  /** Starts a runner of the live generation from its checkpoint. */
  run(definition: ProjectionDefinition, live: LiveProjection): void {
    const { generation } = live;
    const runner = this.runners.create(definition, collectionOf(definition.name, generation), {
      onFailure: (failure) => this.log.error({ projection: definition.name, generation, failure }, `projection ${definition.name} stopped: ${failure.message}`),
    });
    live.runner = runner;
    runner.start();
  }

  /** Stops the runner here, if any, leaving the projection to whoever holds its lease. */
  async standBy(live: LiveProjection): Promise<void> {
    const runner = live.runner;
    live.runner = undefined;
    await runner?.stop('abandon');
  }

  /** Where the projection stands: its runner's position here (ProjectionRunner.processed), else its stored checkpoint. */
  async positionOf(live: LiveProjection): Promise<Position> {
    const processed = live.runner?.processed;
    if (processed !== undefined) return processed;
    const collection = collectionOf(live.name, live.generation);
    return (await this.documents.checkpoint(collection))?.position ?? 0n;
  }

  async storedGeneration(name: string): Promise<number> {
    const stored = await this.documents.get<{ generation: number }>(GENERATIONS, name);
    return stored?.generation ?? 1;
  }

  /** Indexes of a generation about to run; a generation older than it may survive a rebuild run by another process. */
  async prepareGeneration(definition: ProjectionDefinition, generation: number): Promise<void> {
    await this.documents.ensureIndexes(collectionOf(definition.name, generation), definition.indexes);
    if (generation > 1) await this.dropGeneration(collectionOf(definition.name, generation - 1));
  }

  /** A generation's documents, checkpoint and indexes, and its aggregates. */
  async dropGeneration(collection: string): Promise<void> {
    await this.documents.dropCollection(collection, collection);
    await this.documents.dropCollection(aggregatesCollection(collection), collection); // [aggregates]
  }

  serially(task: () => Promise<void>): Promise<void> {
    const next = this.serial.then(task).catch((error: unknown) => this.log.error({ error: (error as Error).message }, 'projection lease or switch failed'));
    this.serial = next;
    return next;
  }

  /** Once the lease ticks and switches under way are done. */
  settled(): Promise<void> {
    return this.serial;
  }
}
