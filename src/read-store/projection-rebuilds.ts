import type { ProjectionDefinition } from '../../projections/projection.js';
import type { EventStore, Position } from '../event-store/event-store.port.js';
import type { Clock } from '../shared/clock.js';
import type { DocumentStore } from './document-store.port.js';
import { collectionOf, GENERATIONS, type LiveProjections } from './live-projections.js';
import type { ProjectionRunner } from './projection-runner.js';
import type { ProjectionRunners } from './projection-runners.js';
import type { ProjectionStatus } from './projection-status.js';
import type { ProjectionsOptions } from './projections.js';
import { ProjectionUnavailableError } from './read-your-writes.js';

interface Rebuild {
  readonly generation: number;
  readonly runner: ProjectionRunner;
  readonly target: Position;
  readonly startedAt: string;
  readonly done: Promise<void>;
}

/**
 * Rebuilds a projection from position 0 into a new generation, beside the live one. When it
 * has caught up with the log as it stood at the start, the switch to it is written in the same
 * commit as its documents and checkpoint, the new generation takes over here and the old one
 * is dropped.
 */
export class ProjectionRebuilds {
  private readonly running = new Map<string, Rebuild>();
  private readonly finished = new Map<string, NonNullable<ProjectionStatus['lastRebuild']>>();

  constructor(
    private readonly live: LiveProjections,
    private readonly runners: ProjectionRunners,
    private readonly events: EventStore,
    private readonly documents: DocumentStore,
    private readonly clock: Clock,
    private readonly log: ProjectionsOptions['log'],
  ) {}

  /** Whether a rebuild of the projection runs in this process. */
  has(name: string): boolean {
    return this.running.has(name);
  }

  /** The rebuild of the projection under way here, if any. */
  statusOf(name: string): ProjectionStatus['rebuild'] {
    const rebuild = this.running.get(name);
    if (!rebuild) return null;
    return {
      generation: rebuild.generation,
      state: rebuild.runner.state,
      position: rebuild.runner.position.toString(),
      targetPosition: rebuild.target.toString(),
      startedAt: rebuild.startedAt,
      ...rebuild.runner.progress(rebuild.target),
    };
  }

  /** The last rebuild of the projection this process ran to its switch, if any. */
  lastOf(name: string): ProjectionStatus['lastRebuild'] {
    return this.finished.get(name) ?? null;
  }

  /** Resolves once the rebuild runs (`done`: once it has taken over, or failed). */
  async rebuild(name: string): Promise<{ generation: number; done: Promise<void> }> {
    const definition = this.live.definition(name);
    if (!definition) throw new ProjectionUnavailableError('unknown-projection', `there is no projection ${name}; known: ${this.live.names().join(', ')}`, { projection: name });
    const running = this.running.get(name);
    if (running) return { generation: running.generation, done: running.done };
    const generation = Math.max(await this.live.storedGeneration(name), this.live.get(name)?.generation ?? 0) + 1;
    const collection = collectionOf(name, generation);
    await this.live.dropGeneration(collection); // leftovers of an abandoned rebuild, and of its aggregates
    await this.documents.ensureIndexes(collection, definition.indexes);
    const target = await this.events.headPosition();
    const startedAt = this.clock.now().toISOString();
    const switchDocument = () => [{ collection: GENERATIONS, id: name, document: { name, generation, collection, switchedAt: this.clock.now().toISOString() } }];
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    const runner = this.runners.create(definition, collection, {
      onFailure: (failure) => {
        this.log.error({ projection: name, generation, failure }, `rebuild of ${name} failed`);
        this.running.delete(name);
        finished();
      },
      onCaughtUp: {
        position: target,
        changes: switchDocument,
        then: () => {
          const { eventsPerSecond } = runner.progress(target);
          this.finished.set(name, { generation, startedAt, finishedAt: this.clock.now().toISOString(), targetPosition: target.toString(), eventsPerSecond });
          void this.takeOver(definition, generation, runner)
            .catch((error: unknown) => this.log.error({ projection: name, generation, error: (error as Error).message }, `${name} generation ${generation} did not take over`))
            .finally(finished);
        },
      },
    });
    this.running.set(name, { generation, runner, target, startedAt, done });
    this.log.info({ projection: name, generation, target: target.toString() }, `rebuilding ${name} from position 0`);
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

  /** Stops the rebuilds under way. */
  async stop(): Promise<void> {
    await Promise.all([...this.running.values()].map((rebuild) => rebuild.runner.stop()));
  }

  /**
   * The rebuilt generation is live. In the instance that holds the projection's lease its
   * runner goes on as the live one; elsewhere (another instance, the rebuild CLI) it stops,
   * and the holder follows the switch (GenerationSwitches) from the new generation's checkpoint.
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
      this.live.add(definition.name, generation, holding ? runner : undefined, holding);
    }
    this.running.delete(definition.name);
    if (holding && (runner.state === 'starting' || runner.state === 'stopped')) runner.start();
    if (!holding) await runner.stop('abandon');
    this.log.info({ projection: definition.name, generation }, `${definition.name} generation ${generation} is live`);
    await previousRunner?.stop('abandon');
    if (previousCollection) await this.dropPrevious(definition.name, previousCollection);
  }

  /**
   * The generation before, dropped (over a 1M log its breach register takes seconds, on the
   * read-model writer thread). The new one is live whatever becomes of it: one left behind (the
   * store closed by a shutdown meanwhile, storage failing) is dropped at the next start, when the
   * live generation's runner is prepared.
   */
  private async dropPrevious(name: string, collection: string): Promise<void> {
    try {
      await this.live.dropGeneration(collection);
    } catch (error) {
      this.log.error({ projection: name, collection, error: (error as Error).message }, `${collection} was not dropped; the next start drops it`);
      return;
    }
    try {
      // The dropped generation may have shown texts erased since it was built.
      await this.documents.scrub();
    } catch (error) {
      this.log.error({ projection: name, collection, error: (error as Error).message }, `${collection} was dropped but the read store was not scrubbed; the next erasure's scrub or the next start does it`);
    }
  }
}
