import type { ProjectionDefinition } from '../../projections/projection.js';
import type { EventStore, Position, StoredEvent } from '../event-store/event-store.port.js';
import type { Clock } from '../shared/clock.js';
import type { DocumentStore } from './document-store.port.js';
import { ProjectionRunner, type RunnerFailure, type RunnerState } from './projection-runner.js';

/** Which generation of each projection is live: a document per projection name. */
export const GENERATIONS = 'projection-generations';

export interface ProjectionsOptions {
  readonly batchSize: number;
  readonly idleFlushMs: number;
  /** How long a query with minPosition may wait for the projection to catch up. */
  readonly readWaitMs: number;
  /** How often to look for a generation switched by another process (the rebuild CLI). */
  readonly generationPollMs: number;
  readonly log: { info(fields: object, message: string): void; error(fields: object, message: string): void };
  /** A stored event as the definitions read it (personal fields decrypted): every runner, live or rebuilding, uses it. */
  readonly decode?: (event: StoredEvent) => Promise<StoredEvent>;
}

export interface ProjectionStatus {
  readonly name: string;
  readonly generation: number;
  readonly state: RunnerState;
  readonly position: string;
  readonly headPosition: string;
  /** Positions between the head of the log and the projection (not a count of events: positions are not contiguous). */
  readonly lag: string;
  readonly lastError: RunnerFailure | null;
  readonly rebuild: { readonly generation: number; readonly state: RunnerState; readonly position: string; readonly targetPosition: string } | null;
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

interface Live {
  generation: number;
  runner: ProjectionRunner;
}

const collectionOf = (name: string, generation: number) => `${name}@${generation}`;

/**
 * The projections of the service: one live runner per definition, rebuilds that run beside
 * the live one and take over atomically once caught up, status, and read-your-writes.
 */
export class Projections {
  private readonly live = new Map<string, Live>();
  private readonly rebuilds = new Map<string, { generation: number; runner: ProjectionRunner; target: Position; done: Promise<void> }>();
  private poller: NodeJS.Timeout | undefined;

  constructor(
    private readonly definitions: readonly ProjectionDefinition[],
    private readonly events: EventStore,
    private readonly documents: DocumentStore,
    private readonly clock: Clock,
    private readonly options: ProjectionsOptions,
  ) {}

  names(): string[] {
    return this.definitions.map((definition) => definition.name);
  }

  /** Starts every projection from its checkpoint, in its live generation. */
  async start(): Promise<void> {
    for (const definition of this.definitions) await this.startLive(definition, await this.storedGeneration(definition.name));
    this.poller = setInterval(() => void this.followSwitches(), this.options.generationPollMs);
    this.poller.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.poller);
    await Promise.all([...this.rebuilds.values()].map((rebuild) => rebuild.runner.stop()));
    await Promise.all([...this.live.values()].map((live) => live.runner.stop()));
  }

  /**
   * The collection to read a projection from, once it has processed `minPosition` (the
   * position a command returned). Waits at most readWaitMs; then, or when the projection
   * has failed, refuses rather than answer from a view that misses the caller's write.
   */
  async readable(name: string, minPosition?: Position): Promise<{ collection: string; position: Position }> {
    const live = this.live.get(name);
    if (!live) throw new ProjectionUnavailableError('unknown-projection', `no projection ${name} is running`, { projection: name });
    const { runner } = live;
    if (runner.state === 'failed') {
      throw new ProjectionUnavailableError('projection-failed', `projection ${name} has stopped: ${runner.lastFailure?.message ?? 'unknown error'}`, {
        projection: name,
        position: runner.position.toString(),
      });
    }
    if (minPosition !== undefined && !(await runner.waitFor(minPosition, this.options.readWaitMs))) {
      throw new ProjectionUnavailableError('projection-behind', `projection ${name} has not reached position ${minPosition} within ${this.options.readWaitMs} ms; retry`, {
        projection: name,
        position: runner.position.toString(),
        minPosition: minPosition.toString(),
      });
    }
    return { collection: runner.collection, position: runner.position };
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = await this.events.headPosition();
    return this.definitions.map(({ name }) => {
      const live = this.live.get(name);
      const rebuild = this.rebuilds.get(name);
      const position = live?.runner.position ?? 0n;
      return {
        name,
        generation: live?.generation ?? 0,
        state: live?.runner.state ?? 'stopped',
        position: position.toString(),
        headPosition: head.toString(),
        lag: (head > position ? head - position : 0n).toString(),
        lastError: live?.runner.lastFailure ?? null,
        rebuild: rebuild
          ? { generation: rebuild.generation, state: rebuild.runner.state, position: rebuild.runner.position.toString(), targetPosition: rebuild.target.toString() }
          : null,
      };
    });
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
    await this.documents.ensureIndexes(collection, definition.indexes);
    const target = await this.events.headPosition();
    const switchDocument = () => [{ collection: GENERATIONS, id: name, document: { name, generation, collection, switchedAt: this.clock.now().toISOString() } }];
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    const runner = new ProjectionRunner(definition, collection, this.events, this.documents, this.clock, {
      batchSize: this.options.batchSize,
      idleFlushMs: this.options.idleFlushMs,
      ...(this.options.decode ? { decode: this.options.decode } : {}),
      onFailure: (failure) => {
        this.options.log.error({ projection: name, generation, failure }, `rebuild of ${name} failed`);
        this.rebuilds.delete(name);
        finished();
      },
      onCaughtUp: { position: target, changes: switchDocument, then: () => void this.takeOver(definition, generation, runner).then(finished) },
    });
    this.rebuilds.set(name, { generation, runner, target, done });
    this.options.log.info({ projection: name, generation, target: target.toString() }, `rebuilding ${name} from position 0`);
    if (target === 0n) {
      await this.documents.commit({ changes: switchDocument(), checkpoint: { projection: collection, from: 0n, to: 0n }, at: this.clock.now().toISOString() });
      await this.takeOver(definition, generation, runner);
      finished();
    } else {
      runner.start();
    }
    return { generation, done };
  }

  private async takeOver(definition: ProjectionDefinition, generation: number, runner: ProjectionRunner): Promise<void> {
    const previous = this.live.get(definition.name);
    this.live.set(definition.name, { generation, runner });
    this.rebuilds.delete(definition.name);
    if (runner.state === 'starting' || runner.state === 'stopped') runner.start();
    this.options.log.info({ projection: definition.name, generation }, `${definition.name} generation ${generation} is live`);
    if (previous) {
      await previous.runner.stop();
      await this.documents.dropCollection(previous.runner.collection, previous.runner.collection);
    }
  }

  private async startLive(definition: ProjectionDefinition, generation: number): Promise<void> {
    const collection = collectionOf(definition.name, generation);
    await this.documents.ensureIndexes(collection, definition.indexes);
    // A generation older than the live one may survive a rebuild run by another process.
    if (generation > 1) await this.documents.dropCollection(collectionOf(definition.name, generation - 1), collectionOf(definition.name, generation - 1));
    const runner = new ProjectionRunner(definition, collection, this.events, this.documents, this.clock, {
      batchSize: this.options.batchSize,
      idleFlushMs: this.options.idleFlushMs,
      ...(this.options.decode ? { decode: this.options.decode } : {}),
      onFailure: (failure) => this.options.log.error({ projection: definition.name, generation, failure }, `projection ${definition.name} stopped: ${failure.message}`),
    });
    this.live.set(definition.name, { generation, runner });
    runner.start();
  }

  private async storedGeneration(name: string): Promise<number> {
    const stored = await this.documents.get<{ generation: number }>(GENERATIONS, name);
    return stored?.generation ?? 1;
  }

  /** Another process (the rebuild CLI) switched a generation: follow it. */
  private async followSwitches(): Promise<void> {
    for (const definition of this.definitions) {
      const live = this.live.get(definition.name);
      if (!live || this.rebuilds.has(definition.name)) continue;
      const stored = await this.storedGeneration(definition.name).catch(() => live.generation);
      if (stored > live.generation) {
        await live.runner.stop();
        await this.startLive(definition, stored);
        this.options.log.info({ projection: definition.name, generation: stored }, `following the switch of ${definition.name} to generation ${stored}`);
      }
    }
  }
}
