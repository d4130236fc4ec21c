import type { Position } from '../event-store/event-store.port.js';
import { collectionOf, type LiveProjections } from './live-projections.js';
import type { RunnerState } from './projection-runner.js';

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

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Read-your-writes: a query that names the position a command returned is answered from the
 * projection once it has processed that position, or refused rather than answered from a view
 * that misses the caller's write.
 */
export class ReadYourWrites {
  constructor(
    private readonly live: LiveProjections,
    private readonly options: {
      /** How long a query with minPosition may wait for the projection to catch up. */
      readonly readWaitMs: number;
      /** How often a read on an instance that does not run the projection looks at its stored checkpoint; default 20. */
      readonly checkpointPollMs?: number;
    },
  ) {}

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
      const position = await this.live.positionOf(live);
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
}
